#include "storage/calendar_store.h"

#include "storage/register_queries.h"
#include "storage/stored_date.h"

namespace sec::storage {

absl::StatusOr<std::vector<Holiday>> ListHolidays(Tx& tx) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(tx.dialect().reg->select_holidays, {});
  if (!rows.ok()) return rows.status();
  std::vector<Holiday> out;
  for (const SqlRow& r : *rows) {
    absl::StatusOr<Date> d = StoredDate(r.Str(0), "holiday");
    if (!d.ok()) return d.status();
    out.push_back({*d, r.Str(1)});
  }
  return out;
}

absl::StatusOr<WorkingDayCalendar> LoadWorkingDayCalendar(Tx& tx) {
  absl::StatusOr<std::vector<Holiday>> holidays = ListHolidays(tx);
  if (!holidays.ok()) return holidays.status();
  std::vector<Date> days;
  for (const Holiday& h : *holidays) days.push_back(h.date);
  return WorkingDayCalendar(days);
}

absl::Status PutHoliday(Tx& tx, const Holiday& h) {
  return tx.Exec(tx.dialect().reg->upsert_holiday, {FormatDate(h.date), h.name}).status();
}

absl::Status DeleteHoliday(Tx& tx, Date day) {
  return tx.Exec(tx.dialect().reg->delete_holiday, {FormatDate(day)}).status();
}

absl::Status DeleteAllHolidays(Tx& tx) {
  return tx.Exec(tx.dialect().reg->delete_all_holidays, {}).status();
}

}  // namespace sec::storage
