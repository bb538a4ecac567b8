// CreditCoverService: the credit cover calculation for one party, the portfolio, and policy
// comparison.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/errors.h"
#include "domain/page_token.h"
#include "service/credit_convert.h"
#include "service/credit_service_internal.h"
#include "service/enums.h"
#include "service/handlers.h"
#include "service/read_cache.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {

absl::StatusOr<PortfolioRun> RunPortfolio(storage::Tx& tx, const CreditPolicy& policy, Date d) {
  SEC_ASSIGN_OR_RETURN(storage::PortfolioInputs in, storage::LoadPortfolioInputs(tx, d));
  PortfolioRun run;
  run.parties = std::move(in.parties);
  run.results.reserve(run.parties.size());
  std::vector<CreditResult> calculated;
  static const CreditInputs kEmpty;
  for (const Party& p : run.parties) {
    auto it = in.inputs.find(p.id);
    absl::StatusOr<CreditResult> r =
        CalculateCreditCover(policy, it == in.inputs.end() ? kEmpty : it->second, d);
    if (r.ok()) calculated.push_back(*r);
    run.results.push_back(std::move(r));
  }
  SEC_ASSIGN_OR_RETURN(run.totals, SumPortfolio(calculated));
  return run;
}

absl::StatusOr<std::shared_ptr<const PortfolioRun>> CachedPortfolio(
    const ServiceEnv& env, storage::Tx& tx, uint64_t generation,
    const storage::StoredPolicy& policy, Date d) {
  const std::string key = absl::StrCat(policy.policy.id, "|", FormatDate(d));
  if (env.portfolios != nullptr) {
    if (std::shared_ptr<const PortfolioRun> run = env.portfolios->Find(generation, key)) return run;
  }
  SEC_ASSIGN_OR_RETURN(PortfolioRun run, RunPortfolio(tx, policy.policy, d));
  auto kept = std::make_shared<const PortfolioRun>(std::move(run));
  if (env.portfolios != nullptr) env.portfolios->Keep(generation, key, kept);
  return kept;
}

absl::StatusOr<storage::StoredPolicy> ResolvePolicy(storage::Tx& tx, const std::string& name,
                                                    Date d, absl::string_view field) {
  if (name.empty()) return storage::PolicyInForce(tx, d);
  SEC_ASSIGN_OR_RETURN(std::string id, ParsePolicyName(name, field));
  return storage::GetPolicy(tx, id);
}

absl::StatusOr<v1::CreditCoverResult> CalculateCreditCover(
    Call& call, const v1::CalculateCreditCoverRequest& req) {
  // The declaration's party scope: a party reads only its own figures.
  const std::string party = call.party();
  if (party.empty()) return InvalidField("party", "required, e.g. parties/british-gas");
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOrToday(req.date(), "date"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditCoverResult> {
    SEC_ASSIGN_OR_RETURN(Party p, storage::GetParty(tx, party));
    SEC_ASSIGN_OR_RETURN(storage::StoredPolicy policy, ResolvePolicy(tx, req.policy(), d, "policy"));
    SEC_ASSIGN_OR_RETURN(CreditInputs in, storage::LoadPartyInputs(tx, party, d));
    SEC_ASSIGN_OR_RETURN(CreditResult r, sec::CalculateCreditCover(policy.policy, in, d));
    v1::CreditCoverResult out = ToProto(r, party, &p);
    for (std::string& line : ExplainCreditResult(r)) out.add_explanation(std::move(line));
    return out;
  });
}

absl::StatusOr<v1::Portfolio> GetPortfolio(Call& call, const v1::GetPortfolioRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOrToday(req.date(), "date"));
  SEC_ASSIGN_OR_RETURN(int size,
                       ResolvePageSize(req.page_size(), kCreditPageSize, kCreditMaxPageSize));
  const std::string query = absl::StrCat("portfolio|", FormatDate(d), "|", req.policy());
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, req.page_token()));
  const std::string after = cursor.last_key.empty() ? "" : cursor.last_key[0];
  const uint64_t generation = call.env().store->WriteGeneration();
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Portfolio> {
    SEC_ASSIGN_OR_RETURN(storage::StoredPolicy policy, ResolvePolicy(tx, req.policy(), d, "policy"));
    SEC_ASSIGN_OR_RETURN(std::shared_ptr<const PortfolioRun> run,
                         CachedPortfolio(call.env(), tx, generation, policy, d));
    const PortfolioRun& all = *run;
    v1::Portfolio out;
    out.set_date(FormatDate(d));
    out.set_policy(PolicyName(policy.policy.id));
    out.set_policy_display_name(policy.policy.name);
    *out.mutable_totals() = ToProto(all.totals);
    // Parties are ordered by id: the page starts after the token's id.
    auto first = std::upper_bound(all.parties.begin(), all.parties.end(), after,
                                  [](const std::string& key, const Party& p) { return key < p.id; });
    size_t i = static_cast<size_t>(first - all.parties.begin());
    const size_t end = std::min(all.parties.size(), i + static_cast<size_t>(size));
    for (; i < end; ++i) {
      const Party& p = all.parties[i];
      if (all.results[i].ok()) {
        *out.add_rows() = ToProto(*all.results[i], p.id, &p);
        continue;
      }
      v1::CreditCoverResult* row = out.add_rows();
      row->set_party(PartyName(p.id));
      row->set_party_display_name(p.display_name);
      row->set_category(ToProto(p.category));
      row->set_date(FormatDate(d));
      row->set_error(std::string(all.results[i].status().message()));
    }
    if (end < all.parties.size() && end > 0) {
      out.set_next_page_token(EncodePageToken(query, {{all.parties[end - 1].id}}));
    }
    return out;
  });
}

absl::StatusOr<v1::PolicyComparison> ComparePolicies(Call& call,
                                                     const v1::ComparePoliciesRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOrToday(req.date(), "date"));
  if (req.policy_a().empty() || req.policy_b().empty()) {
    return InvalidField(req.policy_a().empty() ? "policy_a" : "policy_b",
                        "both required, e.g. creditPolicies/sec-5-5 and creditPolicies/sec-5-6");
  }
  const uint64_t generation = call.env().store->WriteGeneration();
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::PolicyComparison> {
    v1::PolicyComparison out;
    out.set_date(FormatDate(d));
    for (int k = 0; k < 2; ++k) {
      const std::string& name = k == 0 ? req.policy_a() : req.policy_b();
      SEC_ASSIGN_OR_RETURN(storage::StoredPolicy policy,
                           ResolvePolicy(tx, name, d, k == 0 ? "policy_a" : "policy_b"));
      SEC_ASSIGN_OR_RETURN(std::shared_ptr<const PortfolioRun> run,
                           CachedPortfolio(call.env(), tx, generation, policy, d));
      v1::PolicyTotals* totals = k == 0 ? out.mutable_a() : out.mutable_b();
      totals->set_policy(PolicyName(policy.policy.id));
      totals->set_policy_display_name(policy.policy.name);
      totals->set_policy_effective_date(FormatDate(policy.policy.effective_date));
      totals->set_allowance_basis(AllowanceBasisEnum().ToProto(policy.policy.allowance_basis));
      *totals->mutable_totals() = ToProto(run->totals);
    }
    return out;
  });
}

}  // namespace sec::service
