#ifndef SEC_STORAGE_CALENDAR_STORE_H_
#define SEC_STORAGE_CALENDAR_STORE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "domain/calendar.h"
#include "storage/store.h"

namespace sec::storage {

// The holidays of the working-day calendar (SPEC 3, 4): England and Wales bank holidays on a
// new store (migration 0006), loaded and replaced by operators.
absl::StatusOr<std::vector<Holiday>> ListHolidays(Tx& tx);
absl::StatusOr<WorkingDayCalendar> LoadWorkingDayCalendar(Tx& tx);
// Adds or renames a holiday.
absl::Status PutHoliday(Tx& tx, const Holiday& h);
absl::Status DeleteHoliday(Tx& tx, Date day);
// Removes every holiday (a calendar about to be replaced).
absl::Status DeleteAllHolidays(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_CALENDAR_STORE_H_
