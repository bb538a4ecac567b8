#include "storage/sql.h"

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"

namespace sec::storage {
namespace {
constexpr char kRetryableUrl[] = "type.secd/storage.retryable";
const std::string& Empty() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}
}  // namespace

const std::string& SqlRow::Str(size_t i) const {
  const auto& c = cols_.at(i);
  return c.has_value() ? *c : Empty();
}

int64_t SqlRow::Int(size_t i) const {
  const auto& c = cols_.at(i);
  int64_t v = 0;
  if (c.has_value() && !absl::SimpleAtoi(*c, &v)) return 0;
  return v;
}

absl::Status RetryableConflict(absl::string_view message) {
  absl::Status s = absl::AbortedError(message);
  s.SetPayload(kRetryableUrl, absl::Cord("1"));
  return s;
}

bool IsRetryableConflict(const absl::Status& s) {
  return absl::IsAborted(s) && s.GetPayload(kRetryableUrl).has_value();
}

}  // namespace sec::storage
