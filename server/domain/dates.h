#ifndef SEC_DOMAIN_DATES_H_
#define SEC_DOMAIN_DATES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sec {

// Business dates are civil days (no time zone): "2017-04-10", from 1900-01-01 to 2999-12-31
// (bounds.h) whether given or computed.
using Date = absl::CivilDay;

// Parses a strict ISO date "YYYY-MM-DD" within the range; `field` names the input in the error
// (INVALID_ARGUMENT, carrying the field).
absl::StatusOr<Date> ParseDate(absl::string_view text, absl::string_view field);
std::string FormatDate(Date d);
// An optional date: `otherwise` when `text` is empty.
absl::StatusOr<Date> DateOr(absl::string_view text, Date otherwise, absl::string_view field);
// The same for a date the request must give: empty is INVALID_ARGUMENT ("field: required").
absl::StatusOr<Date> RequiredDate(absl::string_view text, absl::string_view field);
// A date computed from `field` (a due date, a term end, a cure deadline) must stay in range too:
// INVALID_ARGUMENT naming `field` and saying what `what` would have been.
absl::Status CheckComputedDate(Date d, absl::string_view what, absl::string_view field);
bool InDateRange(Date d);

// The server's today: the date in Europe/London (GMT, or BST from 01:00 UTC on the last Sunday
// of March to 01:00 UTC on the last Sunday of October), without a time-zone database.
Date LondonDate(absl::Time t);

}  // namespace sec

#endif  // SEC_DOMAIN_DATES_H_
