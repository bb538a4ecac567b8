#include "service/citation.h"

#include <vector>

#include "domain/sec_version.h"
#include "storage/governance_store.h"

namespace sec::service {

absl::Status Cited(storage::Tx& tx, const absl::Status& refusal, Date day,
                   std::optional<CitedRule> fallback) {
  if (refusal.ok()) return refusal;
  if (!RuleOf(refusal).has_value() && !fallback.has_value()) return refusal;
  absl::StatusOr<std::vector<SecVersion>> versions = storage::ListVersions(tx);
  if (!versions.ok()) return refusal;
  return CiteRefusal(refusal, *versions, day, fallback);
}

}  // namespace sec::service
