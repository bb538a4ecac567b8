#ifndef SEC_SERVICE_CREDIT_CONVERT_H_
#define SEC_SERVICE_CREDIT_CONVERT_H_

// Proto <-> domain for the Credit area, and its resource names (AIP-122):
//   creditPolicies/{id}
//   parties/{party}/creditAssessments/{seq}, .../charges/{seq}, .../instruments/{seq}
//   parties/{party}/breachNotices/{notice_date}, parties/{party}/defaults/{default_date}

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "domain/credit.h"
#include "domain/names.h"
#include "domain/party.h"
#include "sec/v1/credit.pb.h"
#include "storage/credit_store.h"

namespace sec::service {

// Proto policy (create request) -> domain; uplift unset -> 4000. Validated by the caller.
absl::StatusOr<CreditPolicy> FromProto(const v1::CreditPolicy& p, const std::string& id);
v1::CreditPolicy ToProto(const storage::StoredPolicy& p);

v1::CreditAssessment ToProto(const storage::StoredAssessment& a);
v1::Charge ToProto(const storage::StoredCharge& c);
v1::CreditSupport ToProto(const storage::StoredInstrument& i);


// `party` may be null (a pure calculation): then only the id is set.
v1::CreditCoverResult ToProto(const CreditResult& r, const std::string& party_id,
                              const Party* party);
v1::PortfolioTotals ToProto(const PortfolioTotals& t);

v1::BreachNotice ToNoticeProto(const storage::StoredNotice& n);
v1::EventOfDefault ToDefaultProto(const storage::StoredNotice& n);

}  // namespace sec::service

#endif  // SEC_SERVICE_CREDIT_CONVERT_H_
