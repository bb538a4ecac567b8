#include "service/call_interceptor.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/log.h"
#include "service/metrics.h"

namespace sec::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallInterceptor;

// The call whose handler this thread runs: set when its request has arrived, just before the
// handler runs on the same thread, so the handler can reach its call's interceptor.
struct Current {
  const grpc::ServerContextBase* ctx = nullptr;
  CallInterceptor* interceptor = nullptr;
};
thread_local Current t_current;
// The refusal of the request this thread has just read, for that call's interceptor, which
// runs next on the same thread (RefuseOversizedRequest).
thread_local std::optional<grpc::Status> t_refused;

CallInterceptor* CurrentFor(const grpc::ServerContextBase* ctx) {
  return t_current.ctx == ctx ? t_current.interceptor : nullptr;
}

// The level of a call's line: a refusal the client should look at is a warning; a lookup that
// finds nothing, or a client ending its own stream, is not. Health probes, every few seconds,
// only at debug.
const char* LevelFor(grpc::StatusCode code, absl::string_view method) {
  if (code == grpc::StatusCode::OK) {
    return absl::StartsWith(method, "/grpc.health.") ? "DEBUG" : "INFO";
  }
  if (code == grpc::StatusCode::NOT_FOUND || code == grpc::StatusCode::CANCELLED) return "INFO";
  return "WARN";
}

class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  // `info` is gRPC's, valid for the whole call: kept as a pointer, so a call costs no copy.
  CallInterceptor(grpc::experimental::ServerRpcInfo* info,
                  const CallInterceptorFactory::Options& options)
      : info_(info),
        method_(info->method() != nullptr ? info->method() : "-"),
        series_(options.metrics != nullptr ? options.metrics->ForMethod(method_) : nullptr),
        log_(options.log_calls),
        start_(absl::Now()) {
    if (series_ != nullptr) series_->Started();
  }

  ~CallInterceptor() override {
    if (t_current.interceptor == this) t_current = {};
    // A call always sends a status; should one end without, it is still counted once (its
    // context is being destroyed: no peer to ask). Checked here, not only in Finished, so a
    // call that did send one builds no status here.
    if (!finished_) {
      Finished(grpc::Status(grpc::StatusCode::CANCELLED, "the call ended without a status"), false);
    }
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      if (methods->GetRecvMessage() == nullptr) {
        unparsable_ = true;
        refused_ = std::move(t_refused);
        t_refused.reset();
      } else if (series_ != nullptr) {
        series_->Received();
      }
      t_current = {info_->server_context(), this};  // the handler runs next, on this thread
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE) &&
        has_response_) {
      if (grpc::ByteBuffer* out = methods->GetSerializedSendMessage(); out != nullptr) {
        out->Swap(&response_);
      }
      ClearResponse();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_SEND_MESSAGE) &&
        series_ != nullptr && methods->GetSendMessageStatus()) {
      series_->Sent();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      ClearResponse();  // not sent (the call failed after all)
      if (refused_.has_value()) {
        // A server stream answers a failed read UNIMPLEMENTED: say what happened instead.
        methods->ModifySendStatus(*refused_);
      } else if (unparsable_) {
        RewriteParseError(methods);
      }
      Finished(methods->GetSendStatus(), true);
      if (t_current.interceptor == this) t_current = {};
    }
    methods->Proceed();
  }

  void SetResponse(grpc::ByteBuffer&& serialized) {
    response_.Swap(&serialized);  // taken over (grpc::ByteBuffer has no move constructor)
    has_response_ = true;
  }
  void SetCaller(const std::string& principal, const std::string& request_id) {
    principal_ = principal;
    request_id_ = request_id;
  }

 private:
  void ClearResponse() {
    if (!has_response_) return;
    response_.Clear();
    has_response_ = false;
  }

  void RewriteParseError(grpc::experimental::InterceptorBatchMethods* methods) {
    const grpc::Status sent = methods->GetSendStatus();
    if (sent.error_code() == grpc::StatusCode::INTERNAL && sent.error_message().empty()) {
      methods->ModifySendStatus(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("the request to ", method_,
                       " could not be read: a text field is not valid UTF-8, or the bytes are "
                       "not this method's request message; send text as UTF-8")));
    }
  }

  // Counts and logs the call's end, once.
  void Finished(const grpc::Status& status, bool live) {
    if (finished_) return;
    finished_ = true;
    const absl::Duration elapsed = absl::Now() - start_;
    if (series_ != nullptr) series_->Handled(status.error_code(), elapsed);
    if (log_) LogCall(status, elapsed, live);
  }

  void LogCall(const grpc::Status& status, absl::Duration elapsed, bool live) {
    const char* level = LevelFor(status.error_code(), method_);
    if (!LogEnabled(level)) return;
    // Built in place (an initializer list would copy every field once more).
    LogFields fields;
    fields.reserve(7);
    fields.emplace_back("method", absl::StripPrefix(method_, "/"));
    fields.emplace_back("peer", live ? info_->server_context()->peer() : "-");
    fields.emplace_back("principal", principal_.empty() ? "-" : principal_);
    fields.emplace_back(
        "code", absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())));
    fields.emplace_back("duration_ms", absl::ToDoubleMilliseconds(elapsed));
    if (!request_id_.empty()) fields.emplace_back("request_id", request_id_);
    if (!status.ok()) fields.emplace_back("error", status.error_message());
    LogQueued(level, "rpc", fields);
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const char* const method_;            // "/sec.v1.RegisterService/GetParty"
  const MethodMetrics* const series_;   // null: not counted
  const bool log_;
  const absl::Time start_;
  bool unparsable_ = false;
  std::optional<grpc::Status> refused_;  // the request was refused unread
  bool finished_ = false;
  bool has_response_ = false;
  grpc::ByteBuffer response_;
  std::string principal_;
  std::string request_id_;
};

}  // namespace

grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallInterceptor(info, options_);
}

void SendSerializedResponse(const grpc::ServerContextBase* ctx, const grpc::ByteBuffer& serialized) {
  if (CallInterceptor* i = CurrentFor(ctx); i != nullptr)
    i->SetResponse(grpc::ByteBuffer(serialized));
}

void SendSerializedResponse(const grpc::ServerContextBase* ctx, grpc::ByteBuffer&& serialized) {
  if (CallInterceptor* i = CurrentFor(ctx); i != nullptr) i->SetResponse(std::move(serialized));
}

grpc::Status RefuseOversizedRequest(size_t bytes, int max_bytes) {
  grpc::Status refusal(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      // gRPC core's own words first, which clients and operators already search for.
      absl::StrCat("Received message larger than max (", bytes, " vs. ", max_bytes,
                   "): the request is larger than this server takes (secd "
                   "--max_message_bytes); send it in smaller parts, or raise the server's "
                   "--max_message_bytes"));
  t_refused = refusal;
  return refusal;
}

void NoteCaller(const grpc::ServerContextBase* ctx, const std::string& principal,
                const std::string& request_id) {
  if (CallInterceptor* i = CurrentFor(ctx); i != nullptr) i->SetCaller(principal, request_id);
}

}  // namespace sec::service
