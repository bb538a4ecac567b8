#include "domain/dcc_assessment.h"

#include <optional>

#include "absl/status/status.h"
#include "domain/calendar.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

// England and Wales bank holidays around SECMP0034's request (Easter 2017, early May).
WorkingDayCalendar Calendar2017() {
  return WorkingDayCalendar({Date(2017, 4, 14), Date(2017, 4, 17), Date(2017, 5, 1)});
}

const Date kRaised(2017, 4, 5);  // a Wednesday: British Gas raised SECMP0034

DccAssessment Requested(AssessmentKind kind = AssessmentKind::kPreliminary) {
  absl::StatusOr<DccAssessment> a = RequestAssessment("SECMP0034", kind, kRaised, std::nullopt,
                                                      Calendar2017(), AssessmentTimescales());
  EXPECT_TRUE(a.ok()) << a.status();
  return *a;
}

TEST(DccAssessmentTest, CodesRoundTrip) {
  for (AssessmentKind k : {AssessmentKind::kPreliminary, AssessmentKind::kImpact}) {
    AssessmentKind parsed;
    ASSERT_TRUE(ParseAssessmentKind(AssessmentKindCode(k), &parsed));
    EXPECT_EQ(parsed, k);
  }
  for (AssessmentState s :
       {AssessmentState::kRequested, AssessmentState::kInProgress, AssessmentState::kDelivered}) {
    AssessmentState parsed;
    ASSERT_TRUE(ParseAssessmentState(AssessmentStateCode(s), &parsed));
    EXPECT_EQ(parsed, s);
  }
  AssessmentKind ignored;
  EXPECT_FALSE(ParseAssessmentKind("PA", &ignored));
}

TEST(DccAssessmentTest, DefaultTimescales) {
  AssessmentTimescales t;
  EXPECT_EQ(StandardWorkingDays(t, AssessmentKind::kPreliminary), 10);
  EXPECT_EQ(StandardWorkingDays(t, AssessmentKind::kImpact), 30);
  EXPECT_TRUE(ValidateTimescales(t).ok());
}

TEST(DccAssessmentTest, PreliminaryDueTenWorkingDaysLaterSkippingEaster) {
  DccAssessment a = Requested(AssessmentKind::kPreliminary);
  EXPECT_EQ(a.state, AssessmentState::kRequested);
  EXPECT_FALSE(a.due_explicit);
  // 6,7,10,11,12,13 | Good Friday, Easter Monday | 18,19,20,21.
  EXPECT_EQ(a.due_on, Date(2017, 4, 21));
  // Without the holidays only weekends are skipped.
  EXPECT_EQ(StandardDueDate(AssessmentKind::kPreliminary, kRaised, WorkingDayCalendar(),
                            AssessmentTimescales()),
            Date(2017, 4, 19));
}

TEST(DccAssessmentTest, ImpactDueThirtyWorkingDaysLater) {
  // April: 6-7, 10-13, 18-21, 24-28 (15); May: 2-5, 8-12, 15-19 (29), 22 (30).
  EXPECT_EQ(Requested(AssessmentKind::kImpact).due_on, Date(2017, 5, 22));
}

TEST(DccAssessmentTest, TimescalesAreConfigurable) {
  AssessmentTimescales t;
  t.preliminary_working_days = 1;
  absl::StatusOr<DccAssessment> a =
      RequestAssessment("SECMP0034", AssessmentKind::kPreliminary, Date(2017, 4, 13), std::nullopt,
                        Calendar2017(), t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->due_on, Date(2017, 4, 18));  // Thursday before Easter -> Tuesday after

  t.impact_working_days = 0;
  EXPECT_THAT(RequestAssessment("SECMP0034", AssessmentKind::kImpact, kRaised, std::nullopt,
                                Calendar2017(), t)
                  .status()
                  .message(),
              HasSubstr("impact_working_days"));
}

TEST(DccAssessmentTest, ExplicitDueDateOverridesStandard) {
  absl::StatusOr<DccAssessment> a =
      RequestAssessment("SECMP0034", AssessmentKind::kImpact, kRaised, Date(2017, 6, 30),
                        Calendar2017(), AssessmentTimescales());
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->due_on, Date(2017, 6, 30));
  EXPECT_TRUE(a->due_explicit);

  absl::Status before = RequestAssessment("SECMP0034", AssessmentKind::kImpact, kRaised,
                                          Date(2017, 4, 4), Calendar2017(), AssessmentTimescales())
                            .status();
  EXPECT_EQ(before.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(before.message(), HasSubstr("due_on"));
}

TEST(DccAssessmentTest, BadReferenceRefused) {
  EXPECT_EQ(RequestAssessment("MP34", AssessmentKind::kImpact, kRaised, std::nullopt,
                              Calendar2017(), AssessmentTimescales())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DccAssessmentTest, ProgressThenDelivery) {
  absl::StatusOr<DccAssessment> a = RecordProgress(Requested(), Date(2017, 4, 12), "scoping done");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state, AssessmentState::kInProgress);
  a = RecordProgress(*a, Date(2017, 4, 18), "costs drafted");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->updates.size(), 2u);
  EXPECT_EQ(a->updates[1].note, "costs drafted");

  EXPECT_EQ(RecordProgress(*a, Date(2017, 4, 13), "out of order").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordProgress(*a, Date(2017, 4, 19), " ").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Deliver(*a, Date(2017, 4, 17)).status().code(), absl::StatusCode::kInvalidArgument);

  absl::StatusOr<DccAssessment> d = Deliver(*a, Date(2017, 4, 20));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state, AssessmentState::kDelivered);
  EXPECT_EQ(*d->delivered_on, Date(2017, 4, 20));

  absl::Status again = Deliver(*d, Date(2017, 4, 21)).status();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.message(), HasSubstr("2017-04-20"));
  EXPECT_EQ(RecordProgress(*d, Date(2017, 4, 21), "late note").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(DccAssessmentTest, DeliveryCanSkipProgress) {
  absl::StatusOr<DccAssessment> d = Deliver(Requested(), kRaised);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->state, AssessmentState::kDelivered);
  EXPECT_EQ(Deliver(Requested(), kRaised - 1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DccAssessmentTest, OverdueOnlyAfterTheDueDate) {
  const WorkingDayCalendar cal = Calendar2017();
  DccAssessment a = Requested();  // due Friday 2017-04-21
  EXPECT_FALSE(IsOverdue(a, Date(2017, 4, 20)));
  EXPECT_FALSE(IsOverdue(a, Date(2017, 4, 21)));
  EXPECT_TRUE(IsOverdue(a, Date(2017, 4, 22)));
  EXPECT_EQ(WorkingDaysLate(a, Date(2017, 4, 21), cal), 0);
  EXPECT_EQ(WorkingDaysLate(a, Date(2017, 4, 23), cal), 0);  // the weekend does not count
  EXPECT_EQ(WorkingDaysLate(a, Date(2017, 4, 25), cal), 2);

  // Delivered late: overdue until delivered, then not; the lateness stays on record.
  DccAssessment late = *Deliver(a, Date(2017, 4, 26));
  EXPECT_TRUE(IsOverdue(late, Date(2017, 4, 25)));
  EXPECT_FALSE(IsOverdue(late, Date(2017, 4, 26)));
  EXPECT_TRUE(DeliveredLate(late));
  EXPECT_EQ(WorkingDaysLate(late, Date(2017, 5, 31), cal), 3);

  DccAssessment on_time = *Deliver(a, Date(2017, 4, 21));
  EXPECT_FALSE(DeliveredLate(on_time));
  EXPECT_FALSE(IsOverdue(on_time, Date(2017, 5, 1)));
  EXPECT_EQ(WorkingDaysLate(on_time, Date(2017, 5, 31), cal), 0);
}

}  // namespace
}  // namespace sec
