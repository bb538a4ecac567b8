// A proposal's stages and their timetable (domain/timetable.h), as the specification reads.
#include "domain/timetable.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

Decision Planning(std::vector<TimetableEntry> entries) {
  Decision d;
  d.timetable = std::move(entries);
  return d;
}

TEST(TimetableTest, StagesRunFromTheChangeThatEntersToTheOneThatLeaves) {
  // Raised 3 April; refinement from 21 April; a vote recorded in the Change Board stage does not
  // start another; approved 28 June.
  const std::vector<StatusChange> history = {{Date(2017, 4, 21), ModStatus::kRefinement},
                                             {Date(2017, 6, 1), ModStatus::kChangeBoard},
                                             {Date(2017, 6, 20), ModStatus::kChangeBoard},
                                             {Date(2017, 6, 28), ModStatus::kApproved}};
  const std::vector<Stage> stages = StagesOf(Date(2017, 4, 3), history);
  ASSERT_EQ(stages.size(), 4u);
  EXPECT_EQ(stages[0].status, ModStatus::kSubmitted);
  EXPECT_EQ(stages[0].start, Date(2017, 4, 3));
  EXPECT_EQ(stages[0].end, Date(2017, 4, 21));
  EXPECT_EQ(stages[2].status, ModStatus::kChangeBoard);
  EXPECT_EQ(stages[2].start, Date(2017, 6, 1));
  EXPECT_EQ(stages[2].end, Date(2017, 6, 28));
  EXPECT_EQ(stages[3].status, ModStatus::kApproved);
  EXPECT_EQ(stages[3].end, std::nullopt);
}

TEST(TimetableTest, APlanIsRevisedByALaterTimetableAndTimelinessIsAgainstTheFirst) {
  const std::vector<StatusChange> history = {{Date(2017, 4, 21), ModStatus::kRefinement},
                                             {Date(2017, 7, 14), ModStatus::kReportPhase}};
  const std::vector<Decision> decisions = {
      Planning({{"Refinement complete", Date(2017, 6, 30), ModStatus::kRefinement},
                {"Modification Report", Date(2017, 8, 4), ModStatus::kReportPhase},
                {"Papers issued", Date(2017, 5, 1), std::nullopt}}),
      // The Panel moves refinement's end and adds the consultation's.
      Planning({{"Refinement complete", Date(2017, 7, 14), ModStatus::kRefinement},
                {"Consultation closes", Date(2017, 9, 1), ModStatus::kConsultation}})};
  const std::vector<StagePlan> plans = PlanStages(Date(2017, 4, 3), history, decisions);
  // Reached stages first (submitted, refinement, report phase), then the planned one.
  ASSERT_EQ(plans.size(), 4u);
  EXPECT_EQ(plans[0].stage, ModStatus::kSubmitted);
  EXPECT_EQ(plans[0].planned_end, std::nullopt);
  EXPECT_EQ(OnTime(plans[0]), std::nullopt);
  const StagePlan& refinement = plans[1];
  EXPECT_EQ(refinement.planned_end, Date(2017, 6, 30));
  EXPECT_EQ(refinement.revised_end, Date(2017, 7, 14));
  EXPECT_EQ(ExpectedEnd(refinement), Date(2017, 7, 14));
  EXPECT_EQ(refinement.actual_end, Date(2017, 7, 14));
  EXPECT_EQ(OnTime(refinement), false);  // late against the first plan
  const StagePlan& report = plans[2];
  EXPECT_EQ(report.start, Date(2017, 7, 14));
  EXPECT_EQ(report.actual_end, std::nullopt);
  EXPECT_EQ(OnTime(report), std::nullopt);  // not finished
  EXPECT_EQ(plans[3].stage, ModStatus::kConsultation);
  EXPECT_EQ(plans[3].start, std::nullopt);
  EXPECT_EQ(plans[3].planned_end, Date(2017, 9, 1));

  // On 1 August: refinement finished late; the report phase, unplanned here, has no judgement;
  // the consultation, not started, is not due until 1 September, and overdue after it.
  EXPECT_EQ(TimelinessOn(refinement, Date(2017, 8, 1)), Timeliness::kLate);
  EXPECT_EQ(TimelinessOn(plans[0], Date(2017, 8, 1)), Timeliness::kUnplanned);
  EXPECT_EQ(TimelinessOn(plans[3], Date(2017, 9, 1)), Timeliness::kNotDue);
  EXPECT_EQ(TimelinessOn(plans[3], Date(2017, 9, 4)), Timeliness::kOverdue);
  StagePlan early = refinement;
  early.actual_end = Date(2017, 6, 30);
  EXPECT_EQ(TimelinessOn(early, Date(2017, 8, 1)), Timeliness::kOnTime);
}

}  // namespace
}  // namespace sec
