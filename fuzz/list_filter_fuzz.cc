// The List filter grammar (domain/list_filter.h) on arbitrary text, against the Modifications
// field table: it accepts or refuses, never crashes; what it accepts names only declared fields
// with their allowed operators and normalised values.
#include <algorithm>

#include "domain/list_filter.h"
#include "fuzz_util.h"

namespace {

const std::vector<sec::FilterField>& Fields() {
  using K = sec::FilterKind;
  using O = sec::FilterOp;
  static const auto* const kFields = new std::vector<sec::FilterField>{
      {"status", K::kEnum, {O::kEq, O::kNe}, {"SUBMITTED", "REFINEMENT", "WITHDRAWN"}},
      {"path", K::kEnum, {O::kEq, O::kNe}, {"PATH_1", "PATH_2", "PATH_3"}},
      {"proposer", K::kString, {O::kEq, O::kNe}, {}},
      {"open", K::kBool, {O::kEq}, {}},
      {"date_raised", K::kDate, {O::kEq, O::kNe, O::kLt, O::kLe, O::kGt, O::kGe}, {}},
      {"title", K::kString, {O::kHas, O::kEq}, {}},
  };
  return *kFields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<sec::FilterTerm>> terms = sec::ParseFilter(text, Fields());
  if (!terms.ok()) {
    FUZZ_CHECK(terms.status().code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(absl::StartsWith(terms.status().message(), "filter"));
    return 0;
  }
  for (const sec::FilterTerm& t : *terms) {
    auto f = std::find_if(Fields().begin(), Fields().end(),
                          [&](const sec::FilterField& ff) { return ff.name == t.field; });
    FUZZ_CHECK(f != Fields().end());
    FUZZ_CHECK(f->kind == t.kind);
    FUZZ_CHECK(std::find(f->ops.begin(), f->ops.end(), t.op) != f->ops.end());
    if (t.kind == sec::FilterKind::kEnum) {
      FUZZ_CHECK(std::find(f->enum_values.begin(), f->enum_values.end(), t.value) !=
                 f->enum_values.end());
    }
    if (t.kind == sec::FilterKind::kBool) FUZZ_CHECK(t.value == "true" || t.value == "false");
    if (t.kind == sec::FilterKind::kDate) FUZZ_CHECK(t.value.size() == 10);
  }
  return 0;
}
