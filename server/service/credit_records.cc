// CreditCoverService: a party's credit records: assessments, charges and the credit support it
// lodges.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/errors.h"
#include "domain/page_token.h"
#include "service/citation.h"
#include "service/credit_convert.h"
#include "service/credit_service_internal.h"
#include "service/enums.h"
#include "service/handlers.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {
namespace {

// A record's party must be registered.
absl::Status RequirePartyExists(storage::Tx& tx, const std::string& party) {
  absl::Status s = storage::GetParty(tx, party).status();
  if (absl::IsNotFound(s)) {
    return absl::FailedPreconditionError(
        absl::StrCat("parties/", party, " is not a registered party; register it first"));
  }
  return s;
}

// The party's figures on `d` and its instruments after `changed`, for the domain's rule.
absl::Status CheckReduction(storage::Tx& tx, const std::string& party,
                            const storage::StoredInstrument& changed, Date d) {
  SEC_ASSIGN_OR_RETURN(storage::StoredPolicy policy, storage::PolicyInForce(tx, d));
  SEC_ASSIGN_OR_RETURN(CreditInputs in, storage::LoadPartyInputs(tx, party, d));
  SEC_ASSIGN_OR_RETURN(CreditResult before, CalculateCreditCover(policy.policy, in, d));
  SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredInstrument> all,
                       storage::PartyInstruments(tx, party));
  std::vector<CreditInstrument> remaining;
  for (const storage::StoredInstrument& s : all) {
    std::optional<CreditInstrument> i =
        storage::EffectiveInstrument(s.seq == changed.seq ? changed : s);
    if (i) remaining.push_back(*std::move(i));
  }
  return Cited(tx, CheckSupportChange(before, remaining, d), d);
}

// The instrument a name refers to, of the party the name says.
absl::StatusOr<storage::StoredInstrument> LoadInstrument(storage::Tx& tx, const ChildRef& ref,
                                                         const std::string& name) {
  absl::StatusOr<storage::StoredInstrument> cur = storage::GetInstrument(tx, ref.seq);
  if (absl::IsNotFound(cur.status()) || (cur.ok() && cur->instrument.party != ref.party)) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return cur;
}

// One page of a party's records of one kind, keyed by sequence number. `party` is the call's
// (the declaration's party scope: a party reads only its own).
template <typename Row, typename Lister, typename Emit>
absl::Status ListChildren(Call& call, int page_size, const std::string& page_token,
                          absl::string_view collection, Lister lister, Emit emit,
                          std::string* next_token) {
  const std::string& party = call.party();
  if (party.empty()) return InvalidField("parent", "required, e.g. parties/british-gas");
  SEC_ASSIGN_OR_RETURN(int size, ResolvePageSize(page_size, kCreditPageSize, kCreditMaxPageSize));
  const std::string query = absl::StrCat(collection, "|", party);
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, page_token));
  int64_t after = 0;
  if (!cursor.last_key.empty() && !absl::SimpleAtoi(cursor.last_key[0], &after)) {
    return InvalidField("page_token", "not valid for this listing");
  }
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<bool> {
               SEC_ASSIGN_OR_RETURN(std::vector<Row> rows, lister(tx, party, after, size + 1));
               const bool more = static_cast<int>(rows.size()) > size;
               if (more) rows.pop_back();
               for (const Row& r : rows) emit(r);
               if (more) *next_token = EncodePageToken(query, {{absl::StrCat(rows.back().seq)}});
               return true;
             })
      .status();
}


// The record's sequence, row and history event, for each kind (credit_service_internal.h).
template <typename Row, typename Insert>
auto AddRecordOf(const Call& call, storage::Tx& tx, Row& row, Insert insert, const char* kind,
                 Date day, std::string note) -> absl::StatusOr<decltype(ToProto(row))> {
  SEC_ASSIGN_OR_RETURN(row.seq, storage::NextCreditSeq(tx));
  SEC_RETURN_IF_ERROR(insert(tx, row));
  return call.Recorded(tx, ToProto(row), kind, day, nullptr, std::move(note));
}

}  // namespace

// --- Assessments and charges ---------------------------------------------------------------------

absl::StatusOr<v1::Charge> AddRecord(const Call& call, storage::Tx& tx, storage::StoredCharge& row,
                                     std::string note) {
  return AddRecordOf(call, tx, row, storage::InsertCharge, "charge", row.charge.invoice_date,
                     std::move(note));
}

absl::StatusOr<v1::CreditAssessment> AddRecord(const Call& call, storage::Tx& tx,
                                               storage::StoredAssessment& row, std::string note) {
  return AddRecordOf(call, tx, row, storage::InsertAssessment, "assess",
                     row.assessment.effective_date, std::move(note));
}

absl::StatusOr<v1::CreditSupport> AddRecord(const Call& call, storage::Tx& tx,
                                            storage::StoredInstrument& row, std::string note) {
  auto insert = [](storage::Tx& t, storage::StoredInstrument& r) {
    r.instrument.id = absl::StrCat(r.seq);  // an instrument is named by its sequence
    return storage::InsertInstrument(t, r);
  };
  return AddRecordOf(call, tx, row, insert, "lodge", row.instrument.valid_from, std::move(note));
}

absl::StatusOr<v1::CreditAssessment> CreateCreditAssessment(
    Call& call, const v1::CreateCreditAssessmentRequest& req) {
  const v1::CreditAssessment& in = req.assessment();
  storage::StoredAssessment row;
  CreditAssessment& a = row.assessment;
  SEC_ASSIGN_OR_RETURN(a.party, ParsePartyName(in.party(), "assessment.party"));
  SEC_ASSIGN_OR_RETURN(a.effective_date,
                       RequiredDate(in.effective_date(), "assessment.effective_date"));
  if (!in.rating().empty()) a.rating = in.rating();
  if (in.has_score()) a.score = in.score();
  a.mcv_pence = in.mcv_pence();
  SEC_RETURN_IF_ERROR(ValidateCreditAssessment(a));
  row.create_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditAssessment> {
    SEC_RETURN_IF_ERROR(RequirePartyExists(tx, a.party));
    return AddRecord(call, tx, row);
  });
}

absl::StatusOr<v1::ListCreditAssessmentsResponse> ListCreditAssessments(
    Call& call, const v1::ListCreditAssessmentsRequest& req) {
  v1::ListCreditAssessmentsResponse out;
  SEC_RETURN_IF_ERROR(ListChildren<storage::StoredAssessment>(
      call, req.page_size(), req.page_token(), "creditAssessments", storage::ListAssessments,
      [&](const storage::StoredAssessment& a) { *out.add_assessments() = ToProto(a); },
      out.mutable_next_page_token()));
  return out;
}

absl::StatusOr<v1::Charge> CreateCharge(Call& call, const v1::CreateChargeRequest& req) {
  const v1::Charge& in = req.charge();
  storage::StoredCharge row;
  MonthlyCharge& c = row.charge;
  SEC_ASSIGN_OR_RETURN(c.party, ParsePartyName(in.party(), "charge.party"));
  c.period = in.period();
  SEC_ASSIGN_OR_RETURN(c.invoice_date, RequiredDate(in.invoice_date(), "charge.invoice_date"));
  c.amount_pence = in.amount_pence();
  SEC_RETURN_IF_ERROR(ValidateMonthlyCharge(c));
  row.create_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Charge> {
    SEC_RETURN_IF_ERROR(RequirePartyExists(tx, c.party));
    return AddRecord(call, tx, row);
  });
}

absl::StatusOr<v1::ListChargesResponse> ListCharges(Call& call, const v1::ListChargesRequest& req) {
  v1::ListChargesResponse out;
  SEC_RETURN_IF_ERROR(ListChildren<storage::StoredCharge>(
      call, req.page_size(), req.page_token(), "charges", storage::ListCharges,
      [&](const storage::StoredCharge& c) { *out.add_charges() = ToProto(c); },
      out.mutable_next_page_token()));
  return out;
}

// --- Credit support ------------------------------------------------------------------------------

absl::StatusOr<v1::CreditSupport> LodgeCreditSupport(Call& call,
                                                     const v1::LodgeCreditSupportRequest& req) {
  const v1::CreditSupport& in = req.instrument();
  storage::StoredInstrument row;
  CreditInstrument& i = row.instrument;
  SEC_ASSIGN_OR_RETURN(i.party, ParsePartyName(in.party(), "instrument.party"));
  SEC_ASSIGN_OR_RETURN(i.kind, InstrumentKindEnum().FromProto(in.kind(), "instrument.kind"));
  i.amount_pence = in.amount_pence();
  i.issuer = in.issuer();
  SEC_ASSIGN_OR_RETURN(i.valid_from, RequiredDate(in.valid_from(), "instrument.valid_from"));
  if (!in.valid_to().empty()) {
    SEC_ASSIGN_OR_RETURN(i.valid_to, ParseDate(in.valid_to(), "instrument.valid_to"));
  }
  SEC_RETURN_IF_ERROR(ValidateCreditInstrument(i));
  row.create_time_us = row.update_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditSupport> {
    SEC_RETURN_IF_ERROR(RequirePartyExists(tx, i.party));
    return AddRecord(call, tx, row);
  });
}

absl::StatusOr<v1::CreditSupport> AmendCreditSupport(Call& call,
                                                     const v1::AmendCreditSupportRequest& req) {
  const v1::CreditSupport& in = req.instrument();
  SEC_ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(in.name(), "instruments", "instrument.name"));
  // A reduction takes effect no earlier than today (SECAS, loading history, aside).
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOfAct(req.date(), "date"));
  std::optional<Date> valid_to;
  if (!in.valid_to().empty()) {
    SEC_ASSIGN_OR_RETURN(valid_to, ParseDate(in.valid_to(), "instrument.valid_to"));
  }
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditSupport> {
    SEC_ASSIGN_OR_RETURN(storage::StoredInstrument cur, LoadInstrument(tx, ref, in.name()));
    SEC_RETURN_IF_ERROR(CheckEtag(in.etag(), cur.version, in.name()));
    if (cur.state == InstrumentState::kWithdrawn) {
      return absl::FailedPreconditionError(
          absl::StrCat(in.name(), " was withdrawn; lodge a new instrument instead"));
    }
    const v1::CreditSupport before = ToProto(cur);
    storage::StoredInstrument next = cur;
    next.instrument.amount_pence = in.amount_pence();
    next.instrument.issuer = in.issuer();
    next.instrument.valid_to = valid_to;
    SEC_RETURN_IF_ERROR(ValidateCreditInstrument(next.instrument));
    SEC_RETURN_IF_ERROR(CheckReduction(tx, ref.party, next, d));
    next.version = cur.version + 1;
    next.update_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::UpdateInstrument(tx, next, cur.version));
    return call.Recorded(tx, ToProto(next), "amend", d, &before);
  });
}

absl::StatusOr<v1::CreditSupport> WithdrawCreditSupport(
    Call& call, const v1::WithdrawCreditSupportRequest& req) {
  SEC_ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(req.name(), "instruments", "name"));
  // A withdrawal takes effect no earlier than today (SECAS, loading history, aside), and the
  // guard checks the day it takes effect.
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOfAct(req.date(), "date"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditSupport> {
    SEC_ASSIGN_OR_RETURN(storage::StoredInstrument cur, LoadInstrument(tx, ref, req.name()));
    SEC_RETURN_IF_ERROR(CheckEtag(req.etag(), cur.version, req.name()));
    if (cur.state == InstrumentState::kWithdrawn) {
      return absl::FailedPreconditionError(absl::StrCat(
          req.name(), " was already withdrawn on ", FormatDate(*cur.withdraw_date)));
    }
    const v1::CreditSupport before = ToProto(cur);
    storage::StoredInstrument next = cur;
    next.state = InstrumentState::kWithdrawn;
    next.withdraw_date = d;
    next.instrument.valid_to = ValidToAfterWithdrawal(cur.instrument, d);
    SEC_RETURN_IF_ERROR(CheckReduction(tx, ref.party, next, d));
    next.version = cur.version + 1;
    next.update_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::UpdateInstrument(tx, next, cur.version));
    return call.Recorded(tx, ToProto(next), "withdraw", d, &before);
  });
}

absl::StatusOr<v1::ListCreditSupportResponse> ListCreditSupport(
    Call& call, const v1::ListCreditSupportRequest& req) {
  v1::ListCreditSupportResponse out;
  SEC_RETURN_IF_ERROR(ListChildren<storage::StoredInstrument>(
      call, req.page_size(), req.page_token(), "instruments", storage::ListInstruments,
      [&](const storage::StoredInstrument& i) { *out.add_instruments() = ToProto(i); },
      out.mutable_next_page_token()));
  return out;
}

}  // namespace sec::service
