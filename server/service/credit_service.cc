#include "service/credit_service.h"

#include "sec/v1/credit.grpc.pb.h"

namespace sec::service {

// Placeholder until the service is implemented: every RPC answers UNIMPLEMENTED.
std::unique_ptr<grpc::Service> NewCreditCoverService(const ServiceEnv&) {
  return std::make_unique<v1::CreditCoverService::Service>();
}

}  // namespace sec::service
