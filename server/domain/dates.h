#ifndef SEC_DOMAIN_DATES_H_
#define SEC_DOMAIN_DATES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace sec {

// Business dates are civil days (no time zone): "2017-04-10".
using Date = absl::CivilDay;

// Parses a strict ISO date "YYYY-MM-DD"; `field` names the input in the error message.
absl::StatusOr<Date> ParseDate(absl::string_view text, absl::string_view field);
std::string FormatDate(Date d);

}  // namespace sec

#endif  // SEC_DOMAIN_DATES_H_
