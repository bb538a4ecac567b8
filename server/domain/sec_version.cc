#include "domain/sec_version.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"

namespace sec {

absl::Status ValidateVersionNumber(absl::string_view number, absl::string_view field) {
  const bool ok = !number.empty() && number.front() != '.' && number.back() != '.' &&
                  number.find_first_not_of("0123456789.") == absl::string_view::npos;
  if (ok) return absl::OkStatus();
  return InvalidField(field, "required, digits and dots like 5.6");
}

bool VersionNumberLess(absl::string_view a, absl::string_view b) {
  std::vector<absl::string_view> x = absl::StrSplit(a, '.');
  std::vector<absl::string_view> y = absl::StrSplit(b, '.');
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    int64_t p = 0;
    int64_t q = 0;
    if (!absl::SimpleAtoi(x[i], &p) || !absl::SimpleAtoi(y[i], &q)) return a < b;
    if (p != q) return p < q;
  }
  return x.size() < y.size();
}

std::string VersionSortKey(absl::string_view number) {
  std::string out;
  for (absl::string_view part : absl::StrSplit(number, '.')) {
    int64_t n = 0;
    if (!absl::SimpleAtoi(part, &n)) n = 0;
    absl::StrAppend(&out, absl::Dec(n, absl::kZeroPad12), ".");
  }
  return out;
}

std::optional<SecVersion> VersionInForce(const std::vector<SecVersion>& versions, Date day) {
  const SecVersion* chosen = nullptr;
  for (const SecVersion& v : versions) {
    if (v.effective > day) continue;
    if (chosen == nullptr || chosen->effective < v.effective ||
        (chosen->effective == v.effective && VersionNumberLess(chosen->number, v.number))) {
      chosen = &v;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  return *chosen;
}

}  // namespace sec
