// Holiday data (domain/calendar.h ParseHolidayCsv): accepted lines give real dates; anything
// else is INVALID_ARGUMENT naming the line.
#include "domain/calendar.h"
#include "domain/dates.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<sec::Holiday>> h = sec::ParseHolidayCsv(text);
  if (!h.ok()) {
    FUZZ_CHECK(h.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  for (const sec::Holiday& d : *h) {
    absl::StatusOr<sec::Date> again = sec::ParseDate(sec::FormatDate(d.date), "date");
    FUZZ_CHECK(again.ok() && *again == d.date);
  }
  return 0;
}
