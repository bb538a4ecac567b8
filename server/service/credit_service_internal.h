#ifndef SEC_SERVICE_CREDIT_SERVICE_INTERNAL_H_
#define SEC_SERVICE_CREDIT_SERVICE_INTERNAL_H_

// Steps the credit handlers (credit_*.cc) share; defined in credit_calculation.cc and
// credit_records.cc.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "domain/credit.h"
#include "domain/dates.h"
#include "service/call.h"
#include "service/env.h"
#include "sec/v1/credit.pb.h"
#include "storage/credit_store.h"
#include "storage/store.h"

namespace sec::service {

inline constexpr int kCreditPageSize = 50;
inline constexpr int kCreditMaxPageSize = 1000;

// Every party with credit records on `d` under `policy`: four set-based queries, then the
// domain calculation per party in memory. A party whose records cannot be calculated gets its
// error in its row and is left out of the totals: one bad record stops nobody else.
absl::StatusOr<PortfolioRun> RunPortfolio(storage::Tx& tx, const CreditPolicy& policy, Date d);

// RunPortfolio for a read, from env.portfolios while current (a paged GetPortfolio reads the
// population once, not once per page). `generation` is the store's, read before `tx` began.
absl::StatusOr<std::shared_ptr<const PortfolioRun>> CachedPortfolio(
    const ServiceEnv& env, storage::Tx& tx, uint64_t generation,
    const storage::StoredPolicy& policy, Date d);

// The policy named, or the one in force on `d` when `name` is empty.
absl::StatusOr<storage::StoredPolicy> ResolvePolicy(storage::Tx& tx, const std::string& name,
                                                    Date d, absl::string_view field);

// A new credit record of a registered party, in `tx`: its sequence (an instrument's id too), its
// row and its history event, noted `note` ("import"); the record as the API shows it. The
// record RPCs and ImportCreditData add records only through these.
absl::StatusOr<v1::Charge> AddRecord(const Call& call, storage::Tx& tx, storage::StoredCharge& row,
                                     std::string note = "");
absl::StatusOr<v1::CreditAssessment> AddRecord(const Call& call, storage::Tx& tx,
                                               storage::StoredAssessment& row,
                                               std::string note = "");
absl::StatusOr<v1::CreditSupport> AddRecord(const Call& call, storage::Tx& tx,
                                            storage::StoredInstrument& row, std::string note = "");

}  // namespace sec::service

#endif  // SEC_SERVICE_CREDIT_SERVICE_INTERNAL_H_
