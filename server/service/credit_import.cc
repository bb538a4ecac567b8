// CreditCoverServiceImpl: bulk import of credit data from CSV files.

#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/credit_csv.h"
#include "domain/errors.h"
#include "service/credit_convert.h"
#include "service/handlers.h"
#include "service/credit_service_internal.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {

// ---- Bulk import -------------------------------------------------------------------------------

namespace {

// Parses one import file (empty: nothing) and the line each record starts on, so later errors
// (an unregistered party) can name the line too.
template <typename T, typename Parser>
absl::Status ParseFile(const std::string& text, absl::string_view file, Parser parse,
                       std::vector<T>* out, std::vector<int>* lines) {
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<T>> rows = parse(text);
  if (!rows.ok()) return Prefixed(rows.status(), absl::StrCat(file, ": "));
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok() || records->size() != rows->size() + 1) {
    return absl::InternalError(absl::StrCat(file, ": record count mismatch"));
  }
  for (size_t i = 1; i < records->size(); ++i) lines->push_back((*records)[i].line);
  *out = *std::move(rows);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ImportCreditDataResponse> ImportCreditData(
    Call& call, const v1::ImportCreditDataRequest& req) {
  std::vector<MonthlyCharge> charges;
  std::vector<CreditAssessment> assessments;
  std::vector<CreditInstrument> instruments;
  std::vector<int> charge_lines, assessment_lines, instrument_lines;
  SEC_RETURN_IF_ERROR(
      ParseFile(req.charges_csv(), "charges_csv", ParseChargesCsv, &charges, &charge_lines));
  SEC_RETURN_IF_ERROR(ParseFile(req.assessments_csv(), "assessments_csv", ParseAssessmentsCsv,
                                &assessments, &assessment_lines));
  SEC_RETURN_IF_ERROR(ParseFile(req.instruments_csv(), "instruments_csv", ParseInstrumentsCsv,
                                &instruments, &instrument_lines));
  if (charges.empty() && assessments.empty() && instruments.empty()) {
    return absl::InvalidArgumentError(
        "nothing to import: give charges_csv, assessments_csv and/or instruments_csv");
  }
  const int64_t now = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::ImportCreditDataResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<Party> parties,
                         storage::ListParties(tx, std::nullopt, "", std::numeric_limits<int>::max()));
    absl::flat_hash_set<std::string> known;
    for (const Party& p : parties) known.insert(p.id);
    auto check_party = [&](const std::string& party, absl::string_view file,
                           int line) -> absl::Status {
      if (known.contains(party)) return absl::OkStatus();
      return absl::FailedPreconditionError(absl::StrCat(file, " line ", line, ": parties/", party,
                                                        " is not a registered party"));
    };
    for (size_t i = 0; i < charges.size(); ++i) {
      SEC_RETURN_IF_ERROR(check_party(charges[i].party, "charges_csv", charge_lines[i]));
    }
    for (size_t i = 0; i < assessments.size(); ++i) {
      SEC_RETURN_IF_ERROR(
          check_party(assessments[i].party, "assessments_csv", assessment_lines[i]));
    }
    for (size_t i = 0; i < instruments.size(); ++i) {
      SEC_RETURN_IF_ERROR(
          check_party(instruments[i].party, "instruments_csv", instrument_lines[i]));
    }
    for (const MonthlyCharge& c : charges) {
      storage::StoredCharge row{0, c, now};
      SEC_RETURN_IF_ERROR(AddRecord(call, tx, row, "import").status());
    }
    for (const CreditAssessment& a : assessments) {
      storage::StoredAssessment row{0, a, now};
      SEC_RETURN_IF_ERROR(AddRecord(call, tx, row, "import").status());
    }
    for (const CreditInstrument& i : instruments) {
      storage::StoredInstrument row;
      row.instrument = i;
      row.create_time_us = row.update_time_us = now;
      SEC_RETURN_IF_ERROR(AddRecord(call, tx, row, "import").status());
    }
    v1::ImportCreditDataResponse out;
    out.set_charges(static_cast<int32_t>(charges.size()));
    out.set_assessments(static_cast<int32_t>(assessments.size()));
    out.set_instruments(static_cast<int32_t>(instruments.size()));
    return out;
  });
}

}  // namespace sec::service
