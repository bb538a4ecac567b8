#include "service/governance_service.h"

#include "sec/v1/governance.grpc.pb.h"

namespace sec::service {

// Placeholder until the service is implemented: every RPC answers UNIMPLEMENTED.
std::unique_ptr<grpc::Service> NewGovernanceService(const ServiceEnv&) {
  return std::make_unique<v1::GovernanceService::Service>();
}

}  // namespace sec::service
