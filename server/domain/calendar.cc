#include "domain/calendar.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "domain/csv.h"

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

Date WorkingDayCalendar::SubtractWorkingDays(Date d, int n) const {
  Date day = d;
  for (int counted = 0; counted < n;) {
    --day;
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
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text, {.comments = true});
  if (!records.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("holidays ", records.status().message()));
  }
  std::vector<Holiday> holidays;
  absl::flat_hash_set<Date> seen;
  for (const CsvRecord& r : *records) {
    const std::string where = absl::StrCat("holidays line ", r.line);
    std::vector<absl::string_view> f;
    for (const std::string& field : r.fields) f.push_back(absl::StripAsciiWhitespace(field));
    // A header row, as `secctl calendar list -o csv` writes it, may come first.
    if (holidays.empty() && f.size() == 2 && absl::EqualsIgnoreCase(f[0], "date") &&
        absl::EqualsIgnoreCase(f[1], "name")) {
      continue;
    }
    if (f.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": expected 2 fields \"YYYY-MM-DD,Name\" (quote a name holding a comma), found ",
          f.size()));
    }
    absl::StatusOr<Date> date = ParseDate(f[0], where);
    if (!date.ok()) return date.status();
    if (f[1].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the holiday has no name"));
    }
    // A repeated date is almost always a pasted block; refusing it keeps the list reviewable.
    if (!seen.insert(*date).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", FormatDate(*date), " is listed twice"));
    }
    holidays.push_back({*date, std::string(f[1])});
  }
  return holidays;
}

}  // namespace sec
