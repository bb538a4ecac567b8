#include "storage/calendar_store.h"

#include "storage/columns.h"

namespace sec::storage {
namespace {

// The calendar's statements; adding or renaming one is the dialect's upsert
// (Dialect::upsert_holiday).
constexpr char kSelectHolidays[] = "SELECT day, name FROM holidays ORDER BY day";
constexpr char kDeleteHoliday[] = "DELETE FROM holidays WHERE day = ?";
constexpr char kDeleteAllHolidays[] = "DELETE FROM holidays";

}  // namespace

absl::StatusOr<std::vector<Holiday>> ListHolidays(Tx& tx) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(kSelectHolidays, {});
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
  return tx.Exec(tx.dialect().upsert_holiday, {FormatDate(h.date), h.name}).status();
}

absl::Status DeleteHoliday(Tx& tx, Date day) {
  return tx.Exec(kDeleteHoliday, {FormatDate(day)}).status();
}

absl::Status DeleteAllHolidays(Tx& tx) {
  return tx.Exec(kDeleteAllHolidays, {}).status();
}

}  // namespace sec::storage
