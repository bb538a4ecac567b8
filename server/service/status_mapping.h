#ifndef SEC_SERVICE_STATUS_MAPPING_H_
#define SEC_SERVICE_STATUS_MAPPING_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace sec::service {

// The one place an absl::Status becomes a grpc::Status. Codes map one to one; the message is
// kept; the details (grpc-status-details-bin, a google.rpc.Status) carry what a program acts
// on: for INVALID_ARGUMENT a google.rpc.BadRequest naming the field, for every other error a
// google.rpc.ErrorInfo (domain "sec.v1") with its reason and metadata (domain/errors.h).
grpc::Status ToGrpc(const absl::Status& s);

}  // namespace sec::service

#endif  // SEC_SERVICE_STATUS_MAPPING_H_
