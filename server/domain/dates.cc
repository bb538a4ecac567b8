#include "domain/dates.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/bounds.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr absl::string_view kRange = "1900-01-01 to 2999-12-31";

// 01:00 UTC on the last Sunday of `month` in `year`.
absl::Time LastSundayOneAm(int year, int month) {
  absl::CivilDay last = absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1;
  while (absl::GetWeekday(last) != absl::Weekday::sunday) --last;
  return absl::FromCivil(absl::CivilSecond(last.year(), last.month(), last.day(), 1, 0, 0),
                         absl::UTCTimeZone());
}

}  // namespace

bool InDateRange(Date d) { return d >= bounds::kFirstDate && d <= bounds::kLastDate; }

absl::StatusOr<Date> ParseDate(absl::string_view text, absl::string_view field) {
  Date d;
  // ParseCivilTime normalises out-of-range fields (2017-02-30 -> 2017-03-02) and takes signs and
  // longer years; refuse those by checking that formatting the result gives back the input.
  if (text.size() != 10 || !absl::ParseCivilTime(text, &d) || FormatDate(d) != text) {
    return InvalidField(field, absl::StrCat("\"", text,
                                            "\" is not a date; use YYYY-MM-DD, e.g. 2017-04-10"));
  }
  if (!InDateRange(d)) {
    return InvalidField(field, absl::StrCat(text, " is outside the dates secd keeps (", kRange,
                                            ")"));
  }
  return d;
}

absl::StatusOr<Date> DateOr(absl::string_view text, Date otherwise, absl::string_view field) {
  if (text.empty()) return otherwise;
  return ParseDate(text, field);
}

absl::StatusOr<Date> RequiredDate(absl::string_view text, absl::string_view field) {
  if (text.empty()) return InvalidField(field, "required, as YYYY-MM-DD");
  return ParseDate(text, field);
}

std::string FormatDate(Date d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

absl::Status CheckComputedDate(Date d, absl::string_view what, absl::string_view field) {
  if (InDateRange(d)) return absl::OkStatus();
  return InvalidField(field, absl::StrCat(what, " would be ", FormatDate(d),
                                          ", outside the dates secd keeps (", kRange, ")"));
}

Date LondonDate(absl::Time t) {
  const absl::CivilDay utc = absl::ToCivilDay(t, absl::UTCTimeZone());
  const int year = static_cast<int>(utc.year());
  const bool summer = t >= LastSundayOneAm(year, 3) && t < LastSundayOneAm(year, 10);
  return absl::ToCivilDay(t + (summer ? absl::Hours(1) : absl::ZeroDuration()),
                          absl::UTCTimeZone());
}

}  // namespace sec
