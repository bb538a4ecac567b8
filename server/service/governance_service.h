#ifndef SEC_SERVICE_GOVERNANCE_SERVICE_H_
#define SEC_SERVICE_GOVERNANCE_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "service/rpc.h"

namespace sec::service {

// sec.v1.GovernanceService: the lifecycle after a proposal is raised, the bodies that move it,
// and the Modification Status Report; the class is in governance_service_impl.h, one .cc per
// area (governance_meetings.cc, governance_consultations.cc, ...).
std::unique_ptr<grpc::Service> NewGovernanceService(const ServiceEnv& env);

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_SERVICE_H_
