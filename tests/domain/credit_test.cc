#include "domain/credit.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "domain/calendar.h"
#include "domain/credit_csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
const Date kD(2017, 4, 10);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

MonthlyCharge Charge(int64_t pence, Date invoiced = kD) {
  return MonthlyCharge{"p", "2017-03", invoiced, pence};
}

CreditAssessment Rated(const std::string& rating, int64_t mcv) {
  return CreditAssessment{"p", Date(2017, 1, 1), rating, std::nullopt, mcv};
}

CreditInstrument Guarantee(int64_t pence, Date from, std::optional<Date> to = std::nullopt) {
  CreditInstrument i;
  i.party = "p";
  i.issuer = "Bank";
  i.amount_pence = pence;
  i.valid_from = from;
  i.valid_to = to;
  return i;
}

// ---- The reference table ---------------------------------------------------------------------

int64_t Int(const std::string& s) {
  int64_t v = 0;
  EXPECT_TRUE(absl::SimpleAtoi(s, &v)) << "\"" << s << "\"";
  return v;
}

Date Day(const std::string& s) {
  absl::StatusOr<Date> d = ParseDate(s, "test data");
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Date());
}

// "KIND:amount:valid_from:valid_to;..." with valid_to possibly empty.
std::vector<CreditInstrument> Instruments(const std::string& column) {
  std::vector<CreditInstrument> out;
  for (absl::string_view spec : absl::StrSplit(column, ';', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(spec, ':');
    EXPECT_EQ(parts.size(), 4u) << spec;
    if (parts.size() != 4) continue;
    CreditInstrument i = Guarantee(Int(parts[1]), Day(parts[2]));
    absl::StatusOr<InstrumentKind> kind = ParseInstrumentKind(parts[0]);
    EXPECT_TRUE(kind.ok()) << kind.status();
    i.kind = kind.value_or(InstrumentKind::kBankGuarantee);
    if (!parts[3].empty()) i.valid_to = Day(parts[3]);
    out.push_back(i);
  }
  return out;
}

TEST(CreditCasesTest, ReproducesEveryRowOfTheReferenceTable) {
  absl::StatusOr<std::vector<CsvRecord>> rows =
      ParseCsv(ReadFile(SEC_TEST_DATA_DIR "/credit-cases.csv"));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_GT(rows->size(), 20u) << "credit-cases.csv missing or truncated";
  const std::vector<std::string>& header = rows->front().fields;
  auto col = [&header](const char* name) {
    const size_t i = std::find(header.begin(), header.end(), name) - header.begin();
    EXPECT_LT(i, header.size()) << name;
    return i;
  };
  for (size_t r = 1; r < rows->size(); ++r) {
    const std::vector<std::string>& f = (*rows)[r].fields;
    ASSERT_EQ(f.size(), header.size());
    SCOPED_TRACE(f[col("case")]);
    const Date date = Day(f[col("date")]);

    CreditPolicy policy = DefaultCreditPolicy();
    policy.uplift_bp = Int(f[col("uplift_bp")]);
    absl::StatusOr<AllowanceBasis> basis = ParseAllowanceBasis(f[col("allowance_basis")]);
    ASSERT_TRUE(basis.ok()) << basis.status();
    policy.allowance_basis = *basis;
    if (!f[col("mcv_cap_pence")].empty()) policy.mcv_cap_pence = Int(f[col("mcv_cap_pence")]);

    CreditInputs in;
    in.charge = Charge(Int(f[col("charges_pence")]), date);
    const std::string& rating = f[col("rating")];
    const std::string& score = f[col("score")];
    const int64_t mcv = f[col("mcv_pence")].empty() ? 0 : Int(f[col("mcv_pence")]);
    if (!rating.empty() || !score.empty() || mcv != 0) {
      CreditAssessment a = Rated(rating, mcv);
      if (rating.empty()) a.rating.reset();
      if (!score.empty()) a.score = static_cast<int>(Int(score));
      in.assessment = a;
    }
    in.instruments = Instruments(f[col("instruments")]);

    absl::StatusOr<CreditResult> got = CalculateCreditCover(policy, in, date);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->value_at_risk_pence, Int(f[col("value_at_risk")]));
    EXPECT_EQ(got->ucf_bp, Int(f[col("ucf_bp")]));
    EXPECT_EQ(got->basis_pence, Int(f[col("basis")]));
    EXPECT_EQ(got->allowance_pence, Int(f[col("allowance")]));
    EXPECT_EQ(got->requirement_pence, Int(f[col("requirement")]));
    EXPECT_EQ(got->lodged_pence, Int(f[col("lodged")]));
    EXPECT_EQ(got->shortfall_pence, Int(f[col("shortfall")]));
    EXPECT_EQ(got->policy_id, policy.id);
  }
}

// ---- Sizes, overflow and rounding ------------------------------------------------------------

TEST(CreditCoverTest, TenBillionPoundsWorksToThePenny) {
  CreditInputs in;
  in.charge = Charge(1'000'000'000'000);  // £10bn
  in.assessment = Rated("AAA", 1'000'000'000'000);
  absl::StatusOr<CreditResult> r = CalculateCreditCover(DefaultCreditPolicy(), in, kD);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->value_at_risk_pence, 1'400'000'000'000);  // £14bn
  EXPECT_EQ(r->allowance_pence, 1'000'000'000'000);
  EXPECT_EQ(r->requirement_pence, 400'000'000'000);
}

TEST(CreditCoverTest, OverflowIsAnErrorNotANumber) {
  CreditPolicy policy = DefaultCreditPolicy();
  policy.uplift_bp = 0;
  CreditInputs in;
  in.charge = Charge(kMax);
  absl::StatusOr<CreditResult> r = CalculateCreditCover(policy, in, kD);
  ASSERT_TRUE(r.ok()) << r.status();  // × 1.0000 still fits
  EXPECT_EQ(r->value_at_risk_pence, kMax);

  policy.uplift_bp = 1;  // × 1.0001 does not
  r = CalculateCreditCover(policy, in, kD);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("Value at Risk"));

  policy.uplift_bp = kMax;  // an absurd uplift on ordinary charges
  in.charge = Charge(1'000'000'000'000);
  EXPECT_EQ(CalculateCreditCover(policy, in, kD).status().code(),
            absl::StatusCode::kInvalidArgument);

  CreditInputs lodged;
  lodged.instruments = {Guarantee(kMax / 2 + 1, kD), Guarantee(kMax / 2 + 1, kD)};
  EXPECT_EQ(CalculateCreditCover(DefaultCreditPolicy(), lodged, kD).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Policy with one rating (AAA) earning `ucf_bp`; everything else 0.
CreditPolicy OneRatingPolicy(int64_t ucf_bp, AllowanceBasis basis) {
  CreditPolicy p = DefaultCreditPolicy();
  p.rating_factors = {{"AAA", ucf_bp}};
  p.allowance_basis = basis;
  return p;
}

TEST(CreditCoverTest, RoundsHalfUpAtEachNamedStep) {
  struct Case {
    int64_t charges, uplift_bp, var;
  };
  // 5 × 1.1 = 5.5 -> 6; 5 × 1.0999 = 5.4995 -> 5; 3 × 1.5 = 4.5 -> 5; 1 × 1.4999 -> 1.
  for (const Case& c : {Case{5, 1000, 6}, Case{5, 999, 5}, Case{3, 5000, 5}, Case{1, 4999, 1}}) {
    CreditPolicy p = DefaultCreditPolicy();
    p.uplift_bp = c.uplift_bp;
    CreditInputs in;
    in.charge = Charge(c.charges);
    absl::StatusOr<CreditResult> r = CalculateCreditCover(p, in, kD);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->value_at_risk_pence, c.var) << c.charges << " x " << c.uplift_bp;
  }
  // Allowance: 1p × 50.00% = 0.5p -> 1p; 1p × 49.99% -> 0p; 3p × 50.00% = 1.5p -> 2p.
  struct AllowanceCase {
    int64_t mcv, ucf_bp, allowance;
  };
  for (const AllowanceCase& c :
       {AllowanceCase{1, 5000, 1}, AllowanceCase{1, 4999, 0}, AllowanceCase{3, 5000, 2}}) {
    CreditInputs in;
    in.charge = Charge(100);
    in.assessment = Rated("AAA", c.mcv);
    absl::StatusOr<CreditResult> r = CalculateCreditCover(
        OneRatingPolicy(c.ucf_bp, AllowanceBasis::kMaximumCreditValue), in, kD);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->allowance_pence, c.allowance) << c.mcv << " x " << c.ucf_bp;
    EXPECT_EQ(r->requirement_pence, 140 - c.allowance);
  }
}

TEST(CreditCoverTest, RatingTakesPrecedenceOverScore) {
  CreditInputs in;
  in.charge = Charge(10'000'000);
  in.assessment = Rated("BB", 20'000'000);  // BB earns 0 ...
  in.assessment->score = 95;                // ... even though the score would earn 20%
  absl::StatusOr<CreditResult> r = CalculateCreditCover(DefaultCreditPolicy(), in, kD);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->ucf_source, UcfSource::kRating);
  EXPECT_EQ(r->ucf_bp, 0);
  EXPECT_EQ(r->requirement_pence, 14'000'000);
}

TEST(CreditCoverTest, RejectsBadInputs) {
  struct Case {
    const char* name;
    CreditInputs in;
    const char* message;
  };
  CreditInputs negative_charge, late_charge, negative_mcv, off_scale, bad_score, late_assessment,
      negative_instrument;
  negative_charge.charge = Charge(-1);
  late_charge.charge = Charge(1, kD + 1);
  negative_mcv.assessment = Rated("A", -5);
  off_scale.assessment = Rated("Baa1", 0);
  bad_score.assessment = CreditAssessment{"p", kD, std::nullopt, 101, 0};
  late_assessment.assessment = CreditAssessment{"p", kD + 1, "A", std::nullopt, 0};
  negative_instrument.instruments = {Guarantee(-1, kD + 30)};  // negative even if not in force
  for (const Case& c : {Case{"negative charge", negative_charge, "must not be negative"},
                        Case{"charge after D", late_charge, "after 2017-04-10"},
                        Case{"negative MCV", negative_mcv, "mcv_pence must not be negative"},
                        Case{"rating off the scale", off_scale, "\"Baa1\" is not a credit rating"},
                        Case{"score 101", bad_score, "0 to 100"},
                        Case{"assessment after D", late_assessment, "after 2017-04-10"},
                        Case{"negative instrument", negative_instrument, "must not be negative"}}) {
    absl::StatusOr<CreditResult> r = CalculateCreditCover(DefaultCreditPolicy(), c.in, kD);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message)) << c.name;
  }
}

// ---- Properties over seeded random inputs ----------------------------------------------------

// A random valid policy: factor tables drawn at random but monotone, as validation requires.
CreditPolicy RandomPolicy(std::mt19937_64& rng) {
  CreditPolicy p = DefaultCreditPolicy();
  p.uplift_bp = std::uniform_int_distribution<int64_t>(0, 20000)(rng);
  p.allowance_basis = static_cast<AllowanceBasis>(rng() % 3);
  if (rng() % 2)
    p.mcv_cap_pence = std::uniform_int_distribution<int64_t>(0, 1'000'000'000'000)(rng);
  std::vector<int64_t> factors(CreditRatingScale().size());
  for (int64_t& f : factors) f = std::uniform_int_distribution<int64_t>(0, 10000)(rng);
  std::sort(factors.rbegin(), factors.rend());  // best rating first, largest factor
  p.rating_factors.clear();
  for (size_t i = 0; i < factors.size(); ++i) {
    p.rating_factors.push_back({CreditRatingScale()[i], factors[i]});
  }
  return p;
}

int64_t RandomPence(std::mt19937_64& rng) {
  // Mostly small amounts, where rounding matters, and some up to £10bn.
  const int64_t top = rng() % 2 ? 1000 : 1'000'000'000'000;
  return std::uniform_int_distribution<int64_t>(0, top)(rng);
}

CreditInputs RandomInputs(std::mt19937_64& rng) {
  CreditInputs in;
  if (rng() % 5) in.charge = Charge(RandomPence(rng), kD - static_cast<int>(rng() % 60));
  if (rng() % 4) {
    CreditAssessment a{"p", kD - static_cast<int>(rng() % 400), std::nullopt, std::nullopt,
                       RandomPence(rng)};
    if (rng() % 2) a.rating = CreditRatingScale()[rng() % CreditRatingScale().size()];
    if (rng() % 2) a.score = static_cast<int>(rng() % 101);
    in.assessment = a;
  }
  const int n = static_cast<int>(rng() % 4);
  for (int k = 0; k < n; ++k) {
    const Date from = kD + static_cast<int>(rng() % 60) - 40;
    std::optional<Date> to;
    if (rng() % 2) to = from + static_cast<int>(rng() % 60);
    in.instruments.push_back(Guarantee(RandomPence(rng), from, to));
  }
  return in;
}

// x rounded half-up to a multiple of 10000, divided by 10000, satisfies
// -5000 <= x - 10000·result < 5000.
void ExpectHalfUp(absl::int128 x, int64_t result, const char* what) {
  const absl::int128 diff = x - absl::int128(result) * 10000;
  EXPECT_TRUE(diff >= -5000 && diff < 5000) << what << " = " << result;
}

TEST(CreditPropertyTest, InvariantsHoldOverRandomInputs) {
  std::mt19937_64 rng(20170410);
  for (int iteration = 0; iteration < 5000; ++iteration) {
    const CreditPolicy policy = RandomPolicy(rng);
    const CreditInputs in = RandomInputs(rng);
    absl::StatusOr<CreditResult> r = CalculateCreditCover(policy, in, kD);
    ASSERT_TRUE(r.ok()) << r.status();
    SCOPED_TRACE(::testing::Message() << "iteration " << iteration);

    const int64_t charges = in.charge ? in.charge->amount_pence : 0;
    ExpectHalfUp(absl::int128(charges) * (10000 + policy.uplift_bp), r->value_at_risk_pence, "VaR");
    ExpectHalfUp(absl::int128(r->basis_pence) * r->ucf_bp, r->allowance_pence, "allowance");
    EXPECT_LE(r->allowance_pence, r->basis_pence);
    EXPECT_LE(r->requirement_pence, r->value_at_risk_pence);
    EXPECT_EQ(r->requirement_pence,
              std::max<int64_t>(0, r->value_at_risk_pence - r->allowance_pence));
    EXPECT_EQ(r->shortfall_pence, std::max<int64_t>(0, r->requirement_pence - r->lodged_pence));
    int64_t lodged = 0;
    for (const CreditInstrument& i : in.instruments) {
      if (i.valid_from <= kD && (!i.valid_to || kD <= *i.valid_to)) lodged += i.amount_pence;
    }
    EXPECT_EQ(r->lodged_pence, lodged);
    if (policy.allowance_basis == AllowanceBasis::kNone) {
      EXPECT_EQ(r->allowance_pence, 0);
    }
    if (policy.allowance_basis == AllowanceBasis::kValueAtRisk) {
      EXPECT_EQ(r->basis_pence, r->value_at_risk_pence);
    }
  }
}

TEST(CreditPropertyTest, ImprovingTheRatingOrScoreNeverRaisesTheRequirement) {
  std::mt19937_64 rng(5600);
  for (int iteration = 0; iteration < 1000; ++iteration) {
    const CreditPolicy policy = RandomPolicy(rng);
    CreditInputs in = RandomInputs(rng);
    in.assessment = CreditAssessment{"p", kD, std::nullopt, std::nullopt, RandomPence(rng)};
    int64_t previous = kMax;
    // From D up to AAA, then scores from 0 to 100 on the default bands.
    const auto scale = CreditRatingScale();
    for (auto it = scale.rbegin(); it != scale.rend(); ++it) {
      in.assessment->rating = *it;
      absl::StatusOr<CreditResult> r = CalculateCreditCover(policy, in, kD);
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_LE(r->requirement_pence, previous) << "rating " << *it;
      previous = r->requirement_pence;
    }
    in.assessment->rating.reset();
    previous = kMax;
    for (int score = 0; score <= 100; ++score) {
      in.assessment->score = score;
      absl::StatusOr<CreditResult> r = CalculateCreditCover(policy, in, kD);
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_LE(r->requirement_pence, previous) << "score " << score;
      previous = r->requirement_pence;
    }
  }
}

// ---- Policy validation and selection ---------------------------------------------------------

TEST(CreditPolicyTest, DefaultPolicyMatchesTheSpecTables) {
  const CreditPolicy p = DefaultCreditPolicy();
  EXPECT_TRUE(ValidateCreditPolicy(p).ok());
  EXPECT_EQ(p.uplift_bp, 4000);
  EXPECT_EQ(p.allowance_basis, AllowanceBasis::kMaximumCreditValue);
  EXPECT_FALSE(p.mcv_cap_pence.has_value());
  auto ucf_for = [](const std::string& rating) {
    CreditInputs in;
    in.assessment = Rated(rating, 10000);  // allowance in pence == factor in bp
    return CalculateCreditCover(DefaultCreditPolicy(), in, kD)->ucf_bp;
  };
  EXPECT_EQ(ucf_for("AAA"), 10000);
  EXPECT_EQ(ucf_for("AA-"), 10000);
  EXPECT_EQ(ucf_for("A+"), 4000);
  EXPECT_EQ(ucf_for("A-"), 4000);
  EXPECT_EQ(ucf_for("BBB+"), 2000);
  EXPECT_EQ(ucf_for("BBB-"), 2000);
  EXPECT_EQ(ucf_for("BB+"), 0);
  EXPECT_EQ(ucf_for("D"), 0);
  EXPECT_THAT(std::vector<std::string>(CreditRatingScale().begin(), CreditRatingScale().end()),
              ElementsAre("AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+",
                          "BB", "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"));
}

TEST(CreditPolicyTest, ValidationNamesTheProblem) {
  struct Case {
    const char* name;
    void (*mutate)(CreditPolicy&);
    const char* message;
  };
  const Case cases[] = {
      {"negative uplift", [](CreditPolicy& p) { p.uplift_bp = -1; }, "uplift_bp must be 0 to"},
      {"negative cap", [](CreditPolicy& p) { p.mcv_cap_pence = -1; }, "mcv_cap_pence"},
      {"unknown rating",
       [](CreditPolicy& p) {
         p.rating_factors.push_back({"AAA+", 0});
       },
       "\"AAA+\" is not a credit rating"},
      {"rating twice",
       [](CreditPolicy& p) {
         p.rating_factors.push_back({"D", 0});
       },
       "D is listed twice"},
      {"negative factor",
       [](CreditPolicy& p) {
         p.rating_factors = {{"AAA", -1}};
       },
       "0 to 10000 bp"},
      {"factor above 100%",
       [](CreditPolicy& p) {
         p.rating_factors = {{"AAA", 10001}};
       },
       "0 to 10000 bp"},
      {"worse rating earns more",
       [](CreditPolicy& p) {
         p.rating_factors = {{"BBB", 100}};
       },
       "rating BBB earns 100 bp but the better rating BBB+"},
      {"overlapping bands",
       [](CreditPolicy& p) {
         p.score_bands = {{80, 100, 2000}, {70, 85, 1000}};
       },
       "score bands 70-85 and 80-100 overlap"},
      {"band above 100",
       [](CreditPolicy& p) {
         p.score_bands = {{90, 101, 0}};
       },
       "outside the score range 0-100"},
      {"band below 0",
       [](CreditPolicy& p) {
         p.score_bands = {{-1, 10, 0}};
       },
       "outside the score range 0-100"},
      {"inverted band",
       [](CreditPolicy& p) {
         p.score_bands = {{60, 50, 0}};
       },
       "starts above where it ends"},
      {"negative band factor",
       [](CreditPolicy& p) {
         p.score_bands = {{0, 100, -5}};
       },
       "0 to 10000 bp"},
      {"lower score earns more",
       [](CreditPolicy& p) {
         p.score_bands = {{0, 50, 500}};
       },
       "score 51 earns 0 bp but the lower score 50 earns 500 bp"},
  };
  for (const Case& c : cases) {
    CreditPolicy p = DefaultCreditPolicy();
    c.mutate(p);
    const absl::Status s = ValidateCreditPolicy(p);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.message)) << c.name;
    // The calculation refuses an invalid policy too.
    EXPECT_EQ(CalculateCreditCover(p, CreditInputs{}, kD).status().code(),
              absl::StatusCode::kInvalidArgument)
        << c.name;
  }
}

TEST(CreditPolicyTest, SelectsThePolicyInForce) {
  CreditPolicy v55 = DefaultCreditPolicy();
  v55.id = "sec-5.5";
  v55.effective_date = Date(2016, 11, 3);
  v55.allowance_basis = AllowanceBasis::kValueAtRisk;
  CreditPolicy v56 = DefaultCreditPolicy();
  v56.id = "sec-5.6";
  v56.effective_date = Date(2017, 4, 1);
  const std::vector<CreditPolicy> policies = {v56, v55};  // order must not matter

  EXPECT_EQ(SelectPolicyInForce(policies, Date(2017, 3, 31))->id, "sec-5.5");
  EXPECT_EQ(SelectPolicyInForce(policies, Date(2017, 4, 1))->id, "sec-5.6");
  EXPECT_EQ(SelectPolicyInForce(policies, Date(2030, 1, 1))->id, "sec-5.6");

  absl::StatusOr<CreditPolicy> none = SelectPolicyInForce(policies, Date(2016, 11, 2));
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(none.status().message()), HasSubstr("2016-11-03"));
  EXPECT_EQ(SelectPolicyInForce({}, kD).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CreditInputsTest, PicksTheLatestOnOrBeforeTheDate) {
  const std::vector<MonthlyCharge> charges = {
      {"p", "2017-02", Date(2017, 2, 28), 100},
      {"p", "2017-04", Date(2017, 4, 28), 300},
      {"p", "2017-03", Date(2017, 3, 31), 200},
      {"p", "2017-03", Date(2017, 3, 31), 250},  // re-issued: the later entry wins
  };
  EXPECT_EQ(LatestChargeOnOrBefore(charges, kD)->amount_pence, 250);
  EXPECT_EQ(LatestChargeOnOrBefore(charges, Date(2017, 4, 28))->amount_pence, 300);
  EXPECT_EQ(LatestChargeOnOrBefore(charges, Date(2017, 3, 30))->amount_pence, 100);
  EXPECT_EQ(LatestChargeOnOrBefore(charges, Date(2017, 2, 27)), nullptr);

  const std::vector<CreditAssessment> assessments = {Rated("BBB", 1), Rated("A", 2)};
  std::vector<CreditAssessment> dated = assessments;
  dated[1].effective_date = kD + 1;
  EXPECT_EQ(*LatestAssessmentOnOrBefore(dated, kD)->rating, "BBB");
  EXPECT_EQ(*LatestAssessmentOnOrBefore(dated, kD + 1)->rating, "A");

  const CreditInputs in = SelectCreditInputs(charges, dated, {Guarantee(7, kD)}, kD);
  ASSERT_TRUE(in.charge && in.assessment);
  EXPECT_EQ(in.charge->amount_pence, 250);
  EXPECT_EQ(*in.assessment->rating, "BBB");
  EXPECT_EQ(in.instruments.size(), 1u);
}

// ---- Explanation and formatting --------------------------------------------------------------

TEST(CreditExplainTest, FormatsPenceAsPounds) {
  EXPECT_EQ(FormatPence(0), "£0.00");
  EXPECT_EQ(FormatPence(1), "£0.01");
  EXPECT_EQ(FormatPence(99999), "£999.99");
  EXPECT_EQ(FormatPence(123456), "£1,234.56");
  EXPECT_EQ(FormatPence(100'000'000'000), "£1,000,000,000.00");
  EXPECT_EQ(FormatPence(-150), "-£1.50");
  EXPECT_EQ(FormatPence(kMax), "£92,233,720,368,547,758.07");
  EXPECT_EQ(FormatPence(std::numeric_limits<int64_t>::min()), "-£92,233,720,368,547,758.08");
  EXPECT_EQ(FormatBasisPoints(4000), "40.00%");
  EXPECT_EQ(FormatBasisPoints(5), "0.05%");
  EXPECT_EQ(FormatBasisPoints(10000), "100.00%");
}

TEST(CreditExplainTest, ExplainsEachStepWithItsFigures) {
  CreditPolicy policy = DefaultCreditPolicy();
  policy.mcv_cap_pence = 50'000'000;
  CreditInputs in;
  in.charge = MonthlyCharge{"p", "2017-03", Date(2017, 3, 31), 10'000'000};
  in.assessment = Rated("A", 20'000'000);
  in.instruments = {Guarantee(1'000'000, Date(2017, 1, 1)), Guarantee(5, kD + 1)};
  absl::StatusOr<CreditResult> r = CalculateCreditCover(policy, in, kD);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::vector<std::string> lines = ExplainCreditResult(*r);
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_THAT(lines[0], HasSubstr("2017-04-10"));
  EXPECT_THAT(lines[0], HasSubstr("\"default\""));
  EXPECT_THAT(lines[1], HasSubstr("£100,000.00"));
  EXPECT_THAT(lines[1], HasSubstr("2017-03"));
  EXPECT_THAT(lines[1], HasSubstr("40.00% uplift"));
  EXPECT_THAT(lines[1], HasSubstr("= £140,000.00"));
  EXPECT_THAT(lines[2], HasSubstr("40.00% for credit rating A"));
  EXPECT_THAT(lines[3], HasSubstr("min(Maximum Credit Value £200,000.00, cap £500,000.00)"));
  EXPECT_THAT(lines[4], HasSubstr("£200,000.00 x 40.00%"));
  EXPECT_THAT(lines[4], HasSubstr("= £80,000.00"));
  EXPECT_THAT(lines[5], HasSubstr("max(0, £140,000.00 - £80,000.00) = £60,000.00"));
  EXPECT_THAT(lines[6], HasSubstr("£10,000.00 from 1 instrument in force"));
  EXPECT_THAT(lines[7], HasSubstr("max(0, £60,000.00 - £10,000.00) = £50,000.00"));
}

// ---- Withdrawal ------------------------------------------------------------------------------

TEST(CreditWithdrawalTest, RefusedWhenItWouldLeaveLessThanTheRequirement) {
  const int64_t requirement = 14'000'000;
  EXPECT_TRUE(CheckWithdrawal(requirement, {Guarantee(14'000'000, Date(2017, 1, 1))}, kD).ok());
  // An instrument not yet in force does not count towards what is left.
  const absl::Status s = CheckWithdrawal(
      requirement, {Guarantee(13'999'999, Date(2017, 1, 1)), Guarantee(100, kD + 1)}, kD);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("£139,999.99 lodged on 2017-04-10"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("Requirement of £140,000.00"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("short by £0.01"));
  EXPECT_TRUE(CheckWithdrawal(0, {}, kD).ok());
}

// ---- Portfolio -------------------------------------------------------------------------------

CreditResult Figures(int64_t var, int64_t allowance, int64_t requirement, int64_t lodged,
                     int64_t shortfall) {
  CreditResult r;
  r.value_at_risk_pence = var;
  r.allowance_pence = allowance;
  r.requirement_pence = requirement;
  r.lodged_pence = lodged;
  r.shortfall_pence = shortfall;
  return r;
}

TEST(CreditPortfolioTest, SumsAndShareOfValueAtRisk) {
  absl::StatusOr<PortfolioTotals> t =
      SumPortfolio({Figures(14'000'000, 8'000'000, 6'000'000, 0, 6'000'000),
                    Figures(6'000'000, 5'000'000, 1'000'000, 2'000'000, 0)});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->parties, 2);
  EXPECT_EQ(t->value_at_risk_pence, 20'000'000);
  EXPECT_EQ(t->allowance_pence, 13'000'000);
  EXPECT_EQ(t->requirement_pence, 7'000'000);
  EXPECT_EQ(t->lodged_pence, 2'000'000);
  EXPECT_EQ(t->shortfall_pence, 6'000'000);
  EXPECT_EQ(t->requirement_share_bp, 3500);  // 35.00%
}

TEST(CreditPortfolioTest, ShareRoundsHalfUpAndOverflowIsAnError) {
  auto share = [](int64_t requirement, int64_t var) {
    return SumPortfolio({Figures(var, 0, requirement, 0, 0)})->requirement_share_bp;
  };
  EXPECT_EQ(share(1, 3), 3333);   // 33.333...%
  EXPECT_EQ(share(2, 3), 6667);   // 66.666...%
  EXPECT_EQ(share(1, 20000), 1);  // exactly 0.5 bp rounds up
  EXPECT_EQ(share(1, 20001), 0);  // just under 0.5 bp
  EXPECT_EQ(share(0, 0), 0);      // nothing at risk
  EXPECT_EQ(SumPortfolio({})->requirement_share_bp, 0);

  const absl::StatusOr<PortfolioTotals> t =
      SumPortfolio({Figures(kMax, 0, 0, 0, 0), Figures(1, 0, 0, 0, 0)});
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
}

// ---- Breach and default ----------------------------------------------------------------------

WorkingDayCalendar Easter2017() {
  return WorkingDayCalendar({Date(2017, 4, 14), Date(2017, 4, 17)});
}

TEST(CreditBreachTest, CureDeadlineIsTheThirdWorkingDayAfter) {
  EXPECT_EQ(CureDeadline(Date(2017, 4, 10), Easter2017()), Date(2017, 4, 13));  // Mon -> Thu
  EXPECT_EQ(CureDeadline(Date(2017, 4, 13), Easter2017()), Date(2017, 4, 20));  // over Easter
}

TEST(CreditBreachTest, DecisionsFollowTheNoticeAndItsDeadline) {
  const WorkingDayCalendar cal = Easter2017();
  const OpenBreachNotice notice{Date(2017, 4, 13), Date(2017, 4, 20), false};
  auto decide = [&cal](Date d, int64_t shortfall, std::optional<OpenBreachNotice> open) {
    absl::StatusOr<CreditCheckDecision> r = DecideCreditCheck(d, shortfall, open, cal);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.value_or(CreditCheckDecision{});
  };
  EXPECT_EQ(decide(kD, 0, std::nullopt).action, CreditCheckAction::kNothing);

  const CreditCheckDecision issue = decide(Date(2017, 4, 13), 1, std::nullopt);
  EXPECT_EQ(issue.action, CreditCheckAction::kIssueNotice);
  EXPECT_EQ(issue.date, Date(2017, 4, 13));
  EXPECT_EQ(issue.cure_deadline, Date(2017, 4, 20));

  EXPECT_EQ(decide(Date(2017, 4, 18), 1, notice).action, CreditCheckAction::kNothing);
  const CreditCheckDecision cured = decide(Date(2017, 4, 18), 0, notice);
  EXPECT_EQ(cured.action, CreditCheckAction::kMarkCured);
  EXPECT_EQ(cured.date, Date(2017, 4, 18));

  const CreditCheckDecision eod = decide(Date(2017, 4, 20), 1, notice);
  EXPECT_EQ(eod.action, CreditCheckAction::kRaiseEventOfDefault);
  EXPECT_EQ(eod.date, Date(2017, 4, 20));
  EXPECT_EQ(decide(Date(2017, 4, 20), 0, notice).action, CreditCheckAction::kMarkCured);

  // A day before the notice existed changes nothing.
  EXPECT_EQ(decide(Date(2017, 4, 12), 0, notice).action, CreditCheckAction::kNothing);

  // Past the deadline without having checked it: the deadline's shortfall must decide.
  const absl::StatusOr<CreditCheckDecision> skipped =
      DecideCreditCheck(Date(2017, 4, 21), 1, notice, cal);
  EXPECT_EQ(skipped.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(skipped.status().message()), HasSubstr("run the check for 2017-04-20"));

  OpenBreachNotice defaulted = notice;
  defaulted.default_raised = true;
  EXPECT_EQ(decide(Date(2017, 4, 21), 1, defaulted).action, CreditCheckAction::kNothing);
  EXPECT_EQ(decide(Date(2017, 4, 24), 0, defaulted).action, CreditCheckAction::kMarkCured);

  EXPECT_EQ(DecideCreditCheck(kD, -1, std::nullopt, cal).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Drives the daily check over April 2017 the way a job would: decide, apply, and ask again for
// the same day, which must change nothing.
TEST(CreditBreachTest, DailyRunIsIdempotentAndRecordsTheDefault) {
  const WorkingDayCalendar cal = Easter2017();
  std::optional<OpenBreachNotice> open;
  std::vector<std::string> log;
  auto apply = [&](const CreditCheckDecision& d) {
    switch (d.action) {
      case CreditCheckAction::kNothing:
        return;
      case CreditCheckAction::kIssueNotice:
        open = OpenBreachNotice{d.date, d.cure_deadline, false};
        break;
      case CreditCheckAction::kRaiseEventOfDefault:
        open->default_raised = true;
        break;
      case CreditCheckAction::kMarkCured:
        open.reset();
        break;
    }
    log.push_back(std::string(CreditCheckActionName(d.action)) + " " + FormatDate(d.date));
  };
  // Short from Wed 12th until support is lodged on Mon 24th, after the cure deadline.
  for (Date d = Date(2017, 4, 10); d <= Date(2017, 4, 26); ++d) {
    const int64_t shortfall = (d >= Date(2017, 4, 12) && d < Date(2017, 4, 24)) ? 500 : 0;
    for (int run = 0; run < 2; ++run) {
      absl::StatusOr<CreditCheckDecision> decision = DecideCreditCheck(d, shortfall, open, cal);
      ASSERT_TRUE(decision.ok()) << decision.status();
      if (run == 1) {
        EXPECT_EQ(decision->action, CreditCheckAction::kNothing) << FormatDate(d);
      }
      apply(*decision);
    }
  }
  // Notice Wed 12th; 3rd working day after: Thu 13, (Good Friday, weekend, Easter Monday),
  // Tue 18, Wed 19 -> deadline Wed 19th.
  EXPECT_THAT(log, ElementsAre("ISSUE_NOTICE 2017-04-12", "RAISE_EVENT_OF_DEFAULT 2017-04-19",
                               "MARK_CURED 2017-04-24"));
}

}  // namespace
}  // namespace sec
