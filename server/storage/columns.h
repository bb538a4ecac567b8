#ifndef SEC_STORAGE_COLUMNS_H_
#define SEC_STORAGE_COLUMNS_H_

// Column values, read and bound the same way by every store: dates as "YYYY-MM-DD", an absent
// value as NULL (never ''), lists in one text column, rows mapped to domain types.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "storage/sql.h"

namespace sec::storage {

// A business date read back from a column: what FormatDate wrote, "YYYY-MM-DD". Anything else
// means the store is corrupt: DATA_LOSS naming `what`. Read on every row of every listing, so
// the digits are taken directly (ParseDate's parse-format-compare round trip was a fifth of
// reading a proposal row).
absl::StatusOr<Date> StoredDate(absl::string_view text, absl::string_view what);
absl::StatusOr<Date> DateCol(const SqlRow& r, size_t i, absl::string_view what);
// NULL -> nullopt.
absl::StatusOr<std::optional<Date>> OptDateCol(const SqlRow& r, size_t i, absl::string_view what);
// nullopt -> NULL.
SqlParam OptDate(const std::optional<Date>& d);
SqlParam OptInt(const std::optional<int64_t>& v);

// A version-checked update's outcome: ABORTED naming `what` when it changed no row (someone
// else changed it since it was read).
absl::Status AbortedIfStale(absl::StatusOr<int64_t> changed_rows, absl::string_view what);

// DATA_LOSS: a stored value no version of secd writes.
absl::Status Corrupt(absl::string_view what, absl::string_view detail);

// A list of strings in one column: "" for none, else '\x01' and the items joined by '\n'
// ('\\' and '\n' escaped), so an empty list and a list of one empty string differ.
std::string EncodeList(const std::vector<std::string>& items);
std::vector<std::string> DecodeList(const std::string& text);
// DecodeList appended to `out`, without copies when no item holds an escape (most).
void AppendDecodedList(const std::string& text, std::vector<std::string>* out);

// Rows of a query mapped one by one; the first bad row fails the whole read.
template <typename T, typename F>
absl::StatusOr<std::vector<T>> MapRows(absl::StatusOr<std::vector<SqlRow>> rows, F from_row) {
  if (!rows.ok()) return rows.status();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows) {
    absl::StatusOr<T> v = from_row(r);
    if (!v.ok()) return v.status();
    out.push_back(*std::move(v));
  }
  return out;
}

}  // namespace sec::storage

#endif  // SEC_STORAGE_COLUMNS_H_
