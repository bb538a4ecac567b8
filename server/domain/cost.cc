#include "domain/cost.h"

#include <limits>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "domain/bounds.h"
#include "domain/codes.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr CodeOf<CostKind> kKinds[] = {
    {CostKind::kDccImplementation, "DCC_IMPLEMENTATION"},
    {CostKind::kSecas, "SECAS"},
    {CostKind::kOther, "OTHER"},
};

}  // namespace

const char* CostKindCode(CostKind k) { return CodeIn(kKinds, k); }

bool ParseCostKind(absl::string_view code, CostKind* k) { return ParseCodeIn(kKinds, code, k); }

absl::Status CheckMayRecordCost(const Principal& who, CostKind kind) {
  if (who.Has(Role::kSecas)) return absl::OkStatus();
  if (kind == CostKind::kDccImplementation && who.Has(Role::kDcc)) return absl::OkStatus();
  const char* roles = kind == CostKind::kDccImplementation ? "DCC or SECAS" : "SECAS";
  return Refused(absl::StatusCode::kPermissionDenied, "ROLE_REQUIRED",
                 absl::StrCat("a ", CostKindCode(kind), " cost estimate is recorded by ", roles,
                              "; ", who.name, " may not"),
                 {{"roles", roles}, {"principal", who.name}});
}

absl::Status ValidateCostEstimate(const CostEstimate& e, Date today) {
  if (e.amount_pence < 0 || e.amount_pence > bounds::kMaxPence) {
    return InvalidField("cost_estimate.amount_pence",
                        absl::StrCat("must be 0 to ", bounds::kMaxPence, " pence"));
  }
  if (e.source.empty()) {
    return InvalidField("cost_estimate.source", "required, e.g. \"DCC Impact Assessment\"");
  }
  if (today < e.estimate_date) {
    return InvalidField(
        "cost_estimate.estimate_date",
        absl::StrCat(FormatDate(e.estimate_date), " is after today (", FormatDate(today), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckRoomForEstimate(absl::string_view reference, int64_t held) {
  if (held < kMaxCostEstimatesPerProposal) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      reference, " already holds ", held, " cost estimates, the most a proposal may hold"));
}

absl::StatusOr<CostTotals> SumCosts(const std::vector<CostEstimate>& estimates) {
  absl::int128 total = 0;
  absl::int128 by_kind[std::size(kKinds)] = {};
  int counts[std::size(kKinds)] = {};
  for (const CostEstimate& e : estimates) {
    const size_t k = static_cast<size_t>(e.kind);
    by_kind[k] += e.amount_pence;
    counts[k] += 1;
    total += e.amount_pence;
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (total > kMax) return absl::OutOfRangeError("cost estimates: the total exceeds 2^63 pence");
  CostTotals out;
  out.total_pence = static_cast<int64_t>(total);
  for (const auto& e : kKinds) {
    const size_t k = static_cast<size_t>(e.value);
    if (counts[k] == 0) continue;
    out.by_kind.push_back({e.value, static_cast<int64_t>(by_kind[k]), counts[k]});
  }
  return out;
}

}  // namespace sec
