#ifndef SEC_SERVICE_CALL_INTERCEPTOR_H_
#define SEC_SERVICE_CALL_INTERCEPTOR_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_interceptor.h>

namespace sec::service {

// secd's server interceptor, one per call, with two jobs:
//
// - A request that protobuf cannot parse (most often a string field holding invalid UTF-8)
//   never reaches secd's handlers: gRPC C++ answers INTERNAL with an empty message. The
//   interceptor turns that answer into INVALID_ARGUMENT with a message naming the method and
//   the likely cause.
// - A handler that already holds its response serialized (a read cache hit) hands it over with
//   SendSerializedResponse and leaves its response message empty; the interceptor sends those
//   bytes instead, so the response is neither copied into the message nor serialized again.
//
// Every other call passes through untouched.
class CallInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// Sends `serialized` (the method's response message, serialized) as the response of the call
// `ctx`, whose handler returns OK with its response message left empty. Call it on the thread
// running that handler: the synchronous server sends the response from that thread once the
// handler returns, and the bytes wait for it there.
void SendSerializedResponse(const grpc::ServerContextBase* ctx, const grpc::ByteBuffer& serialized);

}  // namespace sec::service

#endif  // SEC_SERVICE_CALL_INTERCEPTOR_H_
