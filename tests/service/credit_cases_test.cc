// CreditCoverService through its public RPCs, on an in-process server, on SQLite and MariaDB:
// the worked cases of tests/data/credit-cases.csv to the penny, properties over thousands of
// random parties, permissions, refusals, and the breach / default / cure scenario.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/credit.h"
#include "domain/credit_csv.h"
#include "sec/v1/credit.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "storage/calendar_store.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::ServiceTest;
using ::testing::HasSubstr;

class CreditServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    reg_ = v1::RegisterService::NewStub(server().channel());
    credit_ = v1::CreditCoverService::NewStub(server().channel());
  }

  void CreateParty(const std::string& id,
                   v1::PartyCategory c = v1::PARTY_CATEGORY_SMALL_SUPPLIER) {
    grpc::Status s = ::sec::testing::RegisterParty(server(), id, c);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The SPEC 4 default tables (illustrative).
  static void DefaultTables(v1::CreditPolicy* p) {
    for (const char* r : {"AAA", "AA+", "AA", "AA-"}) {
      auto* f = p->add_rating_factors();
      f->set_rating(r);
      f->set_ucf_bp(10000);
    }
    for (const char* r : {"A+", "A", "A-"}) {
      auto* f = p->add_rating_factors();
      f->set_rating(r);
      f->set_ucf_bp(4000);
    }
    for (const char* r : {"BBB+", "BBB", "BBB-"}) {
      auto* f = p->add_rating_factors();
      f->set_rating(r);
      f->set_ucf_bp(2000);
    }
    const int bands[3][3] = {{80, 100, 2000}, {60, 79, 1000}, {40, 59, 500}};
    for (const auto& b : bands) {
      auto* s = p->add_score_bands();
      s->set_min_score(b[0]);
      s->set_max_score(b[1]);
      s->set_ucf_bp(b[2]);
    }
  }

  grpc::Status CreatePolicy(const std::string& id, const std::string& date, int uplift_bp,
                            v1::AllowanceBasis basis, std::optional<int64_t> cap = std::nullopt,
                            v1::CreditPolicy* out = nullptr) {
    v1::CreateCreditPolicyRequest req;
    req.set_policy_id(id);
    v1::CreditPolicy* p = req.mutable_policy();
    p->set_display_name("Policy " + id);
    p->set_effective_date(date);
    p->set_uplift_bp(uplift_bp);
    p->set_allowance_basis(basis);
    if (cap) p->set_mcv_cap_pence(*cap);
    DefaultTables(p);
    v1::CreditPolicy ignored;
    return credit_->CreateCreditPolicy(Ctx("dcc").get(), req, out ? out : &ignored);
  }

  grpc::Status Charge(const std::string& party, int64_t pence, const std::string& date,
                      const std::string& who = "dcc") {
    v1::CreateChargeRequest req;
    req.mutable_charge()->set_party("parties/" + party);
    req.mutable_charge()->set_period(date.substr(0, 7));
    req.mutable_charge()->set_invoice_date(date);
    req.mutable_charge()->set_amount_pence(pence);
    v1::Charge out;
    return credit_->CreateCharge(Ctx(who).get(), req, &out);
  }

  grpc::Status Assess(const std::string& party, const std::string& date, const std::string& rating,
                      std::optional<int> score, int64_t mcv) {
    v1::CreateCreditAssessmentRequest req;
    v1::CreditAssessment* a = req.mutable_assessment();
    a->set_party("parties/" + party);
    a->set_effective_date(date);
    a->set_rating(rating);
    if (score) a->set_score(*score);
    a->set_mcv_pence(mcv);
    v1::CreditAssessment out;
    return credit_->CreateCreditAssessment(Ctx("dcc").get(), req, &out);
  }

  grpc::Status Lodge(const std::string& party, v1::InstrumentKind kind, int64_t pence,
                     const std::string& from, const std::string& to,
                     v1::CreditSupport* out = nullptr) {
    v1::LodgeCreditSupportRequest req;
    v1::CreditSupport* i = req.mutable_instrument();
    i->set_party("parties/" + party);
    i->set_kind(kind);
    i->set_amount_pence(pence);
    i->set_issuer("Barclays Bank PLC");
    i->set_valid_from(from);
    i->set_valid_to(to);
    v1::CreditSupport ignored;
    return credit_->LodgeCreditSupport(Ctx("dcc").get(), req, out ? out : &ignored);
  }

  grpc::Status Calc(const std::string& party, const std::string& date, v1::CreditCoverResult* out,
                    const std::string& who = "dcc", const std::string& policy = "") {
    v1::CalculateCreditCoverRequest req;
    req.set_party("parties/" + party);
    req.set_date(date);
    req.set_policy(policy);
    return credit_->CalculateCreditCover(Ctx(who).get(), req, out);
  }

  v1::RunCreditCheckResponse Check(const std::string& date) {
    v1::RunCreditCheckRequest req;
    req.set_date(date);
    v1::RunCreditCheckResponse out;
    grpc::Status s = credit_->RunCreditCheck(Ctx("dcc").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  std::vector<v1::CreditCoverResult> PortfolioRows(const std::string& date,
                                                  const std::string& policy,
                                                  v1::PortfolioTotals* totals) {
    v1::GetPortfolioRequest req;
    req.set_date(date);
    req.set_policy(policy);
    req.set_page_size(1000);
    std::vector<v1::CreditCoverResult> rows;
    do {
      v1::Portfolio page;
      grpc::Status s = credit_->GetPortfolio(Ctx("dcc").get(), req, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      rows.insert(rows.end(), page.rows().begin(), page.rows().end());
      *totals = page.totals();
      req.set_page_token(page.next_page_token());
    } while (!req.page_token().empty());
    return rows;
  }

  std::unique_ptr<v1::RegisterService::Stub> reg_;
  std::unique_ptr<v1::CreditCoverService::Stub> credit_;
};

// ---- Worked cases -----------------------------------------------------------------------------

int64_t Int(const std::string& s) {
  int64_t v = 0;
  if (!s.empty()) {
    EXPECT_TRUE(absl::SimpleAtoi(s, &v)) << s;
  }
  return v;
}

v1::AllowanceBasis Basis(const std::string& s) {
  if (s == "MAXIMUM_CREDIT_VALUE") return v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE;
  if (s == "VALUE_AT_RISK") return v1::ALLOWANCE_BASIS_VALUE_AT_RISK;
  return v1::ALLOWANCE_BASIS_NONE;
}

TEST_P(CreditServiceTest, ReproducesEveryWorkedCaseThroughTheRpcs) {
  std::ifstream in(std::string(SEC_TEST_DATA_DIR) + "/credit-cases.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(ss.str());
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_GT(records->size(), 20u);
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < (*records)[0].fields.size(); ++i) col[(*records)[0].fields[i]] = i;

  // One policy per distinct (uplift, basis, cap), each with its own effective date, named
  // explicitly in the calculation.
  std::map<std::string, std::string> policies;
  int n = 0;
  for (size_t r = 1; r < records->size(); ++r) {
    const std::vector<std::string>& f = (*records)[r].fields;
    auto at = [&](const char* name) { return f[col.at(name)]; };
    SCOPED_TRACE(at("case"));
    const std::string key =
        absl::StrCat(at("uplift_bp"), "|", at("allowance_basis"), "|", at("mcv_cap_pence"));
    if (!policies.count(key)) {
      const std::string id = absl::StrCat("case-policy-", policies.size() + 1);
      const std::string date = absl::StrCat("2000-01-", 10 + policies.size());
      std::optional<int64_t> cap;
      if (!at("mcv_cap_pence").empty()) cap = Int(at("mcv_cap_pence"));
      grpc::Status s = CreatePolicy(id, date, static_cast<int>(Int(at("uplift_bp"))),
                                    Basis(at("allowance_basis")), cap);
      ASSERT_TRUE(s.ok()) << s.error_message();
      policies[key] = "creditPolicies/" + id;
    }
    const std::string party = absl::StrCat("case-", ++n);
    CreateParty(party);
    if (Int(at("charges_pence")) > 0) {
      grpc::Status s = Charge(party, Int(at("charges_pence")), "2017-03-31");
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    if (!at("rating").empty() || !at("score").empty() || Int(at("mcv_pence")) > 0) {
      std::optional<int> score;
      if (!at("score").empty()) score = static_cast<int>(Int(at("score")));
      grpc::Status s = Assess(party, "2017-01-01", at("rating"), score, Int(at("mcv_pence")));
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    for (absl::string_view inst : absl::StrSplit(at("instruments"), ';', absl::SkipEmpty())) {
      std::vector<std::string> p = absl::StrSplit(inst, ':');
      ASSERT_EQ(p.size(), 4u) << inst;
      ASSERT_EQ(p[0], "BANK_GUARANTEE");
      grpc::Status s = Lodge(party, v1::INSTRUMENT_KIND_BANK_GUARANTEE, Int(p[1]), p[2], p[3]);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    v1::CreditCoverResult res;
    grpc::Status s = Calc(party, at("date"), &res, "dcc", policies[key]);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(res.value_at_risk_pence(), Int(at("value_at_risk")));
    EXPECT_EQ(res.ucf_bp(), Int(at("ucf_bp")));
    EXPECT_EQ(res.basis_pence(), Int(at("basis")));
    EXPECT_EQ(res.allowance_pence(), Int(at("allowance")));
    EXPECT_EQ(res.requirement_pence(), Int(at("requirement")));
    EXPECT_EQ(res.lodged_pence(), Int(at("lodged")));
    EXPECT_EQ(res.shortfall_pence(), Int(at("shortfall")));
    EXPECT_EQ(res.policy(), policies[key]);
    EXPECT_FALSE(res.explanation().empty());
  }
}

// ---- Properties -------------------------------------------------------------------------------

// Thousands of random parties loaded in one bulk import; every portfolio row must equal the
// domain calculation on the same inputs (so both backends agree to the penny), and the SPEC 4
// invariants hold. Parties come in pairs identical but for a better assessment in the second.
TEST_P(CreditServiceTest, RandomPopulationKeepsTheInvariantsOnBothBackends) {
  constexpr int kPairs = 1000;
  ASSERT_TRUE(CreatePolicy("mcv", "2017-04-01", 4000,
                           v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE, 300000000)
                  .ok());
  ASSERT_TRUE(CreatePolicy("var", "2016-11-01", 4000, v1::ALLOWANCE_BASIS_VALUE_AT_RISK).ok());
  std::mt19937_64 rng(20170410);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const auto scale = CreditRatingScale();
  std::string charges = "party,period,invoice_date,amount_pence\n";
  std::string assessments = "party,effective_date,rating,score,mcv_pence\n";
  std::string instruments = "party,kind,amount_pence,issuer,valid_from,valid_to\n";
  std::map<std::string, CreditInputs> inputs;
  for (int i = 0; i < kPairs; ++i) {
    const int64_t charge = uniform(0, 2000000000);
    const bool rated = uniform(0, 1) == 1;
    const int rank = static_cast<int>(uniform(1, static_cast<int64_t>(scale.size()) - 1));
    const int score = static_cast<int>(uniform(0, 99));
    const int64_t mcv = uniform(0, 5000000000);
    const int64_t lodged = uniform(0, 1) == 1 ? uniform(1, 3000000000) : 0;
    for (int better = 0; better < 2; ++better) {
      const std::string party = absl::StrCat("p", i, better ? "b" : "a");
      CreateParty(party);
      MonthlyCharge c{party, "2017-03", *ParseDate("2017-03-31", "d"), charge};
      CreditAssessment a;
      a.party = party;
      a.effective_date = *ParseDate("2017-02-01", "d");
      a.mcv_pence = mcv;
      std::string rating_text, score_text;
      if (rated) {
        a.rating = scale[rank - better];
        rating_text = *a.rating;
      } else {
        a.score = score + better;
        score_text = absl::StrCat(*a.score);
      }
      absl::StrAppend(&charges, party, ",2017-03,2017-03-31,", charge, "\n");
      absl::StrAppend(&assessments, party, ",2017-02-01,", rating_text, ",", score_text, ",",
                      mcv, "\n");
      CreditInputs& in = inputs[party];
      in.charge = c;
      in.assessment = a;
      if (lodged > 0) {
        absl::StrAppend(&instruments, party, ",CASH_DEPOSIT,", lodged, ",,2017-01-01,\n");
        CreditInstrument inst;
        inst.party = party;
        inst.kind = InstrumentKind::kCashDeposit;
        inst.amount_pence = lodged;
        inst.valid_from = *ParseDate("2017-01-01", "d");
        in.instruments.push_back(inst);
      }
    }
  }
  v1::ImportCreditDataRequest imp;
  imp.set_charges_csv(charges);
  imp.set_assessments_csv(assessments);
  imp.set_instruments_csv(instruments);
  v1::ImportCreditDataResponse imported;
  grpc::Status s = credit_->ImportCreditData(Ctx("admin").get(), imp, &imported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(imported.charges(), 2 * kPairs);

  for (const char* policy_id : {"mcv", "var"}) {
    SCOPED_TRACE(policy_id);
    v1::CreditPolicy policy_proto;
    v1::GetCreditPolicyRequest get;
    get.set_name(absl::StrCat("creditPolicies/", policy_id));
    ASSERT_TRUE(credit_->GetCreditPolicy(Ctx("dcc").get(), get, &policy_proto).ok());
    CreditPolicy policy;
    policy.id = policy_id;
    policy.effective_date = *ParseDate(policy_proto.effective_date(), "d");
    policy.uplift_bp = policy_proto.uplift_bp();
    policy.allowance_basis = policy_proto.allowance_basis() == v1::ALLOWANCE_BASIS_VALUE_AT_RISK
                                 ? AllowanceBasis::kValueAtRisk
                                 : AllowanceBasis::kMaximumCreditValue;
    for (const auto& f : policy_proto.rating_factors()) {
      policy.rating_factors.push_back({f.rating(), f.ucf_bp()});
    }
    for (const auto& b : policy_proto.score_bands()) {
      policy.score_bands.push_back({b.min_score(), b.max_score(), b.ucf_bp()});
    }
    if (policy_proto.has_mcv_cap_pence()) policy.mcv_cap_pence = policy_proto.mcv_cap_pence();

    v1::PortfolioTotals totals;
    std::vector<v1::CreditCoverResult> rows =
        PortfolioRows("2017-04-10", absl::StrCat("creditPolicies/", policy_id), &totals);
    ASSERT_EQ(rows.size(), 2u * kPairs);
    EXPECT_EQ(totals.parties(), 2 * kPairs);
    std::map<std::string, int64_t> requirement;
    int64_t var_sum = 0;
    for (const v1::CreditCoverResult& r : rows) {
      const std::string id = r.party().substr(std::string("parties/").size());
      absl::StatusOr<CreditResult> want =
          CalculateCreditCover(policy, inputs.at(id), *ParseDate("2017-04-10", "d"));
      ASSERT_TRUE(want.ok()) << want.status();
      ASSERT_EQ(r.value_at_risk_pence(), want->value_at_risk_pence) << id;
      ASSERT_EQ(r.allowance_pence(), want->allowance_pence) << id;
      ASSERT_EQ(r.requirement_pence(), want->requirement_pence) << id;
      ASSERT_EQ(r.lodged_pence(), want->lodged_pence) << id;
      ASSERT_EQ(r.shortfall_pence(), want->shortfall_pence) << id;
      EXPECT_LE(r.requirement_pence(), r.value_at_risk_pence()) << id;
      EXPECT_LE(r.allowance_pence(), r.basis_pence()) << id;
      EXPECT_EQ(r.shortfall_pence(),
                std::max<int64_t>(0, r.requirement_pence() - r.lodged_pence()))
          << id;
      requirement[id] = r.requirement_pence();
      var_sum += r.value_at_risk_pence();
    }
    EXPECT_EQ(totals.value_at_risk_pence(), var_sum);
    for (int i = 0; i < kPairs; ++i) {
      EXPECT_LE(requirement[absl::StrCat("p", i, "b")], requirement[absl::StrCat("p", i, "a")])
          << "a better assessment raised the requirement of pair " << i;
    }
  }
}

// ---- Permissions and refusals -----------------------------------------------------------------

TEST_P(CreditServiceTest, APartyReadsOnlyItsOwnCreditData) {
  CreateParty("british-gas", v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  CreateParty("edf-energy", v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  ASSERT_TRUE(CreatePolicy("sec-5-6", "2017-04-01", 4000,
                           v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE).ok());
  ASSERT_TRUE(Charge("edf-energy", 1000000, "2017-03-31").ok());
  ASSERT_TRUE(Charge("british-gas", 1000000, "2017-03-31").ok());
  v1::CreditCoverResult r;
  EXPECT_TRUE(Calc("british-gas", "2017-04-10", &r, "bg").ok());
  EXPECT_EQ(Calc("edf-energy", "2017-04-10", &r, "bg").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListChargesRequest lc;
  lc.set_parent("parties/edf-energy");
  v1::ListChargesResponse charges;
  EXPECT_EQ(credit_->ListCharges(Ctx("bg").get(), lc, &charges).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(credit_->ListCharges(Ctx("edf").get(), lc, &charges).ok());
  EXPECT_EQ(charges.charges_size(), 1);
  v1::ListCreditAssessmentsRequest la;
  la.set_parent("parties/edf-energy");
  v1::ListCreditAssessmentsResponse assessments;
  EXPECT_EQ(credit_->ListCreditAssessments(Ctx("bg").get(), la, &assessments).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListCreditSupportRequest ls;
  ls.set_parent("parties/edf-energy");
  v1::ListCreditSupportResponse support;
  EXPECT_EQ(credit_->ListCreditSupport(Ctx("bg").get(), ls, &support).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Naming no party, a party lists its own notices (the DCC and SECAS: every party's).
  v1::ListBreachNoticesRequest ln;
  v1::ListBreachNoticesResponse notices;
  ASSERT_TRUE(credit_->ListBreachNotices(Ctx("bg").get(), ln, &notices).ok());
  for (const auto& n : notices.notices()) EXPECT_EQ(n.party(), "parties/british-gas");
  ln.set_parent("parties/edf-energy");
  EXPECT_EQ(credit_->ListBreachNotices(Ctx("bg").get(), ln, &notices).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetPortfolioRequest gp;
  gp.set_date("2017-04-10");
  v1::Portfolio portfolio;
  EXPECT_EQ(credit_->GetPortfolio(Ctx("bg").get(), gp, &portfolio).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ComparePoliciesRequest cp;
  cp.set_policy_a("creditPolicies/sec-5-6");
  cp.set_policy_b("creditPolicies/sec-5-6");
  v1::PolicyComparison cmp;
  EXPECT_EQ(credit_->ComparePolicies(Ctx("bg").get(), cp, &cmp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A party cannot write its own figures either.
  EXPECT_EQ(Charge("british-gas", 1, "2017-03-31", "bg").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(credit_->GetPortfolio(Ctx("admin").get(), gp, &portfolio).ok());
  EXPECT_EQ(portfolio.totals().parties(), 2);
}

TEST_P(CreditServiceTest, RefusedWithdrawalOrReductionChangesNothing) {
  CreateParty("small-one");
  ASSERT_TRUE(CreatePolicy("sec-5-6", "2017-04-01", 4000,
                           v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE).ok());
  ASSERT_TRUE(Charge("small-one", 10000000, "2017-03-31").ok());  // VaR £140,000
  v1::CreditSupport g1, g2;
  ASSERT_TRUE(Lodge("small-one", v1::INSTRUMENT_KIND_BANK_GUARANTEE, 10000000, "2017-01-01", "",
                    &g1).ok());
  ASSERT_TRUE(Lodge("small-one", v1::INSTRUMENT_KIND_CASH_DEPOSIT, 5000000, "2017-01-01", "",
                    &g2).ok());
  v1::WithdrawCreditSupportRequest w;
  w.set_name(g1.name());
  w.set_date("2017-04-10");
  v1::CreditSupport out;
  grpc::Status s = credit_->WithdrawCreditSupport(Ctx("dcc").get(), w, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::AmendCreditSupportRequest a;
  *a.mutable_instrument() = g1;
  a.mutable_instrument()->set_amount_pence(8000000);
  a.set_date("2017-04-10");
  EXPECT_EQ(credit_->AmendCreditSupport(Ctx("dcc").get(), a, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::CreditCoverResult r;
  ASSERT_TRUE(Calc("small-one", "2017-04-10", &r).ok());
  EXPECT_EQ(r.lodged_pence(), 15000000);
  EXPECT_EQ(r.shortfall_pence(), 0);
  v1::ListCreditSupportRequest ls;
  ls.set_parent("parties/small-one");
  v1::ListCreditSupportResponse list;
  ASSERT_TRUE(credit_->ListCreditSupport(Ctx("dcc").get(), ls, &list).ok());
  ASSERT_EQ(list.instruments_size(), 2);
  EXPECT_EQ(list.instruments(0).state(), v1::CREDIT_SUPPORT_STATE_LODGED);
  EXPECT_EQ(list.instruments(0).etag(), g1.etag());
  // The surplus £10,000 (of £150,000 lodged against £140,000) may be released.
  a.mutable_instrument()->set_amount_pence(9000000);
  s = credit_->AmendCreditSupport(Ctx("dcc").get(), a, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(Calc("small-one", "2017-04-10", &r).ok());
  EXPECT_EQ(r.lodged_pence(), 14000000);
}

// credit.proto: a withdrawn instrument's valid_to is the day before its withdrawal, in the
// response and in every later read.
TEST_P(CreditServiceTest, AWithdrawnInstrumentEndsTheDayBeforeItsWithdrawal) {
  CreateParty("small-one");
  ASSERT_TRUE(CreatePolicy("sec-5-6", "2017-04-01", 4000,
                           v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE).ok());
  v1::CreditSupport open_ended, dated;
  ASSERT_TRUE(Lodge("small-one", v1::INSTRUMENT_KIND_CASH_DEPOSIT, 5000000, "2017-01-01", "",
                    &open_ended).ok());
  ASSERT_TRUE(Lodge("small-one", v1::INSTRUMENT_KIND_BANK_GUARANTEE, 5000000, "2017-01-01",
                    "2017-04-05", &dated).ok());
  v1::CreditSupport out;
  for (const v1::CreditSupport* i : {&open_ended, &dated}) {
    v1::WithdrawCreditSupportRequest w;
    w.set_name(i->name());
    w.set_date("2017-04-10");  // the test clock's today
    grpc::Status s = credit_->WithdrawCreditSupport(Ctx("dcc").get(), w, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(out.state(), v1::CREDIT_SUPPORT_STATE_WITHDRAWN);
    EXPECT_EQ(out.withdraw_date(), "2017-04-10");
    // An earlier end of its own stays.
    EXPECT_EQ(out.valid_to(), i == &open_ended ? "2017-04-09" : "2017-04-05");
  }
  v1::ListCreditSupportRequest ls;
  ls.set_parent("parties/small-one");
  v1::ListCreditSupportResponse list;
  ASSERT_TRUE(credit_->ListCreditSupport(Ctx("dcc").get(), ls, &list).ok());
  ASSERT_EQ(list.instruments_size(), 2);
  EXPECT_EQ(list.instruments(0).valid_to(), "2017-04-09");
  EXPECT_EQ(list.instruments(1).valid_to(), "2017-04-05");
  v1::CreditCoverResult r;
  ASSERT_TRUE(Calc("small-one", "2017-04-09", &r).ok());
  EXPECT_EQ(r.lodged_pence(), 5000000);
  ASSERT_TRUE(Calc("small-one", "2017-04-10", &r).ok());
  EXPECT_EQ(r.lodged_pence(), 0);
}

// A portfolio on a date counts the parties with a credit record on or before it, not those
// whose first record comes later.
TEST_P(CreditServiceTest, APortfolioCountsOnlyPartiesWithARecordByItsDate) {
  ASSERT_TRUE(CreatePolicy("mcv", "2017-04-01", 4000, v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE)
                  .ok());
  CreateParty("charged");
  ASSERT_TRUE(Charge("charged", 10000000, "2017-03-31").ok());
  CreateParty("charged-later");
  ASSERT_TRUE(Charge("charged-later", 10000000, "2017-05-31").ok());
  CreateParty("lodges-later");
  ASSERT_TRUE(Lodge("lodges-later", v1::INSTRUMENT_KIND_CASH_DEPOSIT, 100, "2017-06-01", "").ok());
  v1::PortfolioTotals totals;
  std::vector<v1::CreditCoverResult> rows = PortfolioRows("2017-04-10", "", &totals);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].party(), "parties/charged");
  EXPECT_EQ(totals.parties(), 1);
  rows = PortfolioRows("2017-06-01", "", &totals);
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_EQ(totals.parties(), 3);
}

TEST_P(CreditServiceTest, InvalidInputsAreRefusedWithClearErrors) {
  CreateParty("small-one");
  EXPECT_EQ(Charge("small-one", -1, "2017-03-31").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status s = Assess("small-one", "2017-01-01", "AAA+", std::nullopt, 0);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("AAA+"));
  s = Assess("small-one", "2017-01-01", "", 101, 0);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Assess("small-one", "2017-01-01", "", -1, 0).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Assess("small-one", "2017-01-01", "A", std::nullopt, -5).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Lodge("small-one", v1::INSTRUMENT_KIND_CASH_DEPOSIT, -100, "2017-01-01", "")
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(CreatePolicy("sec-5-6", "2017-04-01", 4000,
                           v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE).ok());
  s = CreatePolicy("sec-5-6-again", "2017-04-01", 3000, v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), HasSubstr("creditPolicies/sec-5-6"));
  EXPECT_EQ(CreatePolicy("negative", "2017-05-01", -1, v1::ALLOWANCE_BASIS_NONE).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Bulk import: one bad line refuses the whole request, naming file and line.
  v1::ImportCreditDataRequest imp;
  imp.set_charges_csv(
      "party,period,invoice_date,amount_pence\n"
      "small-one,2017-03,2017-03-31,100\n");
  imp.set_assessments_csv(
      "party,effective_date,rating,score,mcv_pence\n"
      "small-one,2017-01-01,A,,100\n"
      "\n"
      "small-one,2017-01-01,,150,100\n");
  v1::ImportCreditDataResponse resp;
  s = credit_->ImportCreditData(Ctx("admin").get(), imp, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("assessments_csv"));
  EXPECT_THAT(s.error_message(), HasSubstr("line 4"));
  imp.set_assessments_csv("");
  imp.set_instruments_csv(
      "party,kind,amount_pence,issuer,valid_from,valid_to\n"
      "nobody-here,CASH_DEPOSIT,5,,2017-01-01,\n");
  s = credit_->ImportCreditData(Ctx("admin").get(), imp, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("instruments_csv line 2"));
  v1::ListChargesRequest lc;
  lc.set_parent("parties/small-one");
  v1::ListChargesResponse charges;
  ASSERT_TRUE(credit_->ListCharges(Ctx("dcc").get(), lc, &charges).ok());
  EXPECT_EQ(charges.charges_size(), 0) << "a refused import must write nothing";
}

// ---- Breach, default, cure --------------------------------------------------------------------

TEST_P(CreditServiceTest, BreachOnAFridayBeforeABankHolidayCuresOrDefaults) {
  // Friday 28 April 2017; Monday 1 May is the Early May bank holiday, so the 3rd working day
  // after the notice is Thursday 4 May.
  ASSERT_TRUE(store()
                  .Write([](storage::Tx& tx) {
                    return storage::PutHoliday(
                        tx, Holiday{*ParseDate("2017-05-01", "d"), "Early May bank holiday"});
                  })
                  .ok());
  ASSERT_TRUE(CreatePolicy("sec-5-6", "2017-04-01", 4000,
                           v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE).ok());
  for (const char* p : {"lodges-in-time", "never-lodges", "always-covered"}) {
    CreateParty(p);
    ASSERT_TRUE(Charge(p, 10000000, "2017-04-20").ok());  // VaR £140,000, no allowance
  }
  ASSERT_TRUE(Lodge("always-covered", v1::INSTRUMENT_KIND_CASH_DEPOSIT, 14000000, "2017-01-01",
                    "").ok());

  v1::RunCreditCheckResponse first = Check("2017-04-28");
  EXPECT_FALSE(first.already_run());
  EXPECT_EQ(first.notices_issued(), 2);
  for (const auto& a : first.actions()) {
    EXPECT_EQ(a.kind(), v1::CREDIT_CHECK_ACTION_KIND_ISSUE_NOTICE);
    EXPECT_EQ(a.cure_deadline(), "2017-05-04") << a.party();
  }
  // Lodged on Wednesday 3 May: in force before the deadline.
  ASSERT_TRUE(Lodge("lodges-in-time", v1::INSTRUMENT_KIND_BANK_GUARANTEE, 14000000, "2017-05-03",
                    "").ok());
  v1::RunCreditCheckResponse mid = Check("2017-05-02");
  EXPECT_EQ(mid.actions_size(), 0);
  v1::RunCreditCheckResponse deadline = Check("2017-05-04");
  EXPECT_EQ(deadline.notices_cured(), 1);
  EXPECT_EQ(deadline.defaults_raised(), 1);

  // Re-running any date already checked changes nothing and reports the first outcome.
  v1::RunCreditCheckResponse again = Check("2017-05-04");
  EXPECT_TRUE(again.already_run());
  EXPECT_EQ(again.defaults_raised(), 1);
  EXPECT_EQ(again.notices_cured(), 1);
  v1::RunCreditCheckResponse older = Check("2017-04-28");
  EXPECT_TRUE(older.already_run());
  EXPECT_EQ(older.notices_issued(), 2);

  v1::ListBreachNoticesRequest ln;
  v1::ListBreachNoticesResponse notices;
  ASSERT_TRUE(credit_->ListBreachNotices(Ctx("dcc").get(), ln, &notices).ok());
  ASSERT_EQ(notices.notices_size(), 2);
  EXPECT_EQ(notices.notices(0).name(), "parties/lodges-in-time/breachNotices/2017-04-28");
  EXPECT_EQ(notices.notices(0).state(), v1::BREACH_NOTICE_STATE_CURED);
  EXPECT_EQ(notices.notices(0).cured_date(), "2017-05-04");
  EXPECT_EQ(notices.notices(1).name(), "parties/never-lodges/breachNotices/2017-04-28");
  EXPECT_EQ(notices.notices(1).state(), v1::BREACH_NOTICE_STATE_OPEN);
  v1::ListDefaultsRequest ld;
  v1::ListDefaultsResponse defaults;
  ASSERT_TRUE(credit_->ListDefaults(Ctx("dcc").get(), ld, &defaults).ok());
  ASSERT_EQ(defaults.defaults_size(), 1);
  EXPECT_EQ(defaults.defaults(0).name(), "parties/never-lodges/defaults/2017-05-04");
  EXPECT_EQ(defaults.defaults(0).state(), v1::DEFAULT_STATE_OUTSTANDING);
  EXPECT_EQ(defaults.defaults(0).shortfall_pence(), 14000000);

  // Checks run in date order: an earlier, unchecked date is refused.
  v1::RunCreditCheckRequest req;
  req.set_date("2017-05-03");
  v1::RunCreditCheckResponse out;
  EXPECT_EQ(credit_->RunCreditCheck(Ctx("dcc").get(), req, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Lodging later remedies the default.
  ASSERT_TRUE(Lodge("never-lodges", v1::INSTRUMENT_KIND_CASH_DEPOSIT, 14000000, "2017-05-08",
                    "").ok());
  EXPECT_EQ(Check("2017-05-08").notices_cured(), 1);
  ld.set_state(v1::DEFAULT_STATE_REMEDIED);
  ASSERT_TRUE(credit_->ListDefaults(Ctx("dcc").get(), ld, &defaults).ok());
  ASSERT_EQ(defaults.defaults_size(), 1);
  EXPECT_EQ(defaults.defaults(0).remedied_date(), "2017-05-08");
}

// The portfolio is computed once for a run of pages and kept until the next write (on the
// embedded store): pages of one equal the whole, and a read after a write sees the write.
TEST_P(CreditServiceTest, APortfolioReadAfterAWriteSeesIt) {
  ASSERT_TRUE(CreatePolicy("mcv", "2017-04-01", 4000, v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE)
                  .ok());
  for (const char* party : {"alpha", "bravo", "charlie"}) {
    CreateParty(party);
    ASSERT_TRUE(Charge(party, 100000000, "2017-03-31").ok());
  }
  v1::PortfolioTotals totals;
  std::vector<v1::CreditCoverResult> whole = PortfolioRows("2017-04-10", "", &totals);
  ASSERT_EQ(whole.size(), 3u);
  // Pages of one, read again: the same rows and totals.
  v1::GetPortfolioRequest req;
  req.set_date("2017-04-10");
  req.set_page_size(1);
  std::vector<std::string> paged;
  do {
    v1::Portfolio page;
    ASSERT_TRUE(credit_->GetPortfolio(Ctx("dcc").get(), req, &page).ok());
    EXPECT_EQ(page.totals().SerializeAsString(), totals.SerializeAsString());
    for (const auto& row : page.rows()) paged.push_back(row.SerializeAsString());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  ASSERT_EQ(paged.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(paged[i], whole[i].SerializeAsString());

  // A new party's charge, and more support for another: the next read shows both.
  CreateParty("delta");
  ASSERT_TRUE(Charge("delta", 50000000, "2017-03-31").ok());
  v1::PortfolioTotals after;
  std::vector<v1::CreditCoverResult> more = PortfolioRows("2017-04-10", "", &after);
  EXPECT_EQ(more.size(), 4u);
  EXPECT_NE(after.SerializeAsString(), totals.SerializeAsString());
  ASSERT_TRUE(Lodge("alpha", v1::INSTRUMENT_KIND_LETTER_OF_CREDIT, 900000000, "2017-01-01",
                    "2018-01-01")
                  .ok());
  v1::PortfolioTotals lodged;
  PortfolioRows("2017-04-10", "", &lodged);
  EXPECT_NE(lodged.SerializeAsString(), after.SerializeAsString());
}

SEC_INSTANTIATE_BACKENDS(CreditServiceTest);

}  // namespace
}  // namespace sec
