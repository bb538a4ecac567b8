#ifndef SEC_DOMAIN_SEC_VERSION_H_
#define SEC_DOMAIN_SEC_VERSION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sec {

// A designated SEC version's number: digits and dots, as the SEC writes them ("5.6", "40.0").
absl::Status ValidateVersionNumber(absl::string_view number, absl::string_view field);

}  // namespace sec

#endif  // SEC_DOMAIN_SEC_VERSION_H_
