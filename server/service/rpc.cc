#include "service/rpc.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/impl/codegen/proto_utils.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "service/call_interceptor.h"
#include "service/log.h"
#include "service/read_cache.h"
#include "service/status_mapping.h"

namespace sec::service {

void EventNotifier::Notify() {
  absl::MutexLock lock(&mu_);
  ++count_;
}

uint64_t EventNotifier::WaitAfter(uint64_t seen, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto changed = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return count_ != seen; };
  mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
  return count_;
}

uint64_t EventNotifier::count() {
  absl::MutexLock lock(&mu_);
  return count_;
}

Date ServiceEnv::Today() const {
  return absl::ToCivilDay(now(), absl::UTCTimeZone());
}

int64_t ServiceEnv::NowMicros() const { return absl::ToUnixMicros(now()); }

namespace {

// The call this thread is handling (HandleRpc): its work deadline and its context.
struct CurrentCall {
  absl::Time work_deadline = absl::InfiniteFuture();
  const grpc::ServerContextBase* ctx = nullptr;
};
thread_local CurrentCall t_call;

// Sets the calling thread's current call for one RPC and restores the previous one.
class ScopedCall {
 public:
  explicit ScopedCall(CurrentCall call) : saved_(t_call) { t_call = call; }
  ~ScopedCall() { t_call = saved_; }

 private:
  CurrentCall saved_;
};

absl::Status DeadlineExceeded() {
  return absl::DeadlineExceededError(
      "the call ran past its deadline (or the server's deadline cap); nothing more was done");
}

}  // namespace

absl::Time RpcWorkDeadline() { return t_call.work_deadline; }

absl::Status CheckRpcWorkDeadline() {
  if (absl::Now() < t_call.work_deadline) return absl::OkStatus();
  return DeadlineExceeded();
}

grpc::Status HandleRpc(const ServiceEnv& env, grpc::ServerContext* ctx, absl::string_view service,
                       absl::string_view method, absl::string_view request_id,
                       absl::FunctionRef<absl::Status(const Principal&)> body) {
  const absl::Time start = absl::Now();
  if (env.observer) env.observer->OnRpcStarted(service, method);
  absl::Time work_deadline = absl::InfiniteFuture();
  if (method != "WatchEvents") {
    work_deadline = std::min(absl::FromChrono(ctx->deadline()), start + env.max_deadline);
  }
  ScopedCall scoped({work_deadline, ctx});
  absl::StatusOr<Principal> who = env.auth->Authenticate(*ctx);
  absl::Status s;
  // No ctx->IsCancelled() here: on the synchronous server it polls the call's completion
  // queue, and that poll (its lock handoffs and wake-ups) was a third of what a GetModification
  // cost secd. A call cancelled before it started is rare and, for a write, no different from
  // one cancelled a moment later; the deadline check catches the common case.
  if (!who.ok()) {
    s = who.status();
  } else if (absl::Status d = CheckRpcWorkDeadline(); !d.ok()) {
    s = d;
  } else {
    s = body(*who);
  }
  grpc::Status g = ToGrpc(s);
  const absl::Duration elapsed = absl::Now() - start;
  if (env.observer) env.observer->OnRpcHandled(service, method, g.error_code(), elapsed);
  LogFields fields = {{"method", absl::StrCat(service, "/", method)},
                      {"principal", who.ok() ? who->name : "-"},
                      {"code", absl::StatusCodeToString(s.code())},
                      {"duration_ms", absl::StrCat(absl::ToDoubleMilliseconds(elapsed))}};
  if (!request_id.empty()) fields.push_back({"request_id", std::string(request_id)});
  if (!s.ok()) fields.push_back({"error", std::string(s.message())});
  LogQueued(s.ok() || absl::IsNotFound(s) ? "INFO" : "WARN", "rpc", fields);
  return g;
}

absl::Status IdempotentWrite(const ServiceEnv& env, absl::string_view method,
                             const std::string& request_id, const Principal& who,
                             google::protobuf::Message* response,
                             absl::FunctionRef<absl::Status(storage::Tx&)> body) {
  if (request_id.size() > 128) {
    return absl::InvalidArgumentError("request_id: at most 128 characters (use a UUID)");
  }
  bool wrote = false;
  // Read here: with group commit the body may run on another call's thread.
  const absl::Time deadline = RpcWorkDeadline();
  absl::Status s = env.store->Write([&](storage::Tx& tx) -> absl::Status {
    wrote = false;
    // Also stops the store's retries after a conflict once the call's time is up.
    if (absl::Now() >= deadline) return DeadlineExceeded();
    if (!request_id.empty()) {
      absl::StatusOr<std::optional<storage::StoredRequest>> seen =
          storage::GetRequest(tx, request_id);
      if (!seen.ok()) return seen.status();
      if (seen->has_value()) {
        const storage::StoredRequest& r = **seen;
        if (r.method != method || r.principal != who.name) {
          return absl::InvalidArgumentError(absl::StrCat(
              "request_id ", request_id, " was already used for a different call (", r.method,
              " by ", r.principal, "); use a new request_id for a new request"));
        }
        if (!response->ParseFromString(r.response)) {
          return absl::DataLossError("stored response for request_id is corrupt");
        }
        return absl::OkStatus();
      }
    }
    response->Clear();
    if (absl::Status b = body(tx); !b.ok()) return b;
    wrote = true;
    if (request_id.empty()) return absl::OkStatus();
    return storage::PutRequest(
        tx, request_id,
        storage::StoredRequest{std::string(method), who.name, response->SerializeAsString()},
        env.NowMicros());
  }, request_id);
  if (s.ok() && wrote && env.notifier) env.notifier->Notify();
  return s;
}

absl::Status CachedRead(const ServiceEnv& env, std::string key,
                        google::protobuf::Message* response,
                        absl::FunctionRef<absl::Status()> read) {
  if (env.read_cache == nullptr) return read();
  absl::StatusOr<std::optional<grpc::ByteBuffer>> hit =
      env.read_cache->Read(*env.store, std::move(key), response, read);
  if (!hit.ok()) return hit.status();
  if (!hit->has_value()) return absl::OkStatus();  // `read` filled `response`
  if (t_call.ctx != nullptr) {
    SendSerializedResponse(t_call.ctx, **hit);
    return absl::OkStatus();
  }
  // Outside a call (no interceptor to send the bytes): into the message after all.
  if (!grpc::SerializationTraits<google::protobuf::Message>::Deserialize(&**hit, response).ok()) {
    return absl::InternalError("a cached response could not be read back");
  }
  return absl::OkStatus();
}

storage::StoredEvent NewEvent(const ServiceEnv& env, const Principal& who, std::string resource,
                              std::string kind, std::string effective_date,
                              const google::protobuf::Message* before,
                              const google::protobuf::Message* after, std::string note) {
  storage::StoredEvent e;
  e.resource = std::move(resource);
  e.kind = std::move(kind);
  e.effective_date = std::move(effective_date);
  e.record_time_us = env.NowMicros();
  e.principal = who.name;
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true;
  if (before) (void)google::protobuf::util::MessageToJsonString(*before, &e.before_json, opts);
  if (after) (void)google::protobuf::util::MessageToJsonString(*after, &e.after_json, opts);
  e.note = std::move(note);
  return e;
}

absl::Status RequireAnyRole(const Principal& who, std::initializer_list<Role> roles,
                            absl::string_view action) {
  if (who.HasAny(roles)) return absl::OkStatus();
  std::vector<std::string> names;
  for (Role r : roles) names.push_back(RoleName(r));
  return absl::PermissionDeniedError(absl::StrCat(action, " needs the role ",
                                                  absl::StrJoin(names, " or "), "; ", who.name,
                                                  " does not hold it"));
}

std::string FormatEtag(int64_t version) { return absl::StrCat("\"", version, "\""); }

absl::Status CheckEtag(const std::string& etag, int64_t current_version, absl::string_view what) {
  if (etag.empty() || etag == FormatEtag(current_version)) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(what, " has changed since etag ", etag,
                                         " was read (now ", FormatEtag(current_version),
                                         "); read it again and retry"));
}

absl::StatusOr<Date> DateOrToday(const ServiceEnv& env, const std::string& text,
                                 absl::string_view field) {
  if (text.empty()) return env.Today();
  return ParseDate(text, field);
}

}  // namespace sec::service
