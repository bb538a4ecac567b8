// The DCC-assessment guard, as its specification: a proposal's Modification Report Consultation
// is not issued, and its Change Board neither votes nor tallies, while an assessment of it is
// requested and not delivered, unless the Panel has waived that assessment.
#include <vector>

#include "absl/status/status.h"
#include "domain/dcc_assessment.h"
#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAct[] = "a Modification Report Consultation cannot be issued";

NumberedAssessment Assessment(int64_t id, AssessmentKind kind, AssessmentState state,
                              Date requested) {
  NumberedAssessment a;
  a.id = id;
  a.assessment.modification = "SECMP0034";
  a.assessment.kind = kind;
  a.assessment.requested_on = requested;
  a.assessment.due_on = requested;
  a.assessment.state = state;
  if (state == AssessmentState::kDelivered) a.assessment.delivered_on = requested;
  return a;
}

AssessmentWaiver Waiver(int64_t id) {
  AssessmentWaiver w;
  w.assessment_id = id;
  w.modification = "SECMP0034";
  w.day = Date(2017, 5, 19);
  w.reason = "the change does not touch DCC systems";
  return w;
}

const NumberedAssessment kImpactRequested =
    Assessment(7, AssessmentKind::kImpact, AssessmentState::kRequested, Date(2017, 3, 1));
const NumberedAssessment kPreliminaryInProgress =
    Assessment(9, AssessmentKind::kPreliminary, AssessmentState::kInProgress, Date(2017, 3, 6));
const NumberedAssessment kDelivered =
    Assessment(3, AssessmentKind::kPreliminary, AssessmentState::kDelivered, Date(2017, 2, 1));

TEST(AssessmentGuardTest, NoAssessmentHoldsNothingUp) {
  EXPECT_TRUE(CheckNoAssessmentOutstanding(kAct, {}, {}).ok());
}

TEST(AssessmentGuardTest, ADeliveredAssessmentHoldsNothingUp) {
  EXPECT_TRUE(CheckNoAssessmentOutstanding(kAct, {kDelivered}, {}).ok());
}

TEST(AssessmentGuardTest, ARequestedAssessmentRefusesNamingWhatIsMissing) {
  absl::Status s = CheckNoAssessmentOutstanding(kAct, {kDelivered, kImpactRequested}, {});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr(kAct));
  EXPECT_THAT(s.message(), HasSubstr("the DCC Impact Assessment requested on 2017-03-01 "
                                     "(assessments/7) is not delivered"));
  EXPECT_THAT(s.message(), Not(HasSubstr("assessments/3")));
  ASSERT_TRUE(ReasonOf(s).has_value());
  EXPECT_EQ(ReasonOf(s)->reason, "ASSESSMENT_OUTSTANDING");
  EXPECT_THAT(ReasonOf(s)->metadata,
              ::testing::Contains(
                  std::make_pair(std::string("assessments"), std::string("assessments/7"))));
}

TEST(AssessmentGuardTest, AnAssessmentInProgressRefusesToo) {
  absl::Status s = CheckNoAssessmentOutstanding(kAct, {kPreliminaryInProgress}, {});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("the DCC Preliminary Assessment requested on 2017-03-06 "
                                     "(assessments/9) is not delivered"));
}

TEST(AssessmentGuardTest, EveryOutstandingAssessmentIsNamed) {
  absl::Status s =
      CheckNoAssessmentOutstanding(kAct, {kImpactRequested, kPreliminaryInProgress}, {});
  EXPECT_THAT(s.message(), HasSubstr("assessments/7"));
  EXPECT_THAT(s.message(), HasSubstr("assessments/9"));
  EXPECT_EQ(ReasonOf(s)->metadata.front().second, "assessments/7,assessments/9");
}

TEST(AssessmentGuardTest, AWaiverLiftsOnlyTheAssessmentItNames) {
  const std::vector<NumberedAssessment> both = {kImpactRequested, kPreliminaryInProgress};
  absl::Status one = CheckNoAssessmentOutstanding(kAct, both, {Waiver(7)});
  EXPECT_EQ(one.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(one.message(), Not(HasSubstr("assessments/7")));
  EXPECT_THAT(one.message(), HasSubstr("assessments/9"));
  EXPECT_TRUE(CheckNoAssessmentOutstanding(kAct, both, {Waiver(7), Waiver(9)}).ok());
  EXPECT_EQ(OutstandingAssessments(both, {Waiver(9)}).size(), 1u);
  EXPECT_EQ(OutstandingAssessments(both, {Waiver(9)}).front().id, 7);
}

TEST(AssessmentGuardTest, OnlyAnOutstandingAssessmentIsWaivedOnceWithAReason) {
  EXPECT_TRUE(CheckWaivable(kImpactRequested, {}, "not needed").ok());
  EXPECT_TRUE(CheckWaivable(kPreliminaryInProgress, {Waiver(7)}, "not needed").ok());
  absl::Status no_reason = CheckWaivable(kImpactRequested, {}, "");
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(no_reason), "reason");
  absl::Status delivered = CheckWaivable(kDelivered, {}, "not needed");
  EXPECT_EQ(delivered.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(delivered.message(), HasSubstr("nothing to waive"));
  absl::Status twice = CheckWaivable(kImpactRequested, {Waiver(7)}, "not needed");
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(twice.message(), HasSubstr("already waived on 2017-05-19"));
}

}  // namespace
}  // namespace sec
