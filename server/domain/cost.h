#ifndef SEC_DOMAIN_COST_H_
#define SEC_DOMAIN_COST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/principal.h"

namespace sec {

// Cost estimates of a proposal: the DCC's implementation cost from its Impact Assessment,
// SECAS' own, any other. Money is exact integer pence.
enum class CostKind { kDccImplementation, kSecas, kOther };
const char* CostKindCode(CostKind k);  // "DCC_IMPLEMENTATION", "SECAS", "OTHER"
bool ParseCostKind(absl::string_view code, CostKind* k);

struct CostEstimate {
  int64_t id = 0;            // allocated when stored: modifications/SECMP0034/costs/{id}
  std::string modification;  // "SECMP0034"
  CostKind kind = CostKind::kOther;
  int64_t amount_pence = 0;
  std::string source;  // "DCC Impact Assessment"
  Date estimate_date;
  std::string note;
  std::string principal;  // who recorded it
  int64_t create_time_us = 0;
};

// A proposal holds at most this many estimates, so every total fits an int64 exactly
// (1000 x bounds::kMaxPence = 10^15).
inline constexpr int kMaxCostEstimatesPerProposal = 1000;

// Who may record an estimate of `kind`: SECAS any; the DCC only its implementation cost
// (PERMISSION_DENIED, reason ROLE_REQUIRED, otherwise).
absl::Status CheckMayRecordCost(const Principal& who, CostKind kind);
// The estimate's own rules: amount 0 to bounds::kMaxPence, a source, an estimate date not
// after `today` (it records a figure already given). INVALID_ARGUMENT naming the
// cost_estimate field.
absl::Status ValidateCostEstimate(const CostEstimate& e, Date today);
// FAILED_PRECONDITION once the proposal holds kMaxCostEstimatesPerProposal.
absl::Status CheckRoomForEstimate(absl::string_view reference, int64_t held);

struct CostTotal {
  CostKind kind;
  int64_t amount_pence = 0;
  int count = 0;
};
struct CostTotals {
  std::vector<CostTotal> by_kind;  // kind order, kinds with no estimate left out
  int64_t total_pence = 0;
};
// Exact sums (128-bit while adding; OUT_OF_RANGE if a sum left int64, which the per-proposal
// cap rules out).
absl::StatusOr<CostTotals> SumCosts(const std::vector<CostEstimate>& estimates);

}  // namespace sec

#endif  // SEC_DOMAIN_COST_H_
