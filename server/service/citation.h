#ifndef SEC_SERVICE_CITATION_H_
#define SEC_SERVICE_CITATION_H_

#include <optional>

#include "absl/status/status.h"
#include "domain/citations.h"
#include "domain/dates.h"
#include "storage/store.h"

namespace sec::service {

// The refusal of an act dated `day` citing the SEC clause of its rule (domain/citations.h: the
// rule the domain named, or `fallback`) and the SEC version in force on `day`, read in `tx`.
// The one step every lifecycle event, consultation response, vote and credit withdrawal refusal
// passes through. OK, and a refusal under no rule, pass unchanged; a failed read of the
// versions leaves the refusal as it is rather than replacing it.
absl::Status Cited(storage::Tx& tx, const absl::Status& refusal, Date day,
                   std::optional<CitedRule> fallback = std::nullopt);

}  // namespace sec::service

#endif  // SEC_SERVICE_CITATION_H_
