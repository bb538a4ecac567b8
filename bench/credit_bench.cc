// Credit cover benchmarks (figures, never a test): the SPEC 4 calculation on one core, and the
// GetPortfolio RPC for 10,000 parties through an in-process server on SQLite.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "sec/v1/credit.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "support/test_support.h"

namespace sec {
namespace {

void BM_CalculateCreditCover(benchmark::State& state) {
  CreditPolicy policy = DefaultCreditPolicy();
  const Date d = *ParseDate("2017-04-10", "d");
  CreditInputs in;
  in.charge = MonthlyCharge{"p", "2017-03", *ParseDate("2017-03-31", "d"), 123456789};
  CreditAssessment a;
  a.party = "p";
  a.effective_date = *ParseDate("2017-01-01", "d");
  a.rating = "A-";
  a.mcv_pence = 98765432;
  in.assessment = a;
  CreditInstrument i;
  i.party = "p";
  i.kind = InstrumentKind::kCashDeposit;
  i.amount_pence = 5000000;
  i.valid_from = *ParseDate("2017-01-01", "d");
  in.instruments = {i, i};
  for (auto _ : state) {
    absl::StatusOr<CreditResult> r = CalculateCreditCover(policy, in, d);
    benchmark::DoNotOptimize(r);
  }
  state.counters["parties/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CalculateCreditCover);

// 10,000 parties loaded once (CreateParty RPCs, then one bulk import), then the whole
// portfolio read page by page as secctl does.
void BM_PortfolioRpc10k(benchmark::State& state) {
  constexpr int kParties = 10000;
  auto store = testing::NewTestStore(testing::Backend::kSqlite);
  if (!store.ok()) {
    state.SkipWithError("no store");
    return;
  }
  testing::TestServer server(store->get());
  auto reg = v1::RegisterService::NewStub(server.channel());
  auto credit = v1::CreditCoverService::NewStub(server.channel());
  v1::CreateCreditPolicyRequest pol;
  pol.set_policy_id("sec-5-6");
  pol.mutable_policy()->set_display_name("SEC 5.6 rules");
  pol.mutable_policy()->set_effective_date("2017-04-01");
  pol.mutable_policy()->set_allowance_basis(v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE);
  for (const RatingFactor& r : DefaultCreditPolicy().rating_factors) {
    auto* f = pol.mutable_policy()->add_rating_factors();
    f->set_rating(r.rating);
    f->set_ucf_bp(static_cast<int32_t>(r.ucf_bp));
  }
  for (const ScoreBand& b : DefaultCreditPolicy().score_bands) {
    auto* s = pol.mutable_policy()->add_score_bands();
    s->set_min_score(b.min_score);
    s->set_max_score(b.max_score);
    s->set_ucf_bp(static_cast<int32_t>(b.ucf_bp));
  }
  v1::CreditPolicy pol_out;
  if (!credit->CreateCreditPolicy(server.Ctx("dcc").get(), pol, &pol_out).ok()) {
    state.SkipWithError("policy");
    return;
  }
  std::string charges = "party,period,invoice_date,amount_pence\n";
  std::string assessments = "party,effective_date,rating,score,mcv_pence\n";
  std::string instruments = "party,kind,amount_pence,issuer,valid_from,valid_to\n";
  for (int i = 0; i < kParties; ++i) {
    const std::string id = absl::StrCat("party-", 100000 + i);
    v1::CreatePartyRequest req;
    req.set_party_id(id);
    req.mutable_party()->set_display_name(id);
    req.mutable_party()->set_category(v1::PARTY_CATEGORY_SMALL_SUPPLIER);
    v1::Party out;
    if (!reg->CreateParty(server.Ctx("admin").get(), req, &out).ok()) {
      state.SkipWithError("party");
      return;
    }
    absl::StrAppend(&charges, id, ",2017-03,2017-03-31,", 100000 + i * 37, "\n");
    absl::StrAppend(&assessments, id, ",2017-01-01,", i % 2 ? "A" : "", ",", i % 2 ? "" : "70",
                    ",", 50000 + i * 11, "\n");
    absl::StrAppend(&instruments, id, ",CASH_DEPOSIT,", 20000 + i, ",,2017-01-01,\n");
  }
  v1::ImportCreditDataRequest imp;
  imp.set_charges_csv(charges);
  imp.set_assessments_csv(assessments);
  imp.set_instruments_csv(instruments);
  v1::ImportCreditDataResponse imported;
  if (!credit->ImportCreditData(server.Ctx("admin").get(), imp, &imported).ok()) {
    state.SkipWithError("import");
    return;
  }
  for (auto _ : state) {
    v1::GetPortfolioRequest req;
    req.set_date("2017-04-10");
    req.set_page_size(1000);
    int rows = 0;
    do {
      v1::Portfolio page;
      if (!credit->GetPortfolio(server.Ctx("dcc").get(), req, &page).ok()) {
        state.SkipWithError("portfolio");
        return;
      }
      rows += page.rows_size();
      req.set_page_token(page.next_page_token());
    } while (!req.page_token().empty());
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_PortfolioRpc10k)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace sec

BENCHMARK_MAIN();
