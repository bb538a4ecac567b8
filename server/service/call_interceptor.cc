#include "service/call_interceptor.h"

#include "absl/strings/str_cat.h"

namespace sec::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The serialized response waiting for this thread's current call (SendSerializedResponse).
struct SerializedResponse {
  const grpc::ServerContextBase* ctx = nullptr;
  grpc::ByteBuffer bytes;
};
thread_local SerializedResponse t_response;

class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  // `info` is gRPC's, valid for the whole call: kept as a pointer, so a call costs no copy.
  explicit CallInterceptor(grpc::experimental::ServerRpcInfo* info) : info_(info) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsable_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE) &&
        t_response.ctx == info_->server_context()) {
      if (grpc::ByteBuffer* out = methods->GetSerializedSendMessage(); out != nullptr) {
        out->Swap(&t_response.bytes);
      }
      t_response = {};
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      // Not sent (the call failed after all): not for the next call on this thread either.
      if (t_response.ctx == info_->server_context()) t_response = {};
      if (unparsable_) RewriteParseError(methods);
    }
    methods->Proceed();
  }

 private:
  void RewriteParseError(grpc::experimental::InterceptorBatchMethods* methods) {
    const grpc::Status sent = methods->GetSendStatus();
    if (sent.error_code() == grpc::StatusCode::INTERNAL && sent.error_message().empty()) {
      methods->ModifySendStatus(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("the request to ", info_->method(),
                       " could not be read: a text field is not valid UTF-8, or the bytes are "
                       "not this method's request message; send text as UTF-8")));
    }
  }

  grpc::experimental::ServerRpcInfo* info_;
  bool unparsable_ = false;
};

}  // namespace

grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallInterceptor(info);
}

void SendSerializedResponse(const grpc::ServerContextBase* ctx, const grpc::ByteBuffer& serialized) {
  t_response.ctx = ctx;
  t_response.bytes = serialized;  // the slices are shared, not copied
}

}  // namespace sec::service
