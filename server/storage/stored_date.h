#ifndef SEC_STORAGE_STORED_DATE_H_
#define SEC_STORAGE_STORED_DATE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"

namespace sec::storage {

// A business date read back from a column: what FormatDate wrote, "YYYY-MM-DD". Anything else
// means the store is corrupt: DATA_LOSS naming `what`. Read on every row of every listing, so
// the digits are taken directly (ParseDate's parse-format-compare round trip was a fifth of
// reading a proposal row).
absl::StatusOr<Date> StoredDate(absl::string_view text, absl::string_view what);

}  // namespace sec::storage

#endif  // SEC_STORAGE_STORED_DATE_H_
