#ifndef SEC_SERVICE_PARSE_ERRORS_H_
#define SEC_SERVICE_PARSE_ERRORS_H_

#include <grpcpp/support/server_interceptor.h>

namespace sec::service {

// A request that protobuf cannot parse (most often a string field holding invalid UTF-8) never
// reaches secd's handlers: gRPC C++ answers INTERNAL with an empty message. This interceptor
// turns that answer into INVALID_ARGUMENT with a message naming the method and the likely
// cause. Every other call passes through untouched.
class ParseErrorInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_PARSE_ERRORS_H_
