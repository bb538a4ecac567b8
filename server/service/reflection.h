#ifndef SEC_SERVICE_REFLECTION_H_
#define SEC_SERVICE_REFLECTION_H_

// Server reflection, chosen per server rather than for every server of the process.
//
// gRPC's reflection library registers its plugin for every ServerBuilder once it is loaded, so
// a server built for health checks alone would also describe the whole API. These options set
// reflection on the builder they are given: the main server serves grpc.reflection.v1alpha
// (the library's) and grpc.reflection.v1 (ours: gRPC 1.51 serves only v1alpha), both from the
// generated descriptor pool, where grpc.health.v1 is compiled in; the health-only server
// serves none.

#include <grpcpp/impl/server_builder_option.h>

#include <memory>

namespace sec::service {

// Reflection v1alpha and v1, listing every service registered on the server.
std::unique_ptr<grpc::ServerBuilderOption> WithReflection();
// No reflection at all: calls to it answer UNIMPLEMENTED. The server may have no service of
// its own besides gRPC's default health service.
std::unique_ptr<grpc::ServerBuilderOption> WithoutReflection();

}  // namespace sec::service

#endif  // SEC_SERVICE_REFLECTION_H_
