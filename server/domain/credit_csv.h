#ifndef SEC_DOMAIN_CREDIT_CSV_H_
#define SEC_DOMAIN_CREDIT_CSV_H_

// Operator bulk-import files for credit cover. Each parser accepts the whole file or none of it:
// the first bad row gives INVALID_ARGUMENT naming its line and the problem, so a half-loaded
// import can never skew anyone's requirement.
//
// Files start with a header row naming the columns (any order, each exactly once):
//   charges:     party,period,invoice_date,amount_pence
//   assessments: party,effective_date,rating,score,mcv_pence   (rating, score may be empty)
//   instruments: party,kind,amount_pence,issuer,valid_from,valid_to   (valid_to may be empty)
// Fields may be quoted ("British Gas, plc"; "" inside quotes is a quote). Blank lines are skipped.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/credit.h"
#include "domain/csv.h"

namespace sec {

absl::StatusOr<std::vector<MonthlyCharge>> ParseChargesCsv(absl::string_view text);
absl::StatusOr<std::vector<CreditAssessment>> ParseAssessmentsCsv(absl::string_view text);
absl::StatusOr<std::vector<CreditInstrument>> ParseInstrumentsCsv(absl::string_view text);

}  // namespace sec

#endif  // SEC_DOMAIN_CREDIT_CSV_H_
