// CreditCoverServiceImpl: the credit cover calculation for one party, the portfolio, and policy
// comparison.

#include <algorithm>
#include <string>
#include <utility>

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

// The policy named, or the one in force on `d` when `name` is empty.
absl::StatusOr<storage::StoredPolicy> ResolvePolicy(storage::Tx& tx, const std::string& name,
                                                    Date d, absl::string_view field) {
  if (name.empty()) return storage::PolicyInForce(tx, d);
  absl::StatusOr<std::string> id = ParsePolicyName(name, field);
  if (!id.ok()) return id.status();
  return storage::GetPolicy(tx, *id);
}

}  // namespace

// ---- Calculation, portfolio, comparison --------------------------------------------------------

grpc::Status CreditCoverServiceImpl::CalculateCreditCover(
    grpc::ServerContext* ctx, const v1::CalculateCreditCoverRequest* req,
    v1::CreditCoverResult* resp) {
  return HandleRpc(
      env_, ctx, kService, "CalculateCreditCover", "", [&](const Principal& who) -> absl::Status {
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

grpc::Status CreditCoverServiceImpl::GetPortfolio(grpc::ServerContext* ctx,
                                                  const v1::GetPortfolioRequest* req,
                                                  v1::Portfolio* resp) {
  return HandleRpc(
      env_, ctx, kService, "GetPortfolio", "", [&](const Principal& who) -> absl::Status {
        if (auto s = RequireWriter(who, "reading the credit portfolio"); !s.ok()) return s;
        absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
        if (!d.ok()) return d.status();
        absl::StatusOr<int> size =
            ResolvePageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
        if (!size.ok()) return size.status();
        const std::string query = absl::StrCat("portfolio|", FormatDate(*d), "|", req->policy());
        absl::StatusOr<PageCursor> cursor = DecodePageToken(query, req->page_token());
        if (!cursor.ok()) return cursor.status();
        const std::string after = cursor->last_key.empty() ? "" : cursor->last_key[0];
        const uint64_t generation = env_.store->WriteGeneration();
        return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
          absl::StatusOr<storage::StoredPolicy> policy =
              ResolvePolicy(tx, req->policy(), *d, "policy");
          if (!policy.ok()) return policy.status();
          absl::StatusOr<std::shared_ptr<const PortfolioRun>> run =
              Portfolio(tx, generation, *policy, *d);
          if (!run.ok()) return run.status();
          const PortfolioRun& all = **run;
          resp->set_date(FormatDate(*d));
          resp->set_policy(PolicyName(policy->policy.id));
          resp->set_policy_display_name(policy->policy.name);
          *resp->mutable_totals() = ToProto(all.totals);
          // Parties are ordered by id: the page starts after the token's id.
          auto first =
              std::upper_bound(all.parties.begin(), all.parties.end(), after,
                               [](const std::string& key, const Party& p) { return key < p.id; });
          size_t i = static_cast<size_t>(first - all.parties.begin());
          const size_t end = std::min(all.parties.size(), i + static_cast<size_t>(*size));
          for (; i < end; ++i) {
            *resp->add_rows() = ToProto(all.results[i], all.parties[i].id, &all.parties[i]);
          }
          if (end < all.parties.size() && end > 0) {
            resp->set_next_page_token(EncodePageToken(query, {{all.parties[end - 1].id}}));
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status CreditCoverServiceImpl::ComparePolicies(grpc::ServerContext* ctx,
                                                     const v1::ComparePoliciesRequest* req,
                                                     v1::PolicyComparison* resp) {
  return HandleRpc(env_, ctx, kService, "ComparePolicies", "",
                   [&](const Principal& who) -> absl::Status {
                     if (auto s = RequireWriter(who, "comparing credit policies"); !s.ok())
                       return s;
                     absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
                     if (!d.ok()) return d.status();
                     if (req->policy_a().empty() || req->policy_b().empty()) {
                       return absl::InvalidArgumentError(
                           "policy_a, policy_b: both required, e.g. creditPolicies/sec-5-5 and "
                           "creditPolicies/sec-5-6");
                     }
                     const uint64_t generation = env_.store->WriteGeneration();
                     return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                       resp->set_date(FormatDate(*d));
                       for (int k = 0; k < 2; ++k) {
                         const std::string& name = k == 0 ? req->policy_a() : req->policy_b();
                         absl::StatusOr<storage::StoredPolicy> policy =
                             ResolvePolicy(tx, name, *d, k == 0 ? "policy_a" : "policy_b");
                         if (!policy.ok()) return policy.status();
                         absl::StatusOr<std::shared_ptr<const PortfolioRun>> run =
                             Portfolio(tx, generation, *policy, *d);
                         if (!run.ok()) return run.status();
                         v1::PolicyTotals* out = k == 0 ? resp->mutable_a() : resp->mutable_b();
                         out->set_policy(PolicyName(policy->policy.id));
                         out->set_policy_display_name(policy->policy.name);
                         out->set_policy_effective_date(FormatDate(policy->policy.effective_date));
                         out->set_allowance_basis(ToProto(policy->policy.allowance_basis));
                         *out->mutable_totals() = ToProto((*run)->totals);
                       }
                       return absl::OkStatus();
                     });
                   });
}

}  // namespace sec::service
