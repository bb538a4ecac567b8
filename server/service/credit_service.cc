#include "service/credit_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "service/credit_service_impl.h"
#include "service/credit_service_internal.h"
#include "storage/credit_store.h"

namespace sec::service {

absl::Status RequireReadParty(const Principal& who, const std::string& party) {
  if (who.HasAny({Role::kDcc, Role::kSecas}) || who.ActsFor(party)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(who.name, " may not read the credit data of parties/", party,
                   ": it is visible only to that party, the DCC and SECAS"));
}

absl::Status RequireWriter(const Principal& who, absl::string_view action) {
  return RequireAnyRole(who, {Role::kDcc, Role::kSecas}, action);
}

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

absl::StatusOr<std::shared_ptr<const PortfolioRun>> CreditCoverServiceImpl::Portfolio(
    storage::Tx& tx, uint64_t generation, const storage::StoredPolicy& policy, Date d) {
  const std::string key = absl::StrCat(policy.policy.id, "|", FormatDate(d));
  if (portfolios_ != nullptr) {
    if (std::shared_ptr<const PortfolioRun> run = portfolios_->Find(generation, key)) return run;
  }
  absl::StatusOr<PortfolioRun> run = RunPortfolio(tx, policy.policy, d);
  if (!run.ok()) return run.status();
  auto kept = std::make_shared<const PortfolioRun>(*std::move(run));
  if (portfolios_ != nullptr) portfolios_->Keep(generation, key, kept);
  return kept;
}

std::unique_ptr<grpc::Service> NewCreditCoverService(const ServiceEnv& env) {
  return std::make_unique<CreditCoverServiceImpl>(env);
}

}  // namespace sec::service
