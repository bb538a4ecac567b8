#ifndef SEC_SERVICE_CREDIT_SERVICE_INTERNAL_H_
#define SEC_SERVICE_CREDIT_SERVICE_INTERNAL_H_

// Helpers shared by the credit_*.cc files that define CreditCoverServiceImpl (defined in
// credit_service.cc). Not for use outside the credit service.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/credit.h"
#include "domain/dates.h"
#include "domain/party.h"
#include "domain/principal.h"
#include "storage/store.h"

namespace sec::service {

// Credit data of a party is visible only to that party, the DCC and SECAS (SPEC 1).
absl::Status RequireReadParty(const Principal& who, const std::string& party);

absl::Status RequireWriter(const Principal& who, absl::string_view action);

struct PortfolioRun {
  std::vector<Party> parties;
  std::vector<CreditResult> results;  // parallel to parties
  PortfolioTotals totals;
};

// Every party with credit records on `d` under `policy`: four set-based queries, then the
// domain calculation per party in memory.
absl::StatusOr<PortfolioRun> RunPortfolio(storage::Tx& tx, const CreditPolicy& policy, Date d);

}  // namespace sec::service

#endif  // SEC_SERVICE_CREDIT_SERVICE_INTERNAL_H_
