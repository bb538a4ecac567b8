// Credit-cover CSV imports (domain/credit_csv.h): each parser takes the whole file or refuses it
// with INVALID_ARGUMENT naming a line; never a crash, never a half result.
#include "domain/credit_csv.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto refused_properly = [](const absl::Status& s) {
    FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(!s.message().empty());
  };
  absl::StatusOr<std::vector<sec::CsvRecord>> rows = sec::ParseCsv(text);
  if (!rows.ok()) {
    refused_properly(rows.status());
  } else {
    int last = 0;
    for (const auto& r : *rows) {
      FUZZ_CHECK(r.line > last);  // lines increase
      last = r.line;
    }
  }
  if (auto c = sec::ParseChargesCsv(text); !c.ok()) refused_properly(c.status());
  if (auto a = sec::ParseAssessmentsCsv(text); !a.ok()) refused_properly(a.status());
  if (auto i = sec::ParseInstrumentsCsv(text); !i.ok()) refused_properly(i.status());
  return 0;
}
