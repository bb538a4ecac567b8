#ifndef SEC_SERVICE_CALL_INTERCEPTOR_H_
#define SEC_SERVICE_CALL_INTERCEPTOR_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_interceptor.h>

#include <string>

namespace sec::service {

class Metrics;

// secd's server interceptor, one per call. It sees every call, also those that never reach a
// handler (a request that cannot be parsed) and a stream's end long after its handler returned,
// so it is where a call is counted and logged:
//
// - Metrics (metrics.h): started when the call arrives; each message received and sent; the
//   status at the end with the time it took, so a stream the client cancels counts as Canceled
//   when it ends, not as the OK of its admission.
// - The call's log line ("rpc"): method, peer, principal, code, duration_ms, request_id, error;
//   one per call, written when its status is sent (a stream's when it ends).
// - A request that protobuf cannot parse (most often a string field holding invalid UTF-8)
//   never reaches secd's handlers: gRPC C++ answers INTERNAL with an empty message. The
//   interceptor turns that answer into INVALID_ARGUMENT with a message naming the method and
//   the likely cause.
// - A handler that already holds its response serialized (a read cache hit) hands it over with
//   SendSerializedResponse and leaves its response message empty; the interceptor sends those
//   bytes instead, so the response is neither copied into the message nor serialized again.
//
// A request over gRPC core's receive limit is refused by core before any of this: gRPC 1.51
// ends such a call (RESOURCE_EXHAUSTED) without handing it to the C++ server at all (a
// "zombie" call in core's server.cc), so no interceptor or handler can see it. secd therefore
// checks --max_message_bytes itself, before parsing (dispatch.h), with core's limit set above
// it: such a call is then answered, counted and logged here like any other.
class CallInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  struct Options {
    const Metrics* metrics = nullptr;  // counts the calls; null: none
    bool log_calls = false;            // writes each call's "rpc" line
  };
  CallInterceptorFactory() = default;
  explicit CallInterceptorFactory(Options options) : options_(options) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Options options_;
};

// Sends `serialized` (the method's response message, serialized) as the response of the call
// `ctx`, whose handler returns OK with its response message left empty. Call it on the thread
// running that handler: the synchronous server sends the response from that thread once the
// handler returns, and the bytes wait for it there. The first form copies the buffer (its
// slices are shared); the second takes it over, leaving `serialized` empty: a buffer of your
// own needs no copy, and every gRPC buffer made is one more to destroy, which costs gRPC an
// ExecCtx (about 1,000 instructions, most of what a read cache hit cost to look up).
void SendSerializedResponse(const grpc::ServerContextBase* ctx, const grpc::ByteBuffer& serialized);
void SendSerializedResponse(const grpc::ServerContextBase* ctx, grpc::ByteBuffer&& serialized);

// Tells the call `ctx`'s log line who called and the request's request_id (either may be
// empty). Call it on the thread running the handler.
void NoteCaller(const grpc::ServerContextBase* ctx, const std::string& principal,
                const std::string& request_id);

// The answer to a request of `bytes` over `max_bytes`, refused before it is parsed; the call's
// interceptor sends it whatever the handler type makes of the failed read. Call it on the
// thread reading the request (a MethodHandler's Deserialize).
grpc::Status RefuseOversizedRequest(size_t bytes, int max_bytes);

}  // namespace sec::service

#endif  // SEC_SERVICE_CALL_INTERCEPTOR_H_
