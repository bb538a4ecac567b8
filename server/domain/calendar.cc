#include "domain/calendar.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace sec {

WorkingDayCalendar::WorkingDayCalendar(const std::vector<Date>& holidays)
    : holidays_(holidays.begin(), holidays.end()) {}

bool WorkingDayCalendar::IsHoliday(Date d) const { return holidays_.contains(d); }

bool WorkingDayCalendar::IsWorkingDay(Date d) const {
  const absl::Weekday wd = absl::GetWeekday(d);
  if (wd == absl::Weekday::saturday || wd == absl::Weekday::sunday) return false;
  return !IsHoliday(d);
}

Date WorkingDayCalendar::AddWorkingDays(Date d, int n) const {
  // The holiday list is finite, so every step below reaches a working day within a few days.
  Date day = d;
  for (int counted = 0; counted < n;) {
    ++day;
    if (IsWorkingDay(day)) ++counted;
  }
  return day;
}

int WorkingDayCalendar::WorkingDaysBetween(Date from, Date to) const {
  int count = 0;
  for (Date day = from + 1; day <= to; ++day) {
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

absl::StatusOr<std::vector<Holiday>> ParseHolidayCsv(absl::string_view text) {
  std::vector<Holiday> holidays;
  absl::flat_hash_set<Date> seen;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);  // also drops the '\r' of CRLF files
    if (line.empty() || line.front() == '#') continue;
    const std::string where = absl::StrCat("holidays line ", line_no);
    const size_t comma = line.find(',');
    if (comma == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": expected \"YYYY-MM-DD,Name\", got \"", line, "\""));
    }
    absl::StatusOr<Date> date = ParseDate(absl::StripAsciiWhitespace(line.substr(0, comma)), where);
    if (!date.ok()) return date.status();
    const absl::string_view name = absl::StripAsciiWhitespace(line.substr(comma + 1));
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the holiday has no name"));
    }
    // A repeated date is almost always a pasted block; refusing it keeps the list reviewable.
    if (!seen.insert(*date).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", FormatDate(*date), " is listed twice"));
    }
    holidays.push_back({*date, std::string(name)});
  }
  return holidays;
}

}  // namespace sec
