#ifndef SEC_SERVICE_DISPATCH_H_
#define SEC_SERVICE_DISPATCH_H_

// The gRPC side of the declaration table: each row becomes a method of a grpc::Service, served
// the same way whatever the RPC: the call is admitted (authenticated, a declared role, every
// field within its bounds, a party acting for itself), the handler runs (an exception it throws
// fails that call alone, as INTERNAL), and its absl::Status is mapped once to a grpc::Status.
//
// A handler is a plain function of the request:
//   absl::StatusOr<v1::Party> GetParty(Call& call, const v1::GetPartyRequest& req);
// and a server stream returns its reactor:
//   absl::StatusOr<grpc::ServerWriteReactor<v1::Event>*> WatchEvents(Call&, const Req&);

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/method_handler.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>

#include <memory>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/call.h"
#include "service/env.h"
#include "service/rpc_table.h"

namespace sec::service {

// Runs `fn`, turning an exception it throws into INTERNAL (logged with the method).
absl::Status Guarded(const Rpc& rpc, absl::FunctionRef<absl::Status()> fn);

// A stream refused at admission: finishes at once with `status`.
template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

template <typename Request, typename Response>
Rpc Unary(RpcDecl decl, absl::StatusOr<Response> (*fn)(Call&, const Request&)) {
  Rpc row;
  row.decl = decl;
  row.request = Request::descriptor();
  row.request_id = row.request->FindFieldByName("request_id");
  row.type = grpc::internal::RpcMethod::NORMAL_RPC;
  row.handler = [fn](const ServiceEnv& env, const Rpc& rpc) -> grpc::internal::MethodHandler* {
    return new grpc::internal::RpcMethodHandler<grpc::Service, Request, Response,
                                                grpc::protobuf::MessageLite,
                                                grpc::protobuf::MessageLite>(
        [fn, &env, &rpc](grpc::Service*, grpc::ServerContext* ctx, const Request* req,
                         Response* resp) {
          Call call(env, rpc, ctx, *req);
          absl::Status s = call.Admit();
          if (s.ok()) {
            s = Guarded(rpc, [&]() -> absl::Status {
              absl::StatusOr<Response> out = fn(call, *req);
              if (!out.ok()) return out.status();
              *resp = *std::move(out);
              return absl::OkStatus();
            });
          }
          return call.Finish(s);
        },
        nullptr);
  };
  return row;
}

template <typename Request, typename Response>
Rpc ServerStream(RpcDecl decl,
                 absl::StatusOr<grpc::ServerWriteReactor<Response>*> (*fn)(Call&,
                                                                           const Request&)) {
  Rpc row;
  row.decl = decl;
  row.request = Request::descriptor();
  row.request_id = row.request->FindFieldByName("request_id");
  row.type = grpc::internal::RpcMethod::SERVER_STREAMING;
  row.handler = [fn](const ServiceEnv& env, const Rpc& rpc) -> grpc::internal::MethodHandler* {
    return new grpc::internal::CallbackServerStreamingHandler<Request, Response>(
        [fn, &env, &rpc](grpc::CallbackServerContext* ctx,
                         const Request* req) -> grpc::ServerWriteReactor<Response>* {
          Call call(env, rpc, ctx, *req);
          grpc::ServerWriteReactor<Response>* reactor = nullptr;
          absl::Status s = call.Admit();
          if (s.ok()) {
            s = Guarded(rpc, [&]() -> absl::Status {
              absl::StatusOr<grpc::ServerWriteReactor<Response>*> out = fn(call, *req);
              if (!out.ok()) return out.status();
              reactor = *out;
              return absl::OkStatus();
            });
          }
          // The admission; the stream's line and count come when it ends (call_interceptor.h).
          const grpc::Status g = call.Finish(s);
          if (reactor == nullptr) return new RefusedStream<Response>(g);
          return reactor;
        });
  };
  return row;
}

// The three services, built from the table. Refuses to build (FAILED_PRECONDITION naming it)
// when a method of the contract has no row or a row names no method of the contract.
absl::StatusOr<std::vector<std::unique_ptr<grpc::Service>>> DeclaredServices(
    const ServiceEnv& env);

// The names of the services the table serves ("sec.v1.RegisterService", ...).
const std::vector<std::string>& ServedServiceNames();

}  // namespace sec::service

#endif  // SEC_SERVICE_DISPATCH_H_
