#ifndef SEC_SERVICE_CALL_H_
#define SEC_SERVICE_CALL_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "domain/principal.h"
#include "domain/status_macros.h"
#include "service/env.h"
#include "service/read_cache.h"
#include "service/rpc_table.h"
#include "storage/register_store.h"
#include "storage/store.h"

namespace sec::service {

// Read-your-writes across replicas (a consistency token): every successful write answers with
// trailing metadata `sec-sequence`, the history sequence it committed at; a read sending it
// back as `sec-min-sequence` is never answered from a cache that has not seen that sequence.
inline constexpr char kSequenceHeader[] = "sec-sequence";
inline constexpr char kMinSequenceHeader[] = "sec-min-sequence";

// One RPC being served: who called, what the declaration table says of the method, and the
// steps every handler shares (one transaction, idempotency, history events, dates). The
// dispatcher (dispatch.h) admits the call before the handler runs: authenticated, holding a
// declared role, every field within its bounds, a PARTY principal acting for its own party.
class Call {
 public:
  Call(const ServiceEnv& env, const Rpc& rpc, grpc::ServerContextBase* ctx,
       const google::protobuf::Message& request);
  ~Call();
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // The dispatcher's steps: admission, then (after the handler) the one mapping to gRPC. The
  // call interceptor writes the call's log line and counts it (call_interceptor.h).
  absl::Status Admit();
  grpc::Status Finish(const absl::Status& s);

  const Principal& who() const { return who_; }
  const ServiceEnv& env() const { return env_; }
  const Rpc& rpc() const { return rpc_; }
  grpc::ServerContextBase* context() const { return ctx_; }
  // The party a party-scoped call acts for: a PARTY principal's own; for the other declared
  // roles the party the request names, or "" when it names none.
  const std::string& party() const { return party_; }

  Date Today() const { return env_.Today(); }
  int64_t NowMicros() const { return env_.NowMicros(); }
  // The date of an act of the caller (a response, a vote, a withdrawal): today, unless SECAS
  // gives it (domain/authorization.h).
  absl::StatusOr<Date> DateOfAct(const std::string& given, absl::string_view field) const;
  // A date describing a recorded fact, which the caller may give; empty means today.
  absl::StatusOr<Date> DateOrToday(const std::string& given, absl::string_view field) const;

  // One write transaction, idempotent by the request's request_id (AIP-155): when the id was
  // seen with the same request, its stored response is returned and nothing is written; with a
  // different request, INVALID_ARGUMENT. `body(tx)` returns absl::StatusOr<Response>; it may
  // run more than once and on another call's thread (group commit).
  template <typename Fn>
  auto Write(Fn body) -> std::invoke_result_t<Fn, storage::Tx&> {
    using Response = typename std::invoke_result_t<Fn, storage::Tx&>::value_type;
    Response response;
    SEC_RETURN_IF_ERROR(WriteMessage(&response, [&](storage::Tx& tx) -> absl::Status {
      auto r = body(tx);
      if (!r.ok()) return r.status();
      response = *std::move(r);
      return absl::OkStatus();
    }));
    return response;
  }

  // One read-only transaction; `body(tx)` returns absl::StatusOr<T>.
  template <typename Fn>
  auto Read(Fn body) -> std::invoke_result_t<Fn, storage::Tx&> {
    std::optional<std::invoke_result_t<Fn, storage::Tx&>> out;
    SEC_RETURN_IF_ERROR(env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      out.emplace(body(tx));
      return out->status();
    }));
    return *std::move(out);
  }

  // A principal-independent read through the read cache when there is one (read_cache.h):
  // `read()` returns absl::StatusOr<Response>. On a hit the cached bytes are sent as they are
  // and an empty Response is returned. A client's `sec-min-sequence` (kMinSequenceHeader) is
  // honoured: the cache answers only once it has seen that sequence.
  template <typename Response, typename Fn>
  absl::StatusOr<Response> CachedRead(ReadCache::Kind kind, std::string key, Fn read) {
    // The response is made in the result itself, which is returned by its one name (so not
    // copied): on a hit it stays empty, and an empty Response costs a construction and a
    // destruction each time it is moved on.
    absl::StatusOr<Response> response(absl::in_place);
    absl::Status s = CachedMessage(kind, std::move(key), &*response, [&]() -> absl::Status {
      absl::StatusOr<Response> r = read();
      if (!r.ok()) return r.status();
      *response = *std::move(r);
      return absl::OkStatus();
    });
    if (!s.ok()) response = std::move(s);
    return response;
  }

  // A history event about `resource`, with before/after as protobuf JSON (null: ""), carrying
  // the visibility of its resource (a party's credit data is seen by that party, DCC, SECAS).
  storage::StoredEvent Event(std::string resource, std::string kind, Date effective,
                             const google::protobuf::Message* before,
                             const google::protobuf::Message* after, std::string note = "") const;

  // `after` once the history event about it (its own name) is appended in `tx`: the last step
  // of most writes, `return call.Recorded(tx, ToProto(row), "create", day);`.
  template <typename P>
  absl::StatusOr<P> Recorded(storage::Tx& tx, P after, std::string kind, Date effective,
                             const google::protobuf::Message* before = nullptr,
                             std::string note = "") const {
    storage::StoredEvent e =
        Event(after.name(), std::move(kind), effective, before, &after, std::move(note));
    SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
    return after;
  }

 private:
  absl::Status WriteMessage(google::protobuf::Message* response,
                            absl::FunctionRef<absl::Status(storage::Tx&)> body);
  absl::Status CachedMessage(ReadCache::Kind kind, std::string key,
                             google::protobuf::Message* response,
                             absl::FunctionRef<absl::Status()> read);

  const ServiceEnv& env_;
  const Rpc& rpc_;
  grpc::ServerContextBase* ctx_;
  const google::protobuf::Message& request_;
  const absl::Time start_;
  absl::Time work_deadline_ = absl::InfiniteFuture();
  std::string request_id_;
  Principal who_;
  bool authenticated_ = false;
  std::string party_;
  // The thread's previous current call (nested calls: none in practice).
  const Call* outer_ = nullptr;
};

// A history event about `resource` by `who` at `now_us` (Call::Event for a call's own).
storage::StoredEvent NewEvent(const Principal& who, int64_t now_us, std::string resource,
                              std::string kind, Date effective,
                              const google::protobuf::Message* before,
                              const google::protobuf::Message* after, std::string note = "");

// The bound on the current call's work: the sooner of the client's deadline and the server's
// cap (--max_deadline_seconds) from the start; InfiniteFuture outside a unary call.
absl::Time RpcWorkDeadline();
// DEADLINE_EXCEEDED once RpcWorkDeadline() has passed: for loops that may run long.
absl::Status CheckRpcWorkDeadline();

}  // namespace sec::service

#endif  // SEC_SERVICE_CALL_H_
