#ifndef SEC_SERVICE_RPC_H_
#define SEC_SERVICE_RPC_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "domain/principal.h"
#include "service/auth.h"
#include "storage/register_store.h"
#include "storage/store.h"

namespace sec::service {

class ReadCache;

// Wakes watchers in this process when a write commits; other replicas' writes are found by
// polling the store, so this is only a latency shortcut.
class EventNotifier {
 public:
  void Notify();
  // Waits until Notify is called after `seen` or the timeout passes; returns the new count.
  uint64_t WaitAfter(uint64_t seen, absl::Duration timeout);
  uint64_t count();

 private:
  absl::Mutex mu_;
  uint64_t count_ ABSL_GUARDED_BY(mu_) = 0;
};

// Observes every finished RPC (metrics). Optional.
class RpcObserver {
 public:
  virtual ~RpcObserver() = default;
  virtual void OnRpcStarted(absl::string_view service, absl::string_view method) = 0;
  virtual void OnRpcHandled(absl::string_view service, absl::string_view method,
                            grpc::StatusCode code, absl::Duration elapsed) = 0;
};

// What every service needs: the store, the authenticator, the clock.
struct ServiceEnv {
  storage::Store* store = nullptr;
  const Authenticator* auth = nullptr;
  EventNotifier* notifier = nullptr;
  RpcObserver* observer = nullptr;
  ReadCache* read_cache = nullptr;  // may be null: no caching (see read_cache.h)
  // The deadline cap (ServerOptions::max_deadline).
  absl::Duration max_deadline = absl::Seconds(60);
  std::function<absl::Time()> now = [] { return absl::Now(); };

  Date Today() const;
  int64_t NowMicros() const;
};

// One RPC: authenticate, run `body`, log one line (method, principal, code, duration,
// request_id), map the status to gRPC. Nothing else turns an absl::Status into a grpc::Status.
//
// Deadline cap: the server bounds its own work on a call by the sooner of the client's deadline
// and `env.max_deadline` from the start (a client may wait longer, or send no deadline, but one
// call cannot hold a database connection and a thread for longer than the cap). A call whose
// deadline has already passed does no work (DEADLINE_EXCEEDED); a write transaction is not
// started, nor retried after a conflict, past the bound (DEADLINE_EXCEEDED, nothing written).
// WatchEvents is exempt: a stream lasts as long as the client wants it.
grpc::Status HandleRpc(const ServiceEnv& env, grpc::ServerContext* ctx, absl::string_view service,
                       absl::string_view method, absl::string_view request_id,
                       absl::FunctionRef<absl::Status(const Principal&)> body);

// A principal-independent read through env.read_cache when there is one (read_cache.h): fills
// `response` from the cache, or runs `read` (which fills it) and keeps a copy.
absl::Status CachedRead(const ServiceEnv& env, std::string key, google::protobuf::Message* response,
                        absl::FunctionRef<absl::Status()> read);

// The bound on the current call's work (see HandleRpc); InfiniteFuture outside an RPC and in
// WatchEvents.
absl::Time RpcWorkDeadline();
// DEADLINE_EXCEEDED once RpcWorkDeadline() has passed: for loops that may run long.
absl::Status CheckRpcWorkDeadline();

// One write transaction made idempotent by `request_id` (AIP-155): when the id was seen, the
// stored response is returned in `response` and nothing is written; otherwise `body` runs and
// its response is stored with the id, in the same transaction.
absl::Status IdempotentWrite(const ServiceEnv& env, absl::string_view method,
                             const std::string& request_id, const Principal& who,
                             google::protobuf::Message* response,
                             absl::FunctionRef<absl::Status(storage::Tx&)> body);

// A history event for `resource` with before/after rendered as protobuf JSON (null -> "").
storage::StoredEvent NewEvent(const ServiceEnv& env, const Principal& who, std::string resource,
                              std::string kind, std::string effective_date,
                              const google::protobuf::Message* before,
                              const google::protobuf::Message* after, std::string note = "");

// Role checks with messages a person can act on.
absl::Status RequireAnyRole(const Principal& who, std::initializer_list<Role> roles,
                            absl::string_view action);

// AIP-154 etags from the stored version.
std::string FormatEtag(int64_t version);
// Empty etag -> OK (no check); otherwise equal to the current one or ABORTED.
absl::Status CheckEtag(const std::string& etag, int64_t current_version, absl::string_view what);

// Optional business date in a request: "" -> today.
absl::StatusOr<Date> DateOrToday(const ServiceEnv& env, const std::string& text,
                                 absl::string_view field);

}  // namespace sec::service

#endif  // SEC_SERVICE_RPC_H_
