#ifndef SEC_SERVICE_STATUS_MAPPING_H_
#define SEC_SERVICE_STATUS_MAPPING_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace sec::service {

// The one place an absl::Status becomes a grpc::Status. Codes map one to one; the message is
// kept; an ErrorInfo-style reason goes in the details when the status carries one.
grpc::Status ToGrpc(const absl::Status& s);

}  // namespace sec::service

#endif  // SEC_SERVICE_STATUS_MAPPING_H_
