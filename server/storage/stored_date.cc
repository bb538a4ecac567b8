#include "storage/stored_date.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sec::storage {

absl::StatusOr<Date> StoredDate(absl::string_view text, absl::string_view what) {
  auto digits = [&](size_t from, size_t n, int* out) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(0, 4, &y) &&
      digits(5, 2, &mo) && digits(8, 2, &d)) {
    const Date date(y, mo, d);
    // CivilDay normalises (2017-02-30 -> 2017-03-02): equal fields mean a real date.
    if (date.year() == y && date.month() == mo && date.day() == d) return date;
  }
  absl::StatusOr<Date> parsed = ParseDate(text, what);
  if (!parsed.ok()) {
    return absl::DataLossError(absl::StrCat("stored ", what, ": ", parsed.status().message()));
  }
  return *parsed;
}

}  // namespace sec::storage
