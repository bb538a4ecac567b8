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
#include "service/credit_convert.h"
#include "service/credit_service_impl.h"
#include "service/credit_service_internal.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {

// ---- Bulk import -------------------------------------------------------------------------------

grpc::Status CreditCoverServiceImpl::ImportCreditData(grpc::ServerContext* ctx,
                                                      const v1::ImportCreditDataRequest* req,
                                                      v1::ImportCreditDataResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ImportCreditData", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireWriter(who, "importing credit data"); !s.ok()) return s;
        std::vector<MonthlyCharge> charges;
        std::vector<CreditAssessment> assessments;
        std::vector<CreditInstrument> instruments;
        std::vector<int> charge_lines, assessment_lines, instrument_lines;
        if (auto s = ParseFile(req->charges_csv(), "charges_csv", ParseChargesCsv, &charges,
                               &charge_lines);
            !s.ok()) {
          return s;
        }
        if (auto s = ParseFile(req->assessments_csv(), "assessments_csv", ParseAssessmentsCsv,
                               &assessments, &assessment_lines);
            !s.ok()) {
          return s;
        }
        if (auto s = ParseFile(req->instruments_csv(), "instruments_csv", ParseInstrumentsCsv,
                               &instruments, &instrument_lines);
            !s.ok()) {
          return s;
        }
        if (charges.empty() && assessments.empty() && instruments.empty()) {
          return absl::InvalidArgumentError(
              "nothing to import: give charges_csv, assessments_csv and/or instruments_csv");
        }
        const int64_t now = env_.NowMicros();
        return IdempotentWrite(
            env_, "ImportCreditData", req->request_id(), who, resp,
            [&](storage::Tx& tx) -> absl::Status {
              absl::StatusOr<std::vector<Party>> parties =
                  storage::ListParties(tx, std::nullopt, "", std::numeric_limits<int>::max());
              if (!parties.ok()) return parties.status();
              absl::flat_hash_set<std::string> known;
              for (const Party& p : *parties) known.insert(p.id);
              auto check_party = [&](const std::string& party, absl::string_view file,
                                     int line) -> absl::Status {
                if (known.contains(party)) return absl::OkStatus();
                return absl::FailedPreconditionError(absl::StrCat(
                    file, " line ", line, ": parties/", party, " is not a registered party"));
              };
              for (size_t i = 0; i < charges.size(); ++i) {
                if (auto s = check_party(charges[i].party, "charges_csv", charge_lines[i]);
                    !s.ok()) {
                  return s;
                }
              }
              for (size_t i = 0; i < assessments.size(); ++i) {
                if (auto s =
                        check_party(assessments[i].party, "assessments_csv", assessment_lines[i]);
                    !s.ok()) {
                  return s;
                }
              }
              for (size_t i = 0; i < instruments.size(); ++i) {
                if (auto s =
                        check_party(instruments[i].party, "instruments_csv", instrument_lines[i]);
                    !s.ok()) {
                  return s;
                }
              }
              for (const MonthlyCharge& c : charges) {
                absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                if (!seq.ok()) return seq.status();
                storage::StoredCharge row{*seq, c, now};
                if (auto s = storage::InsertCharge(tx, row); !s.ok()) return s;
                const v1::Charge after = ToProto(row);
                storage::StoredEvent e = NewEvent(env_, who, after.name(), "charge",
                                                  after.invoice_date(), nullptr, &after, "import");
                if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
              }
              for (const CreditAssessment& a : assessments) {
                absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                if (!seq.ok()) return seq.status();
                storage::StoredAssessment row{*seq, a, now};
                if (auto s = storage::InsertAssessment(tx, row); !s.ok()) return s;
                const v1::CreditAssessment after = ToProto(row);
                storage::StoredEvent e =
                    NewEvent(env_, who, after.name(), "assess", after.effective_date(), nullptr,
                             &after, "import");
                if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
              }
              for (const CreditInstrument& i : instruments) {
                absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                if (!seq.ok()) return seq.status();
                storage::StoredInstrument row;
                row.seq = *seq;
                row.instrument = i;
                row.instrument.id = absl::StrCat(*seq);
                row.create_time_us = row.update_time_us = now;
                if (auto s = storage::InsertInstrument(tx, row); !s.ok()) return s;
                const v1::CreditSupport after = ToProto(row);
                storage::StoredEvent e = NewEvent(env_, who, after.name(), "lodge",
                                                  after.valid_from(), nullptr, &after, "import");
                if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
              }
              resp->set_charges(static_cast<int32_t>(charges.size()));
              resp->set_assessments(static_cast<int32_t>(assessments.size()));
              resp->set_instruments(static_cast<int32_t>(instruments.size()));
              return absl::OkStatus();
            });
      });
}

// ---- Helpers -----------------------------------------------------------------------------------

template <typename T, typename Parser>
absl::Status CreditCoverServiceImpl::ParseFile(const std::string& text, absl::string_view file,
                                               Parser parse, std::vector<T>* out,
                                               std::vector<int>* lines) {
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<T>> rows = parse(text);
  if (!rows.ok()) {
    return absl::Status(rows.status().code(), absl::StrCat(file, ": ", rows.status().message()));
  }
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok() || records->size() != rows->size() + 1) {
    return absl::InternalError(absl::StrCat(file, ": record count mismatch"));
  }
  for (size_t i = 1; i < records->size(); ++i) lines->push_back((*records)[i].line);
  *out = *std::move(rows);
  return absl::OkStatus();
}

}  // namespace sec::service
