#ifndef SEC_DOMAIN_CALENDAR_H_
#define SEC_DOMAIN_CALENDAR_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"

namespace sec {

// Working days: Monday to Friday, less an operator-loaded list of holidays. Used for every
// "N working days" in the code (cure deadlines, DCC assessment timescales).
class WorkingDayCalendar {
 public:
  WorkingDayCalendar() = default;
  explicit WorkingDayCalendar(const std::vector<Date>& holidays);

  bool IsHoliday(Date d) const;
  bool IsWorkingDay(Date d) const;
  // The n-th working day after `d`, not counting `d` itself (n >= 1). n == 0 returns d.
  Date AddWorkingDays(Date d, int n) const;
  // The n-th working day before `d`, not counting `d` itself (n >= 1). n == 0 returns d.
  Date SubtractWorkingDays(Date d, int n) const;
  // Working days in (from, to]: 0 when to <= from.
  int WorkingDaysBetween(Date from, Date to) const;

 private:
  absl::flat_hash_set<Date> holidays_;
};

// Parses holiday data: CSV records "YYYY-MM-DD,Name" read by the one RFC 4180 reader
// (domain/csv.h: "Christmas Day, observed" in quotes is one name), an optional "date,name"
// header first, '#' comment lines and blank lines ignored. Errors name the line.
struct Holiday {
  Date date;
  std::string name;
};
absl::StatusOr<std::vector<Holiday>> ParseHolidayCsv(absl::string_view text);

}  // namespace sec

#endif  // SEC_DOMAIN_CALENDAR_H_
