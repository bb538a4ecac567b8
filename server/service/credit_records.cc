// CreditCoverServiceImpl: a party's credit records: assessments, charges and the credit support it
// lodges.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/page_token.h"
#include "service/credit_convert.h"
#include "service/credit_service_impl.h"
#include "service/credit_service_internal.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {

namespace {

// A parent that must be a registered party.
absl::Status RequirePartyExists(storage::Tx& tx, const std::string& party) {
  absl::Status s = storage::GetParty(tx, party).status();
  if (absl::IsNotFound(s)) {
    return absl::FailedPreconditionError(
        absl::StrCat("parties/", party, " is not a registered party; register it first"));
  }
  return s;
}

// The sequence number a page token carries (0 for the first page).
absl::StatusOr<int64_t> AfterSeq(const std::string& query, const std::string& token) {
  absl::StatusOr<PageCursor> cursor = DecodePageToken(query, token);
  if (!cursor.ok()) return cursor.status();
  int64_t after = 0;
  if (!cursor->last_key.empty() && !absl::SimpleAtoi(cursor->last_key[0], &after)) {
    return absl::InvalidArgumentError("page_token: not valid for this listing");
  }
  return after;
}

// The requirement on `d` and the change to lodged support an amendment or withdrawal makes:
// refused (FAILED_PRECONDITION) only when it reduces what is lodged on `d` below the
// requirement, so topping up a party that is already short is never blocked.
absl::Status CheckReduction(storage::Tx& tx, const std::string& party,
                            const storage::StoredInstrument& changed, Date d) {
  absl::StatusOr<storage::StoredPolicy> policy = storage::PolicyInForce(tx, d);
  if (!policy.ok()) return policy.status();
  absl::StatusOr<CreditInputs> in = storage::LoadPartyInputs(tx, party, d);
  if (!in.ok()) return in.status();
  absl::StatusOr<CreditResult> before = CalculateCreditCover(policy->policy, *in, d);
  if (!before.ok()) return before.status();
  absl::StatusOr<std::vector<storage::StoredInstrument>> all = storage::PartyInstruments(tx, party);
  if (!all.ok()) return all.status();
  std::vector<CreditInstrument> remaining;
  for (const storage::StoredInstrument& s : *all) {
    std::optional<CreditInstrument> i =
        storage::EffectiveInstrument(s.seq == changed.seq ? changed : s);
    if (i) remaining.push_back(*std::move(i));
  }
  absl::StatusOr<int64_t> after = LodgedOn(remaining, d);
  if (!after.ok()) return after.status();
  if (*after >= before->lodged_pence) return absl::OkStatus();
  return CheckWithdrawal(before->requirement_pence, remaining, d);
}

}  // namespace

// ---- Assessments and charges -------------------------------------------------------------------

grpc::Status CreditCoverServiceImpl::CreateCreditAssessment(
    grpc::ServerContext* ctx, const v1::CreateCreditAssessmentRequest* req,
    v1::CreditAssessment* resp) {
  return HandleRpc(
      env_, ctx, kService, "CreateCreditAssessment", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireWriter(who, "recording a credit assessment"); !s.ok()) return s;
        const v1::CreditAssessment& in = req->assessment();
        storage::StoredAssessment row;
        CreditAssessment& a = row.assessment;
        absl::StatusOr<std::string> party = ParsePartyName(in.party(), "assessment.party");
        if (!party.ok()) return party.status();
        a.party = *party;
        absl::StatusOr<Date> d = ParseDate(in.effective_date(), "assessment.effective_date");
        if (!d.ok()) return d.status();
        a.effective_date = *d;
        if (!in.rating().empty()) a.rating = in.rating();
        if (in.has_score()) a.score = in.score();
        a.mcv_pence = in.mcv_pence();
        if (auto s = ValidateCreditAssessment(a); !s.ok()) return s;
        row.create_time_us = env_.NowMicros();
        return IdempotentWrite(env_, "CreateCreditAssessment", req->request_id(), who, resp,
                               [&](storage::Tx& tx) -> absl::Status {
                                 if (auto s = RequirePartyExists(tx, a.party); !s.ok()) return s;
                                 absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                                 if (!seq.ok()) return seq.status();
                                 row.seq = *seq;
                                 if (auto s = storage::InsertAssessment(tx, row); !s.ok()) return s;
                                 *resp = ToProto(row);
                                 storage::StoredEvent e =
                                     NewEvent(env_, who, resp->name(), "assess",
                                              resp->effective_date(), nullptr, resp);
                                 return storage::AppendEvent(tx, e);
                               });
      });
}

grpc::Status CreditCoverServiceImpl::ListCreditAssessments(
    grpc::ServerContext* ctx, const v1::ListCreditAssessmentsRequest* req,
    v1::ListCreditAssessmentsResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ListCreditAssessments", "", [&](const Principal& who) -> absl::Status {
        return ListChildren<storage::StoredAssessment>(
            who, req->parent(), req->page_size(), req->page_token(), "creditAssessments",
            storage::ListAssessments,
            [&](const storage::StoredAssessment& a) { *resp->add_assessments() = ToProto(a); },
            resp->mutable_next_page_token());
      });
}

grpc::Status CreditCoverServiceImpl::CreateCharge(grpc::ServerContext* ctx,
                                                  const v1::CreateChargeRequest* req,
                                                  v1::Charge* resp) {
  return HandleRpc(env_, ctx, kService, "CreateCharge", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
                     if (auto s = RequireWriter(who, "recording a charge"); !s.ok()) return s;
                     const v1::Charge& in = req->charge();
                     storage::StoredCharge row;
                     MonthlyCharge& c = row.charge;
                     absl::StatusOr<std::string> party = ParsePartyName(in.party(), "charge.party");
                     if (!party.ok()) return party.status();
                     c.party = *party;
                     c.period = in.period();
                     absl::StatusOr<Date> d = ParseDate(in.invoice_date(), "charge.invoice_date");
                     if (!d.ok()) return d.status();
                     c.invoice_date = *d;
                     c.amount_pence = in.amount_pence();
                     if (auto s = ValidateMonthlyCharge(c); !s.ok()) return s;
                     row.create_time_us = env_.NowMicros();
                     return IdempotentWrite(
                         env_, "CreateCharge", req->request_id(), who, resp,
                         [&](storage::Tx& tx) -> absl::Status {
                           if (auto s = RequirePartyExists(tx, c.party); !s.ok()) return s;
                           absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                           if (!seq.ok()) return seq.status();
                           row.seq = *seq;
                           if (auto s = storage::InsertCharge(tx, row); !s.ok()) return s;
                           *resp = ToProto(row);
                           storage::StoredEvent e = NewEvent(env_, who, resp->name(), "charge",
                                                             resp->invoice_date(), nullptr, resp);
                           return storage::AppendEvent(tx, e);
                         });
                   });
}

grpc::Status CreditCoverServiceImpl::ListCharges(grpc::ServerContext* ctx,
                                                 const v1::ListChargesRequest* req,
                                                 v1::ListChargesResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListCharges", "",
                   [&](const Principal& who) -> absl::Status {
                     return ListChildren<storage::StoredCharge>(
                         who, req->parent(), req->page_size(), req->page_token(), "charges",
                         storage::ListCharges,
                         [&](const storage::StoredCharge& c) { *resp->add_charges() = ToProto(c); },
                         resp->mutable_next_page_token());
                   });
}

// ---- Credit support ----------------------------------------------------------------------------

grpc::Status CreditCoverServiceImpl::LodgeCreditSupport(grpc::ServerContext* ctx,
                                                        const v1::LodgeCreditSupportRequest* req,
                                                        v1::CreditSupport* resp) {
  return HandleRpc(
      env_, ctx, kService, "LodgeCreditSupport", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireWriter(who, "lodging credit support"); !s.ok()) return s;
        const v1::CreditSupport& in = req->instrument();
        storage::StoredInstrument row;
        CreditInstrument& i = row.instrument;
        absl::StatusOr<std::string> party = ParsePartyName(in.party(), "instrument.party");
        if (!party.ok()) return party.status();
        i.party = *party;
        absl::StatusOr<InstrumentKind> kind = FromProto(in.kind(), "instrument.kind");
        if (!kind.ok()) return kind.status();
        i.kind = *kind;
        i.amount_pence = in.amount_pence();
        i.issuer = in.issuer();
        absl::StatusOr<Date> from = ParseDate(in.valid_from(), "instrument.valid_from");
        if (!from.ok()) return from.status();
        i.valid_from = *from;
        if (!in.valid_to().empty()) {
          absl::StatusOr<Date> to = ParseDate(in.valid_to(), "instrument.valid_to");
          if (!to.ok()) return to.status();
          i.valid_to = *to;
        }
        if (auto s = ValidateCreditInstrument(i); !s.ok()) return s;
        row.create_time_us = row.update_time_us = env_.NowMicros();
        return IdempotentWrite(env_, "LodgeCreditSupport", req->request_id(), who, resp,
                               [&](storage::Tx& tx) -> absl::Status {
                                 if (auto s = RequirePartyExists(tx, i.party); !s.ok()) return s;
                                 absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                                 if (!seq.ok()) return seq.status();
                                 row.seq = *seq;
                                 i.id = absl::StrCat(*seq);
                                 if (auto s = storage::InsertInstrument(tx, row); !s.ok()) return s;
                                 *resp = ToProto(row);
                                 storage::StoredEvent e =
                                     NewEvent(env_, who, resp->name(), "lodge", resp->valid_from(),
                                              nullptr, resp);
                                 return storage::AppendEvent(tx, e);
                               });
      });
}

grpc::Status CreditCoverServiceImpl::AmendCreditSupport(grpc::ServerContext* ctx,
                                                        const v1::AmendCreditSupportRequest* req,
                                                        v1::CreditSupport* resp) {
  return HandleRpc(
      env_, ctx, kService, "AmendCreditSupport", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireWriter(who, "amending credit support"); !s.ok()) return s;
        const v1::CreditSupport& in = req->instrument();
        absl::StatusOr<ChildRef> ref = ParseChildName(in.name(), "instruments", "instrument.name");
        if (!ref.ok()) return ref.status();
        absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
        if (!d.ok()) return d.status();
        std::optional<Date> valid_to;
        if (!in.valid_to().empty()) {
          absl::StatusOr<Date> to = ParseDate(in.valid_to(), "instrument.valid_to");
          if (!to.ok()) return to.status();
          valid_to = *to;
        }
        return IdempotentWrite(
            env_, "AmendCreditSupport", req->request_id(), who, resp,
            [&](storage::Tx& tx) -> absl::Status {
              absl::StatusOr<storage::StoredInstrument> cur = LoadInstrument(tx, *ref, in.name());
              if (!cur.ok()) return cur.status();
              if (auto s = CheckEtag(in.etag(), cur->version, in.name()); !s.ok()) return s;
              if (cur->state == storage::kInstrumentWithdrawn) {
                return absl::FailedPreconditionError(
                    absl::StrCat(in.name(), " was withdrawn; lodge a new instrument instead"));
              }
              const v1::CreditSupport before = ToProto(*cur);
              storage::StoredInstrument next = *cur;
              next.instrument.amount_pence = in.amount_pence();
              next.instrument.issuer = in.issuer();
              next.instrument.valid_to = valid_to;
              if (auto s = ValidateCreditInstrument(next.instrument); !s.ok()) return s;
              if (auto s = CheckReduction(tx, ref->party, next, *d); !s.ok()) return s;
              next.version = cur->version + 1;
              next.update_time_us = env_.NowMicros();
              if (auto s = storage::UpdateInstrument(tx, next, cur->version); !s.ok()) return s;
              *resp = ToProto(next);
              storage::StoredEvent e =
                  NewEvent(env_, who, resp->name(), "amend", FormatDate(*d), &before, resp);
              return storage::AppendEvent(tx, e);
            });
      });
}

grpc::Status CreditCoverServiceImpl::WithdrawCreditSupport(
    grpc::ServerContext* ctx, const v1::WithdrawCreditSupportRequest* req,
    v1::CreditSupport* resp) {
  return HandleRpc(
      env_, ctx, kService, "WithdrawCreditSupport", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireWriter(who, "withdrawing credit support"); !s.ok()) return s;
        absl::StatusOr<ChildRef> ref = ParseChildName(req->name(), "instruments", "name");
        if (!ref.ok()) return ref.status();
        absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
        if (!d.ok()) return d.status();
        return IdempotentWrite(
            env_, "WithdrawCreditSupport", req->request_id(), who, resp,
            [&](storage::Tx& tx) -> absl::Status {
              absl::StatusOr<storage::StoredInstrument> cur = LoadInstrument(tx, *ref, req->name());
              if (!cur.ok()) return cur.status();
              if (auto s = CheckEtag(req->etag(), cur->version, req->name()); !s.ok()) return s;
              if (cur->state == storage::kInstrumentWithdrawn) {
                return absl::FailedPreconditionError(absl::StrCat(
                    req->name(), " was already withdrawn on ", FormatDate(*cur->withdraw_date)));
              }
              const v1::CreditSupport before = ToProto(*cur);
              storage::StoredInstrument next = *cur;
              next.state = storage::kInstrumentWithdrawn;
              next.withdraw_date = *d;
              if (auto s = CheckReduction(tx, ref->party, next, *d); !s.ok()) return s;
              next.version = cur->version + 1;
              next.update_time_us = env_.NowMicros();
              if (auto s = storage::UpdateInstrument(tx, next, cur->version); !s.ok()) return s;
              *resp = ToProto(next);
              storage::StoredEvent e =
                  NewEvent(env_, who, resp->name(), "withdraw", FormatDate(*d), &before, resp);
              return storage::AppendEvent(tx, e);
            });
      });
}

grpc::Status CreditCoverServiceImpl::ListCreditSupport(grpc::ServerContext* ctx,
                                                       const v1::ListCreditSupportRequest* req,
                                                       v1::ListCreditSupportResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ListCreditSupport", "", [&](const Principal& who) -> absl::Status {
        return ListChildren<storage::StoredInstrument>(
            who, req->parent(), req->page_size(), req->page_token(), "instruments",
            storage::ListInstruments,
            [&](const storage::StoredInstrument& i) { *resp->add_instruments() = ToProto(i); },
            resp->mutable_next_page_token());
      });
}

// ---- Helpers -----------------------------------------------------------------------------------

absl::StatusOr<storage::StoredInstrument> CreditCoverServiceImpl::LoadInstrument(
    storage::Tx& tx, const ChildRef& ref, const std::string& name) {
  absl::StatusOr<storage::StoredInstrument> cur = storage::GetInstrument(tx, ref.seq);
  if (absl::IsNotFound(cur.status()) || (cur.ok() && cur->instrument.party != ref.party)) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return cur;
}

template <typename Row, typename Lister, typename Emit>
absl::Status CreditCoverServiceImpl::ListChildren(const Principal& who, const std::string& parent,
                                                  int page_size, const std::string& page_token,
                                                  absl::string_view collection, Lister lister,
                                                  Emit emit, std::string* next_token) {
  absl::StatusOr<std::string> party = ParsePartyName(parent, "parent");
  if (!party.ok()) return party.status();
  if (auto s = RequireReadParty(who, *party); !s.ok()) return s;
  absl::StatusOr<int> size = ResolvePageSize(page_size, kDefaultPageSize, kMaxPageSize);
  if (!size.ok()) return size.status();
  const std::string query = absl::StrCat(collection, "|", parent);
  absl::StatusOr<int64_t> after = AfterSeq(query, page_token);
  if (!after.ok()) return after.status();
  return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<Row>> rows = lister(tx, *party, *after, *size + 1);
    if (!rows.ok()) return rows.status();
    const bool more = static_cast<int>(rows->size()) > *size;
    if (more) rows->pop_back();
    for (const Row& r : *rows) emit(r);
    if (more) *next_token = EncodePageToken(query, {{absl::StrCat(rows->back().seq)}});
    return absl::OkStatus();
  });
}

}  // namespace sec::service
