#ifndef SEC_SERVICE_CREDIT_SERVICE_H_
#define SEC_SERVICE_CREDIT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "service/rpc.h"

namespace sec::service {

// sec.v1.CreditCoverService (SPEC 4): adapts only. Each method authenticates, validates with
// domain/credit.h, runs one storage transaction (storage/credit_store.h) and maps the result.
std::unique_ptr<grpc::Service> NewCreditCoverService(const ServiceEnv& env);

}  // namespace sec::service

#endif  // SEC_SERVICE_CREDIT_SERVICE_H_
