#include "domain/dates.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sec {

absl::StatusOr<Date> ParseDate(absl::string_view text, absl::string_view field) {
  Date d;
  // ParseCivilTime normalises out-of-range fields (2017-02-30 -> 2017-03-02); refuse those by
  // checking that formatting the result gives back the input.
  if (text.size() != 10 || !absl::ParseCivilTime(text, &d) || FormatDate(d) != text) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", text, "\" is not a date; use YYYY-MM-DD, e.g. 2017-04-10"));
  }
  return d;
}

std::string FormatDate(Date d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

}  // namespace sec
