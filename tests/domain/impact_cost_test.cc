// Impact grades (ordered NONE < LOW < MEDIUM < HIGH, one per party category) and cost estimates
// (who records which kind, their bounds, exact totals).
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "domain/bounds.h"
#include "domain/cost.h"
#include "domain/errors.h"
#include "domain/impact.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ImpactTest, GradesAreOrderedNoneLowMediumHigh) {
  const std::vector<ImpactGrade> order = {ImpactGrade::kNone, ImpactGrade::kLow,
                                          ImpactGrade::kMedium, ImpactGrade::kHigh};
  for (size_t i = 1; i < order.size(); ++i) {
    EXPECT_LT(order[i - 1], order[i]);
    EXPECT_LT(ImpactGradeRank(order[i - 1]), ImpactGradeRank(order[i]));
  }
  EXPECT_EQ(ImpactGradeRank(ImpactGrade::kNone), 1);
  EXPECT_EQ(ImpactGradeRank(ImpactGrade::kHigh), 4);
  EXPECT_THAT(AllImpactGradeCodes(), ElementsAre("NONE", "LOW", "MEDIUM", "HIGH"));
  for (ImpactGrade g : order) {
    ImpactGrade parsed;
    ASSERT_TRUE(ParseImpactGrade(ImpactGradeCode(g), &parsed));
    EXPECT_EQ(parsed, g);
  }
  ImpactGrade parsed;
  EXPECT_FALSE(ParseImpactGrade("SEVERE", &parsed));
}

TEST(ImpactTest, OneGradePerCategoryPutInCategoryOrder) {
  std::vector<Impact> impacts = {{PartyCategory::kDcc, ImpactGrade::kHigh, "new firmware"},
                                 {PartyCategory::kLargeSupplier, ImpactGrade::kLow, ""}};
  ASSERT_TRUE(NormaliseImpacts(&impacts).ok());
  EXPECT_EQ(impacts[0].category, PartyCategory::kLargeSupplier);
  EXPECT_EQ(impacts[1].category, PartyCategory::kDcc);
  EXPECT_EQ(impacts[1].note, "new firmware");

  impacts.push_back({PartyCategory::kDcc, ImpactGrade::kNone, ""});
  absl::Status twice = NormaliseImpacts(&impacts);
  EXPECT_EQ(twice.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(twice), "impacts[2].category");
  EXPECT_THAT(twice.message(), HasSubstr("DCC is graded twice"));
}

TEST(ImpactTest, FilterFieldsNameEachCategoryInLowerSnakeCase) {
  EXPECT_EQ(ImpactFilterField(PartyCategory::kLargeSupplier), "impacts.large_supplier");
  EXPECT_EQ(ImpactFilterField(PartyCategory::kDcc), "impacts.dcc");
  EXPECT_EQ(ImpactFilterCategory("impacts.electricity_network_party"),
            PartyCategory::kElectricityNetworkParty);
  EXPECT_EQ(ImpactFilterCategory("impacts.supplier"), std::nullopt);
  EXPECT_EQ(ImpactFilterCategory("large_supplier"), std::nullopt);
  EXPECT_EQ(AllImpactFilterFields().size(), 6u);
}

Principal Who(Role role) { return Principal("someone", {role}); }

TEST(CostTest, SecasRecordsAnyKindTheDccOnlyItsImplementationCost) {
  for (CostKind k : {CostKind::kDccImplementation, CostKind::kSecas, CostKind::kOther}) {
    EXPECT_TRUE(CheckMayRecordCost(Who(Role::kSecas), k).ok());
  }
  EXPECT_TRUE(CheckMayRecordCost(Who(Role::kDcc), CostKind::kDccImplementation).ok());
  absl::Status secas_kind = CheckMayRecordCost(Who(Role::kDcc), CostKind::kSecas);
  EXPECT_EQ(secas_kind.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(secas_kind)->reason, "ROLE_REQUIRED");
  EXPECT_EQ(CheckMayRecordCost(Who(Role::kPanel), CostKind::kDccImplementation).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(CostTest, AnEstimateIsBoundedSourcedAndNotDatedAfterToday) {
  const Date today(2017, 4, 10);
  CostEstimate e;
  e.kind = CostKind::kDccImplementation;
  e.amount_pence = bounds::kMaxPence;
  e.source = "DCC Impact Assessment";
  e.estimate_date = today;
  EXPECT_TRUE(ValidateCostEstimate(e, today).ok());
  e.amount_pence = 0;
  EXPECT_TRUE(ValidateCostEstimate(e, today).ok());

  CostEstimate bad = e;
  bad.amount_pence = -1;
  EXPECT_EQ(FieldOf(ValidateCostEstimate(bad, today)), "cost_estimate.amount_pence");
  bad.amount_pence = bounds::kMaxPence + 1;
  EXPECT_EQ(FieldOf(ValidateCostEstimate(bad, today)), "cost_estimate.amount_pence");
  bad = e;
  bad.source = "";
  EXPECT_EQ(FieldOf(ValidateCostEstimate(bad, today)), "cost_estimate.source");
  bad = e;
  bad.estimate_date = Date(2017, 4, 11);
  EXPECT_EQ(FieldOf(ValidateCostEstimate(bad, today)), "cost_estimate.estimate_date");
}

TEST(CostTest, TotalsAreExactPerKindAndOverall) {
  auto est = [](CostKind k, int64_t pence) {
    CostEstimate e;
    e.kind = k;
    e.amount_pence = pence;
    return e;
  };
  // The largest totals a proposal can hold still add up exactly.
  std::vector<CostEstimate> all(kMaxCostEstimatesPerProposal - 2,
                                est(CostKind::kDccImplementation, bounds::kMaxPence));
  all.push_back(est(CostKind::kOther, 1));
  all.push_back(est(CostKind::kOther, 2));
  absl::StatusOr<CostTotals> t = SumCosts(all);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->by_kind.size(), 2u);  // no SECAS estimate: left out
  EXPECT_EQ(t->by_kind[0].kind, CostKind::kDccImplementation);
  EXPECT_EQ(t->by_kind[0].amount_pence, 998 * bounds::kMaxPence);
  EXPECT_EQ(t->by_kind[0].count, 998);
  EXPECT_EQ(t->by_kind[1].kind, CostKind::kOther);
  EXPECT_EQ(t->by_kind[1].amount_pence, 3);
  EXPECT_EQ(t->total_pence, 998 * bounds::kMaxPence + 3);

  EXPECT_TRUE(CheckRoomForEstimate("SECMP0034", kMaxCostEstimatesPerProposal - 1).ok());
  EXPECT_EQ(CheckRoomForEstimate("SECMP0034", kMaxCostEstimatesPerProposal).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sec
