#include "service/credit_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/credit_csv.h"
#include "domain/page_token.h"
#include "sec/v1/credit.grpc.pb.h"
#include "service/credit_convert.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/credit_store.h"

namespace sec::service {
namespace {

constexpr char kService[] = "sec.v1.CreditCoverService";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

// Credit data of a party is visible only to that party, the DCC and SECAS (SPEC 1).
absl::Status RequireReadParty(const Principal& who, const std::string& party) {
  if (who.HasAny({Role::kDcc, Role::kSecas}) || who.ActsFor(party)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      who.name, " may not read the credit data of parties/", party,
      ": it is visible only to that party, the DCC and SECAS"));
}

absl::Status RequireWriter(const Principal& who, absl::string_view action) {
  return RequireAnyRole(who, {Role::kDcc, Role::kSecas}, action);
}

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

// The policy named, or the one in force on `d` when `name` is empty.
absl::StatusOr<storage::StoredPolicy> ResolvePolicy(storage::Tx& tx, const std::string& name,
                                                    Date d, absl::string_view field) {
  if (name.empty()) return storage::PolicyInForce(tx, d);
  absl::StatusOr<std::string> id = ParsePolicyName(name, field);
  if (!id.ok()) return id.status();
  return storage::GetPolicy(tx, *id);
}

struct PortfolioRun {
  std::vector<Party> parties;
  std::vector<CreditResult> results;  // parallel to parties
  PortfolioTotals totals;
};

// Every party with credit records on `d` under `policy`: four set-based queries, then the
// domain calculation per party in memory.
absl::StatusOr<PortfolioRun> RunPortfolio(storage::Tx& tx, const CreditPolicy& policy, Date d) {
  absl::StatusOr<storage::PortfolioInputs> in = storage::LoadPortfolioInputs(tx, d);
  if (!in.ok()) return in.status();
  PortfolioRun run;
  run.parties = std::move(in->parties);
  run.results.reserve(run.parties.size());
  static const CreditInputs kEmpty;
  for (const Party& p : run.parties) {
    auto it = in->inputs.find(p.id);
    absl::StatusOr<CreditResult> r =
        CalculateCreditCover(policy, it == in->inputs.end() ? kEmpty : it->second, d);
    if (!r.ok()) {
      return absl::Status(r.status().code(),
                          absl::StrCat("parties/", p.id, ": ", r.status().message()));
    }
    run.results.push_back(*std::move(r));
  }
  absl::StatusOr<PortfolioTotals> totals = SumPortfolio(run.results);
  if (!totals.ok()) return totals.status();
  run.totals = *totals;
  return run;
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
  absl::StatusOr<std::vector<storage::StoredInstrument>> all =
      storage::PartyInstruments(tx, party);
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

class CreditCoverServiceImpl final : public v1::CreditCoverService::Service {
 public:
  explicit CreditCoverServiceImpl(ServiceEnv env) : env_(std::move(env)) {}

  // ---- Policies ----------------------------------------------------------------------------

  grpc::Status CreateCreditPolicy(grpc::ServerContext* ctx,
                                  const v1::CreateCreditPolicyRequest* req,
                                  v1::CreditPolicy* resp) override {
    return HandleRpc(env_, ctx, kService, "CreateCreditPolicy", req->request_id(),
                     [&](const Principal& who) -> absl::Status {
      if (auto s = RequireWriter(who, "creating a credit policy"); !s.ok()) return s;
      if (auto s = ValidateResourceId(req->policy_id(), "policy_id"); !s.ok()) return s;
      absl::StatusOr<CreditPolicy> p = FromProto(req->policy(), req->policy_id());
      if (!p.ok()) return p.status();
      if (p->name.empty()) {
        return absl::InvalidArgumentError("policy.display_name: required, e.g. \"SEC 5.6 rules\"");
      }
      if (auto s = ValidateCreditPolicy(*p); !s.ok()) return s;
      storage::StoredPolicy row{*p, req->policy().comment(), env_.NowMicros()};
      return IdempotentWrite(env_, "CreateCreditPolicy", req->request_id(), who, resp,
                             [&](storage::Tx& tx) -> absl::Status {
        if (auto s = storage::InsertPolicy(tx, row); !s.ok()) return s;
        *resp = ToProto(row);
        storage::StoredEvent e = NewEvent(env_, who, resp->name(), "create",
                                          resp->effective_date(), nullptr, resp);
        return storage::AppendEvent(tx, e);
      });
    });
  }

  grpc::Status GetCreditPolicy(grpc::ServerContext* ctx, const v1::GetCreditPolicyRequest* req,
                               v1::CreditPolicy* resp) override {
    return HandleRpc(env_, ctx, kService, "GetCreditPolicy", "",
                     [&](const Principal&) -> absl::Status {
      absl::StatusOr<std::string> id = ParsePolicyName(req->name(), "name");
      if (!id.ok()) return id.status();
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<storage::StoredPolicy> p = storage::GetPolicy(tx, *id);
        if (!p.ok()) return p.status();
        *resp = ToProto(*p);
        return absl::OkStatus();
      });
    });
  }

  grpc::Status ListCreditPolicies(grpc::ServerContext* ctx,
                                  const v1::ListCreditPoliciesRequest* req,
                                  v1::ListCreditPoliciesResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListCreditPolicies", "",
                     [&](const Principal&) -> absl::Status {
      absl::StatusOr<int> size = ResolvePageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
      if (!size.ok()) return size.status();
      absl::StatusOr<PageCursor> cursor = DecodePageToken("creditPolicies", req->page_token());
      if (!cursor.ok()) return cursor.status();
      const std::string after = cursor->last_key.empty() ? "" : cursor->last_key[0];
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<std::vector<storage::StoredPolicy>> rows =
            storage::ListPolicies(tx, after, *size + 1);
        if (!rows.ok()) return rows.status();
        const bool more = static_cast<int>(rows->size()) > *size;
        if (more) rows->pop_back();
        for (const storage::StoredPolicy& p : *rows) *resp->add_policies() = ToProto(p);
        if (more) {
          resp->set_next_page_token(EncodePageToken(
              "creditPolicies", {{FormatDate(rows->back().policy.effective_date)}}));
        }
        return absl::OkStatus();
      });
    });
  }

  grpc::Status GetPolicyInForce(grpc::ServerContext* ctx, const v1::GetPolicyInForceRequest* req,
                                v1::CreditPolicy* resp) override {
    return HandleRpc(env_, ctx, kService, "GetPolicyInForce", "",
                     [&](const Principal&) -> absl::Status {
      absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
      if (!d.ok()) return d.status();
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<storage::StoredPolicy> p = storage::PolicyInForce(tx, *d);
        if (!p.ok()) return p.status();
        *resp = ToProto(*p);
        return absl::OkStatus();
      });
    });
  }

  // ---- Assessments and charges ---------------------------------------------------------------

  grpc::Status CreateCreditAssessment(grpc::ServerContext* ctx,
                                      const v1::CreateCreditAssessmentRequest* req,
                                      v1::CreditAssessment* resp) override {
    return HandleRpc(env_, ctx, kService, "CreateCreditAssessment", req->request_id(),
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
            NewEvent(env_, who, resp->name(), "assess", resp->effective_date(), nullptr, resp);
        return storage::AppendEvent(tx, e);
      });
    });
  }

  grpc::Status ListCreditAssessments(grpc::ServerContext* ctx,
                                     const v1::ListCreditAssessmentsRequest* req,
                                     v1::ListCreditAssessmentsResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListCreditAssessments", "",
                     [&](const Principal& who) -> absl::Status {
      return ListChildren<storage::StoredAssessment>(
          who, req->parent(), req->page_size(), req->page_token(), "creditAssessments",
          storage::ListAssessments, [&](const storage::StoredAssessment& a) {
            *resp->add_assessments() = ToProto(a);
          },
          resp->mutable_next_page_token());
    });
  }

  grpc::Status CreateCharge(grpc::ServerContext* ctx, const v1::CreateChargeRequest* req,
                            v1::Charge* resp) override {
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
      return IdempotentWrite(env_, "CreateCharge", req->request_id(), who, resp,
                             [&](storage::Tx& tx) -> absl::Status {
        if (auto s = RequirePartyExists(tx, c.party); !s.ok()) return s;
        absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
        if (!seq.ok()) return seq.status();
        row.seq = *seq;
        if (auto s = storage::InsertCharge(tx, row); !s.ok()) return s;
        *resp = ToProto(row);
        storage::StoredEvent e =
            NewEvent(env_, who, resp->name(), "charge", resp->invoice_date(), nullptr, resp);
        return storage::AppendEvent(tx, e);
      });
    });
  }

  grpc::Status ListCharges(grpc::ServerContext* ctx, const v1::ListChargesRequest* req,
                           v1::ListChargesResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListCharges", "",
                     [&](const Principal& who) -> absl::Status {
      return ListChildren<storage::StoredCharge>(
          who, req->parent(), req->page_size(), req->page_token(), "charges",
          storage::ListCharges,
          [&](const storage::StoredCharge& c) { *resp->add_charges() = ToProto(c); },
          resp->mutable_next_page_token());
    });
  }

  // ---- Credit support ------------------------------------------------------------------------

  grpc::Status LodgeCreditSupport(grpc::ServerContext* ctx,
                                  const v1::LodgeCreditSupportRequest* req,
                                  v1::CreditSupport* resp) override {
    return HandleRpc(env_, ctx, kService, "LodgeCreditSupport", req->request_id(),
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
            NewEvent(env_, who, resp->name(), "lodge", resp->valid_from(), nullptr, resp);
        return storage::AppendEvent(tx, e);
      });
    });
  }

  grpc::Status AmendCreditSupport(grpc::ServerContext* ctx,
                                  const v1::AmendCreditSupportRequest* req,
                                  v1::CreditSupport* resp) override {
    return HandleRpc(env_, ctx, kService, "AmendCreditSupport", req->request_id(),
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
      return IdempotentWrite(env_, "AmendCreditSupport", req->request_id(), who, resp,
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

  grpc::Status WithdrawCreditSupport(grpc::ServerContext* ctx,
                                     const v1::WithdrawCreditSupportRequest* req,
                                     v1::CreditSupport* resp) override {
    return HandleRpc(env_, ctx, kService, "WithdrawCreditSupport", req->request_id(),
                     [&](const Principal& who) -> absl::Status {
      if (auto s = RequireWriter(who, "withdrawing credit support"); !s.ok()) return s;
      absl::StatusOr<ChildRef> ref = ParseChildName(req->name(), "instruments", "name");
      if (!ref.ok()) return ref.status();
      absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
      if (!d.ok()) return d.status();
      return IdempotentWrite(env_, "WithdrawCreditSupport", req->request_id(), who, resp,
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

  grpc::Status ListCreditSupport(grpc::ServerContext* ctx, const v1::ListCreditSupportRequest* req,
                                 v1::ListCreditSupportResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListCreditSupport", "",
                     [&](const Principal& who) -> absl::Status {
      return ListChildren<storage::StoredInstrument>(
          who, req->parent(), req->page_size(), req->page_token(), "instruments",
          storage::ListInstruments,
          [&](const storage::StoredInstrument& i) { *resp->add_instruments() = ToProto(i); },
          resp->mutable_next_page_token());
    });
  }

  // ---- Calculation, portfolio, comparison ----------------------------------------------------

  grpc::Status CalculateCreditCover(grpc::ServerContext* ctx,
                                    const v1::CalculateCreditCoverRequest* req,
                                    v1::CreditCoverResult* resp) override {
    return HandleRpc(env_, ctx, kService, "CalculateCreditCover", "",
                     [&](const Principal& who) -> absl::Status {
      absl::StatusOr<std::string> party = ParsePartyName(req->party(), "party");
      if (!party.ok()) return party.status();
      if (auto s = RequireReadParty(who, *party); !s.ok()) return s;
      absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
      if (!d.ok()) return d.status();
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<Party> p = storage::GetParty(tx, *party);
        if (!p.ok()) return p.status();
        absl::StatusOr<storage::StoredPolicy> policy =
            ResolvePolicy(tx, req->policy(), *d, "policy");
        if (!policy.ok()) return policy.status();
        absl::StatusOr<CreditInputs> in = storage::LoadPartyInputs(tx, *party, *d);
        if (!in.ok()) return in.status();
        absl::StatusOr<CreditResult> r = sec::CalculateCreditCover(policy->policy, *in, *d);
        if (!r.ok()) return r.status();
        *resp = ToProto(*r, *party, &*p);
        for (std::string& line : ExplainCreditResult(*r)) resp->add_explanation(std::move(line));
        return absl::OkStatus();
      });
    });
  }

  grpc::Status GetPortfolio(grpc::ServerContext* ctx, const v1::GetPortfolioRequest* req,
                            v1::Portfolio* resp) override {
    return HandleRpc(env_, ctx, kService, "GetPortfolio", "",
                     [&](const Principal& who) -> absl::Status {
      if (auto s = RequireWriter(who, "reading the credit portfolio"); !s.ok()) return s;
      absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
      if (!d.ok()) return d.status();
      absl::StatusOr<int> size = ResolvePageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
      if (!size.ok()) return size.status();
      const std::string query =
          absl::StrCat("portfolio|", FormatDate(*d), "|", req->policy());
      absl::StatusOr<PageCursor> cursor = DecodePageToken(query, req->page_token());
      if (!cursor.ok()) return cursor.status();
      const std::string after = cursor->last_key.empty() ? "" : cursor->last_key[0];
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<storage::StoredPolicy> policy =
            ResolvePolicy(tx, req->policy(), *d, "policy");
        if (!policy.ok()) return policy.status();
        absl::StatusOr<PortfolioRun> run = RunPortfolio(tx, policy->policy, *d);
        if (!run.ok()) return run.status();
        resp->set_date(FormatDate(*d));
        resp->set_policy(PolicyName(policy->policy.id));
        resp->set_policy_display_name(policy->policy.name);
        *resp->mutable_totals() = ToProto(run->totals);
        // Parties are ordered by id: the page starts after the token's id.
        auto first = std::upper_bound(
            run->parties.begin(), run->parties.end(), after,
            [](const std::string& key, const Party& p) { return key < p.id; });
        size_t i = static_cast<size_t>(first - run->parties.begin());
        const size_t end = std::min(run->parties.size(), i + static_cast<size_t>(*size));
        for (; i < end; ++i) {
          *resp->add_rows() = ToProto(run->results[i], run->parties[i].id, &run->parties[i]);
        }
        if (end < run->parties.size() && end > 0) {
          resp->set_next_page_token(EncodePageToken(query, {{run->parties[end - 1].id}}));
        }
        return absl::OkStatus();
      });
    });
  }

  grpc::Status ComparePolicies(grpc::ServerContext* ctx, const v1::ComparePoliciesRequest* req,
                               v1::PolicyComparison* resp) override {
    return HandleRpc(env_, ctx, kService, "ComparePolicies", "",
                     [&](const Principal& who) -> absl::Status {
      if (auto s = RequireWriter(who, "comparing credit policies"); !s.ok()) return s;
      absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
      if (!d.ok()) return d.status();
      if (req->policy_a().empty() || req->policy_b().empty()) {
        return absl::InvalidArgumentError(
            "policy_a, policy_b: both required, e.g. creditPolicies/sec-5-5 and "
            "creditPolicies/sec-5-6");
      }
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        resp->set_date(FormatDate(*d));
        for (int k = 0; k < 2; ++k) {
          const std::string& name = k == 0 ? req->policy_a() : req->policy_b();
          absl::StatusOr<storage::StoredPolicy> policy =
              ResolvePolicy(tx, name, *d, k == 0 ? "policy_a" : "policy_b");
          if (!policy.ok()) return policy.status();
          absl::StatusOr<PortfolioRun> run = RunPortfolio(tx, policy->policy, *d);
          if (!run.ok()) return run.status();
          v1::PolicyTotals* out = k == 0 ? resp->mutable_a() : resp->mutable_b();
          out->set_policy(PolicyName(policy->policy.id));
          out->set_policy_display_name(policy->policy.name);
          out->set_policy_effective_date(FormatDate(policy->policy.effective_date));
          out->set_allowance_basis(ToProto(policy->policy.allowance_basis));
          *out->mutable_totals() = ToProto(run->totals);
        }
        return absl::OkStatus();
      });
    });
  }

  // ---- Breach and default --------------------------------------------------------------------

  grpc::Status RunCreditCheck(grpc::ServerContext* ctx, const v1::RunCreditCheckRequest* req,
                              v1::RunCreditCheckResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "RunCreditCheck", req->request_id(),
                     [&](const Principal& who) -> absl::Status {
      if (auto s = RequireWriter(who, "running the credit check"); !s.ok()) return s;
      absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
      if (!d.ok()) return d.status();
      return IdempotentWrite(env_, "RunCreditCheck", req->request_id(), who, resp,
                             [&](storage::Tx& tx) { return Check(tx, who, *d, resp); });
    });
  }

  grpc::Status ListBreachNotices(grpc::ServerContext* ctx, const v1::ListBreachNoticesRequest* req,
                                 v1::ListBreachNoticesResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListBreachNotices", "",
                     [&](const Principal& who) -> absl::Status {
      std::string state;
      if (req->state() == v1::BREACH_NOTICE_STATE_OPEN) state = storage::kNoticeOpen;
      if (req->state() == v1::BREACH_NOTICE_STATE_CURED) state = storage::kNoticeCured;
      return ListNoticeRows(who, req->parent(), state, false, req->page_size(),
                            req->page_token(), resp->mutable_next_page_token(),
                            [&](const storage::StoredNotice& n) {
                              *resp->add_notices() = ToNoticeProto(n);
                            });
    });
  }

  grpc::Status ListDefaults(grpc::ServerContext* ctx, const v1::ListDefaultsRequest* req,
                            v1::ListDefaultsResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListDefaults", "",
                     [&](const Principal& who) -> absl::Status {
      // A default is outstanding while its notice is open, remedied once the notice is cured.
      std::string state;
      if (req->state() == v1::DEFAULT_STATE_OUTSTANDING) state = storage::kNoticeOpen;
      if (req->state() == v1::DEFAULT_STATE_REMEDIED) state = storage::kNoticeCured;
      return ListNoticeRows(who, req->parent(), state, true, req->page_size(),
                            req->page_token(), resp->mutable_next_page_token(),
                            [&](const storage::StoredNotice& n) {
                              *resp->add_defaults() = ToDefaultProto(n);
                            });
    });
  }

  // ---- Bulk import ---------------------------------------------------------------------------

  grpc::Status ImportCreditData(grpc::ServerContext* ctx, const v1::ImportCreditDataRequest* req,
                                v1::ImportCreditDataResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ImportCreditData", req->request_id(),
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
      return IdempotentWrite(env_, "ImportCreditData", req->request_id(), who, resp,
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
          if (auto s = check_party(charges[i].party, "charges_csv", charge_lines[i]); !s.ok()) {
            return s;
          }
        }
        for (size_t i = 0; i < assessments.size(); ++i) {
          if (auto s = check_party(assessments[i].party, "assessments_csv", assessment_lines[i]);
              !s.ok()) {
            return s;
          }
        }
        for (size_t i = 0; i < instruments.size(); ++i) {
          if (auto s = check_party(instruments[i].party, "instruments_csv", instrument_lines[i]);
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
          storage::StoredEvent e = NewEvent(env_, who, after.name(), "assess",
                                            after.effective_date(), nullptr, &after, "import");
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
          storage::StoredEvent e = NewEvent(env_, who, after.name(), "lodge", after.valid_from(),
                                            nullptr, &after, "import");
          if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
        }
        resp->set_charges(static_cast<int32_t>(charges.size()));
        resp->set_assessments(static_cast<int32_t>(assessments.size()));
        resp->set_instruments(static_cast<int32_t>(instruments.size()));
        return absl::OkStatus();
      });
    });
  }

 private:
  // Parses one import file (empty: nothing) and the line each record starts on, so later
  // errors (an unregistered party) can name the line too.
  template <typename T, typename Parser>
  static absl::Status ParseFile(const std::string& text, absl::string_view file, Parser parse,
                                std::vector<T>* out, std::vector<int>* lines) {
    if (text.empty()) return absl::OkStatus();
    absl::StatusOr<std::vector<T>> rows = parse(text);
    if (!rows.ok()) {
      return absl::Status(rows.status().code(),
                          absl::StrCat(file, ": ", rows.status().message()));
    }
    absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
    if (!records.ok() || records->size() != rows->size() + 1) {
      return absl::InternalError(absl::StrCat(file, ": record count mismatch"));
    }
    for (size_t i = 1; i < records->size(); ++i) lines->push_back((*records)[i].line);
    *out = *std::move(rows);
    return absl::OkStatus();
  }

  absl::StatusOr<storage::StoredInstrument> LoadInstrument(storage::Tx& tx, const ChildRef& ref,
                                                           const std::string& name) {
    absl::StatusOr<storage::StoredInstrument> cur = storage::GetInstrument(tx, ref.seq);
    if (absl::IsNotFound(cur.status()) || (cur.ok() && cur->instrument.party != ref.party)) {
      return absl::NotFoundError(absl::StrCat(name, " not found"));
    }
    return cur;
  }

  // One page of a party's records of one kind, keyed by sequence number.
  template <typename Row, typename Lister, typename Emit>
  absl::Status ListChildren(const Principal& who, const std::string& parent, int page_size,
                            const std::string& page_token, absl::string_view collection,
                            Lister lister, Emit emit, std::string* next_token) {
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

  template <typename Emit>
  absl::Status ListNoticeRows(const Principal& who, const std::string& parent,
                              const std::string& state, bool defaulted_only, int page_size,
                              const std::string& page_token, std::string* next_token,
                              Emit emit) {
    storage::NoticeQuery q;
    if (parent.empty()) {
      if (auto s = RequireAnyRole(who, {Role::kDcc, Role::kSecas},
                                  "listing every party's notices (give parent for one party)");
          !s.ok()) {
        return s;
      }
    } else {
      absl::StatusOr<std::string> party = ParsePartyName(parent, "parent");
      if (!party.ok()) return party.status();
      if (auto s = RequireReadParty(who, *party); !s.ok()) return s;
      q.party = *party;
    }
    q.state = state;
    q.defaulted_only = defaulted_only;
    absl::StatusOr<int> size = ResolvePageSize(page_size, kDefaultPageSize, kMaxPageSize);
    if (!size.ok()) return size.status();
    const std::string query =
        absl::StrCat(defaulted_only ? "defaults|" : "notices|", parent, "|", state);
    absl::StatusOr<PageCursor> cursor = DecodePageToken(query, page_token);
    if (!cursor.ok()) return cursor.status();
    if (cursor->last_key.size() == 2) {
      q.after_party = cursor->last_key[0];
      q.after_date = cursor->last_key[1];
    }
    q.limit = *size + 1;
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<storage::StoredNotice>> rows = storage::ListNotices(tx, q);
      if (!rows.ok()) return rows.status();
      const bool more = static_cast<int>(rows->size()) > *size;
      if (more) rows->pop_back();
      for (const storage::StoredNotice& n : *rows) emit(n);
      if (more) {
        *next_token = EncodePageToken(
            query, {{rows->back().party, FormatDate(rows->back().notice_date)}});
      }
      return absl::OkStatus();
    });
  }

  // The daily check in one transaction: the domain decides per party, this applies it.
  absl::Status Check(storage::Tx& tx, const Principal& who, Date d,
                     v1::RunCreditCheckResponse* resp) {
    absl::StatusOr<std::optional<std::string>> done = storage::GetCheck(tx, d);
    if (!done.ok()) return done.status();
    if (done->has_value()) {
      if (!resp->ParseFromString(**done)) return absl::DataLossError("stored credit check");
      resp->set_already_run(true);
      return absl::OkStatus();
    }
    absl::StatusOr<std::optional<Date>> last = storage::LastCheckDate(tx);
    if (!last.ok()) return last.status();
    if (last->has_value() && d < **last) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the credit check has already run for ", FormatDate(**last),
          "; checks run in date order, so ", FormatDate(d), " can no longer be checked"));
    }
    absl::StatusOr<storage::StoredPolicy> policy = storage::PolicyInForce(tx, d);
    if (!policy.ok()) return policy.status();
    absl::StatusOr<WorkingDayCalendar> calendar = storage::LoadWorkingDayCalendar(tx);
    if (!calendar.ok()) return calendar.status();
    absl::StatusOr<PortfolioRun> run = RunPortfolio(tx, policy->policy, d);
    if (!run.ok()) return run.status();
    absl::StatusOr<std::vector<storage::StoredNotice>> open = storage::OpenNotices(tx);
    if (!open.ok()) return open.status();
    std::map<std::string, storage::StoredNotice> open_by_party;
    for (storage::StoredNotice& n : *open) {
      // The latest open notice is the one that counts (there is at most one in practice).
      open_by_party[n.party] = std::move(n);
    }
    resp->set_date(FormatDate(d));
    for (size_t i = 0; i < run->parties.size(); ++i) {
      const std::string& party = run->parties[i].id;
      const int64_t shortfall = run->results[i].shortfall_pence;
      std::optional<OpenBreachNotice> current;
      auto it = open_by_party.find(party);
      if (it != open_by_party.end()) {
        current = OpenBreachNotice{it->second.notice_date, it->second.cure_deadline,
                                   it->second.default_date.has_value()};
      }
      absl::StatusOr<CreditCheckDecision> decision =
          DecideCreditCheck(d, shortfall, current, *calendar);
      if (!decision.ok()) {
        return absl::Status(decision.status().code(),
                            absl::StrCat("parties/", party, ": ", decision.status().message()));
      }
      if (decision->action == CreditCheckAction::kNothing) continue;
      v1::CreditCheckAction* action = resp->add_actions();
      action->set_party(PartyName(party));
      action->set_shortfall_pence(shortfall);
      action->set_cure_deadline(FormatDate(decision->cure_deadline));
      storage::StoredNotice notice;
      std::string kind;
      std::string resource;
      std::optional<v1::BreachNotice> before;
      switch (decision->action) {
        case CreditCheckAction::kIssueNotice:
          notice.party = party;
          notice.notice_date = d;
          notice.cure_deadline = decision->cure_deadline;
          notice.shortfall_pence = shortfall;
          if (auto s = storage::InsertNotice(tx, notice); !s.ok()) return s;
          action->set_kind(v1::CREDIT_CHECK_ACTION_KIND_ISSUE_NOTICE);
          resp->set_notices_issued(resp->notices_issued() + 1);
          kind = "breach_notice";
          break;
        case CreditCheckAction::kRaiseEventOfDefault:
          before = ToNoticeProto(it->second);
          notice = it->second;
          notice.default_date = d;
          notice.default_pence = shortfall;
          if (auto s = storage::UpdateNotice(tx, notice); !s.ok()) return s;
          action->set_kind(v1::CREDIT_CHECK_ACTION_KIND_RAISE_DEFAULT);
          resp->set_defaults_raised(resp->defaults_raised() + 1);
          kind = "event_of_default";
          resource = ToDefaultProto(notice).name();
          break;
        case CreditCheckAction::kMarkCured:
          before = ToNoticeProto(it->second);
          notice = it->second;
          notice.state = storage::kNoticeCured;
          notice.cured_date = d;
          if (auto s = storage::UpdateNotice(tx, notice); !s.ok()) return s;
          action->set_kind(v1::CREDIT_CHECK_ACTION_KIND_MARK_CURED);
          resp->set_notices_cured(resp->notices_cured() + 1);
          kind = "cure";
          break;
        case CreditCheckAction::kNothing:
          break;
      }
      const v1::BreachNotice after = ToNoticeProto(notice);
      action->set_notice(after.name());
      if (resource.empty()) resource = after.name();
      storage::StoredEvent e = NewEvent(env_, who, resource, kind, FormatDate(d),
                                        before ? &*before : nullptr, &after);
      if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
    }
    return storage::InsertCheck(tx, d, resp->SerializeAsString(), who.name, env_.NowMicros());
  }

  ServiceEnv env_;
};

}  // namespace

std::unique_ptr<grpc::Service> NewCreditCoverService(const ServiceEnv& env) {
  return std::make_unique<CreditCoverServiceImpl>(env);
}

}  // namespace sec::service
