#ifndef SEC_DOMAIN_ERRORS_H_
#define SEC_DOMAIN_ERRORS_H_

// What an error tells a program, besides its code and the message for a person. The domain
// attaches it as absl::Status payloads; the edge (service/status_mapping.cc) sends it as
// google.rpc.Status details: the field of an INVALID_ARGUMENT as a BadRequest field violation,
// a reason and metadata as an ErrorInfo (domain "sec.v1").
//
// The reasons (README "Errors" lists them with their metadata):
//   ROLE_REQUIRED, OTHER_PARTY, NOT_PROPOSER          PERMISSION_DENIED
//   EVENT_NOT_ALLOWED, TIMELINE_ORDER, DEADLINE_PASSED,
//   NOT_OPEN, CREDIT_SUPPORT_SHORT, NO_VOTES          FAILED_PRECONDITION
//   STALE_ETAG                                        ABORTED
//   STREAM_CAP                                        RESOURCE_EXHAUSTED
//   SHUTTING_DOWN                                     UNAVAILABLE
// and, where none is given, the code's own name.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sec {

// INVALID_ARGUMENT about one field of the request: the message is "field: why", and the field
// path ("vote.choice", "holidays[2].date") travels with it.
absl::Status InvalidField(absl::string_view field, absl::string_view why);
// The field an error names, if it carries one.
std::optional<std::string> FieldOf(const absl::Status& s);
// The same error about `field` instead (a domain rule checked a value the request calls so).
absl::Status AsField(const absl::Status& s, absl::string_view field);

using ErrorMetadata = std::vector<std::pair<std::string, std::string>>;
struct ErrorReason {
  std::string reason;
  ErrorMetadata metadata;
};
// An error of `code` with a reason (UPPER_SNAKE) and metadata a program can act on.
absl::Status Refused(absl::StatusCode code, absl::string_view reason, absl::string_view message,
                     ErrorMetadata metadata = {});
std::optional<ErrorReason> ReasonOf(const absl::Status& s);

// The same error, its message prefixed (the reference a rule was checked for); payloads kept.
absl::Status Prefixed(const absl::Status& s, absl::string_view prefix);

}  // namespace sec

#endif  // SEC_DOMAIN_ERRORS_H_
