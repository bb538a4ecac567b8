#include "domain/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/types/optional.h"

namespace sec {
namespace {

constexpr absl::string_view kFieldUrl = "sec.v1/field";
constexpr absl::string_view kReasonUrl = "sec.v1/reason";
// Separators that text in a reason or metadata never holds (ASCII unit and record separators).
constexpr char kUnit = '\x1f';
constexpr char kRecord = '\x1e';

void CopyPayloads(const absl::Status& from, absl::Status* to) {
  from.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    to->SetPayload(url, value);
  });
}

}  // namespace

absl::Status InvalidField(absl::string_view field, absl::string_view why) {
  absl::Status s = absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
  s.SetPayload(kFieldUrl, absl::Cord(field));
  return s;
}

std::optional<std::string> FieldOf(const absl::Status& s) {
  absl::optional<absl::Cord> field = s.GetPayload(kFieldUrl);
  if (!field.has_value()) return std::nullopt;
  return std::string(*field);
}

absl::Status AsField(const absl::Status& s, absl::string_view field) {
  if (s.ok()) return s;
  absl::string_view message = s.message();
  if (std::optional<std::string> old = FieldOf(s)) {
    absl::ConsumePrefix(&message, absl::StrCat(*old, ": "));
  }
  absl::Status out(s.code(), absl::StrCat(field, ": ", message));
  CopyPayloads(s, &out);
  out.SetPayload(kFieldUrl, absl::Cord(field));
  return out;
}

absl::Status Refused(absl::StatusCode code, absl::string_view reason, absl::string_view message,
                     ErrorMetadata metadata) {
  absl::Status s(code, message);
  std::string value(reason);
  for (const auto& [key, v] : metadata) absl::StrAppend(&value, std::string(1, kRecord), key,
                                                        std::string(1, kUnit), v);
  s.SetPayload(kReasonUrl, absl::Cord(value));
  return s;
}

std::optional<ErrorReason> ReasonOf(const absl::Status& s) {
  absl::optional<absl::Cord> value = s.GetPayload(kReasonUrl);
  if (!value.has_value()) return std::nullopt;
  const std::string text(*value);
  std::vector<absl::string_view> records = absl::StrSplit(text, kRecord);
  ErrorReason r;
  r.reason = std::string(records[0]);
  for (size_t i = 1; i < records.size(); ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(records[i], absl::MaxSplits(kUnit, 1));
    r.metadata.push_back(std::move(kv));
  }
  return r;
}

absl::Status Prefixed(const absl::Status& s, absl::string_view prefix) {
  if (s.ok()) return s;
  absl::Status out(s.code(), absl::StrCat(prefix, s.message()));
  CopyPayloads(s, &out);
  return out;
}

}  // namespace sec
