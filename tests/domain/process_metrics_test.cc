// The process metrics (domain/process_metrics.h) and the status report's release and
// waiting-on sections (domain/report_sections.h). Expected figures are worked out by hand.
#include "domain/process_metrics.h"

#include <vector>

#include "domain/report_sections.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::ElementsAre;

Decision Planning(std::vector<TimetableEntry> entries) {
  Decision d;
  d.timetable = std::move(entries);
  return d;
}

TEST(ProcessMetricsTest, NearestRankPercentiles) {
  // Sorted: 1 1 2 3 3 4 5 5 6 9. Median: rank ceil(0.5*10) = 5 -> 3; p90: rank 9 -> 6.
  EXPECT_EQ(NearestRank({3, 1, 4, 1, 5, 9, 2, 6, 5, 3}, 50), 3);
  EXPECT_EQ(NearestRank({3, 1, 4, 1, 5, 9, 2, 6, 5, 3}, 90), 6);
  // Four values: median rank 2 -> 20 (the lower middle, never an average); p90 rank
  // ceil(3.6) = 4 -> 40.
  EXPECT_EQ(NearestRank({40, 10, 30, 20}, 50), 20);
  EXPECT_EQ(NearestRank({40, 10, 30, 20}, 90), 40);
  EXPECT_EQ(NearestRank({7}, 90), 7);
  EXPECT_EQ(NearestRank({}, 50), 0);
}

TEST(ProcessMetricsTest, StagesFinishedInTheQuarterWithDurationsAndTimeliness) {
  const std::vector<MetricsProposal> proposals = {
      // A: SUBMITTED 1 Mar -> 10 Apr (40 days, no plan); REFINEMENT 10 Apr -> 20 May (40 days),
      // planned by 15 May: late. Still in REPORT_PHASE.
      {Date(2017, 3, 1),
       {{Date(2017, 4, 10), ModStatus::kRefinement}, {Date(2017, 5, 20), ModStatus::kReportPhase}},
       {Planning({{"Refinement", Date(2017, 5, 15), ModStatus::kRefinement}})}},
      // B: SUBMITTED 3 Apr -> 13 Apr (10 days); REFINEMENT 13 Apr -> 3 May (20 days), planned by
      // 5 May: on time; REPORT_PHASE left 5 July, after the quarter: not counted.
      {Date(2017, 4, 3),
       {{Date(2017, 4, 13), ModStatus::kRefinement},
        {Date(2017, 5, 3), ModStatus::kReportPhase},
        {Date(2017, 7, 5), ModStatus::kConsultation}},
       {Planning({{"Refinement", Date(2017, 5, 5), ModStatus::kRefinement}})}},
      // C: SUBMITTED left 1 Mar, before the quarter; APPROVED 1 Mar -> 1 Apr (31 days, on the
      // period's first day: counted); IMPLEMENTED 1 Apr, 81 days after its raise on 10 Jan
      // (Jan 10 -> Feb 10 31, -> Mar 10 28, -> Apr 1 22).
      {Date(2017, 1, 10),
       {{Date(2017, 3, 1), ModStatus::kApproved}, {Date(2017, 4, 1), ModStatus::kImplemented}},
       {}},
      // D: SUBMITTED 1 Jan -> 1 Jun (151 days), planned by 1 Feb: late; APPROVED 1 Jun -> 30 Jun
      // (29 days); IMPLEMENTED 30 Jun, the period's last day: 180 days after its raise.
      {Date(2017, 1, 1),
       {{Date(2017, 6, 1), ModStatus::kApproved}, {Date(2017, 6, 30), ModStatus::kImplemented}},
       {Planning({{"IMR", Date(2017, 2, 1), ModStatus::kSubmitted}})}},
      // E: SUBMITTED 1 May -> 11 May (10 days), planned by 31 May: on time; REFINEMENT left 1 July
      // and IMPLEMENTED never: neither counted.
      {Date(2017, 5, 1),
       {{Date(2017, 5, 11), ModStatus::kRefinement}, {Date(2017, 7, 1), ModStatus::kApproved}},
       {Planning({{"IMR", Date(2017, 5, 31), ModStatus::kSubmitted}})}},
  };
  absl::StatusOr<ProcessMetrics> m =
      ComputeProcessMetrics(proposals, Date(2017, 4, 1), Date(2017, 6, 30));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->stages.size(), 3u);
  // SUBMITTED: A 40, B 10, D 151, E 10 -> sorted 10 10 40 151; median rank 2 -> 10, p90 rank
  // ceil(3.6) = 4 -> 151. Planned: D (late) and E (on time).
  const StageMetrics& submitted = m->stages[0];
  EXPECT_EQ(submitted.stage, ModStatus::kSubmitted);
  EXPECT_EQ(submitted.finished, 4);
  EXPECT_EQ(submitted.median_days, 10);
  EXPECT_EQ(submitted.p90_days, 151);
  EXPECT_EQ(submitted.with_planned_end, 2);
  EXPECT_EQ(submitted.on_time, 1);
  // REFINEMENT: B 20, A 40 -> median rank 1 -> 20, p90 rank ceil(1.8) = 2 -> 40; A late, B on
  // time.
  const StageMetrics& refinement = m->stages[1];
  EXPECT_EQ(refinement.stage, ModStatus::kRefinement);
  EXPECT_EQ(refinement.finished, 2);
  EXPECT_EQ(refinement.median_days, 20);
  EXPECT_EQ(refinement.p90_days, 40);
  EXPECT_EQ(refinement.with_planned_end, 2);
  EXPECT_EQ(refinement.on_time, 1);
  // APPROVED: D 29, C 31 -> median 29, p90 31; no plans.
  const StageMetrics& approved = m->stages[2];
  EXPECT_EQ(approved.stage, ModStatus::kApproved);
  EXPECT_EQ(approved.finished, 2);
  EXPECT_EQ(approved.median_days, 29);
  EXPECT_EQ(approved.p90_days, 31);
  EXPECT_EQ(approved.with_planned_end, 0);
  // Implemented in the quarter: C 81 and D 180 days -> median rank 1 -> 81.
  EXPECT_EQ(m->implemented, 2);
  EXPECT_EQ(m->median_days_to_implement, 81);
}

TEST(ProcessMetricsTest, AnEmptyPeriodHasNoStagesAndAReversedOneIsRefused) {
  const std::vector<MetricsProposal> proposals = {
      {Date(2017, 1, 10), {{Date(2017, 3, 1), ModStatus::kRefinement}}, {}}};
  absl::StatusOr<ProcessMetrics> m =
      ComputeProcessMetrics(proposals, Date(2017, 3, 2), Date(2017, 3, 31));
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->stages.empty());
  EXPECT_EQ(m->implemented, 0);
  EXPECT_EQ(m->median_days_to_implement, std::nullopt);
  EXPECT_EQ(ComputeProcessMetrics(proposals, Date(2017, 4, 1), Date(2017, 3, 31)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

Release MakeRelease(std::string id, Date target, Date cutoff, ReleaseState state) {
  Release r;
  r.id = std::move(id);
  r.target = target;
  r.cutoff = cutoff;
  r.state = state;
  return r;
}

TEST(ReportSectionsTest, ReleasesInThePeriodOrStillOpenAfterItWithTheirSlips) {
  const std::vector<Release> releases = {
      MakeRelease("2017-02", Date(2017, 2, 20), Date(2017, 1, 20), ReleaseState::kImplemented),
      MakeRelease("2017-03", Date(2017, 3, 15), Date(2017, 2, 15), ReleaseState::kImplemented),
      MakeRelease("2017-04", Date(2017, 4, 1), Date(2017, 3, 1), ReleaseState::kCancelled),
      MakeRelease("2017-06", Date(2017, 6, 29), Date(2017, 4, 5), ReleaseState::kOpen),
      MakeRelease("2017-09", Date(2017, 9, 1), Date(2017, 8, 1), ReleaseState::kCancelled),
      // Implemented since, but open on the report's date.
      MakeRelease("2017-11", Date(2017, 11, 2), Date(2017, 10, 5), ReleaseState::kImplemented),
  };
  const std::vector<ReleaseMove> moves = {
      {"SECMP0040", "2017-06", "2017-11", Date(2017, 4, 5), "BEIS-1"},  // a slip
      {"SECMP0041", "2017-06", "2017-11", Date(2017, 4, 20), ""},       // after the report
      {"SECMP0042", "2017-11", "2017-06", Date(2017, 4, 1), ""},        // brought forward
  };
  const std::vector<ReportReleaseRow> rows =
      ReportReleases(releases, moves, Date(2017, 3, 10), Date(2017, 4, 10));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].release.id, "2017-03");
  EXPECT_EQ(rows[0].status, ReleaseStatus::kImplemented);
  EXPECT_EQ(rows[1].release.id, "2017-04");
  EXPECT_EQ(rows[1].status, ReleaseStatus::kCancelled);
  EXPECT_EQ(rows[2].release.id, "2017-06");
  EXPECT_EQ(rows[2].status, ReleaseStatus::kScoped);  // past its 5 April cut-off
  ASSERT_EQ(rows[2].slips.size(), 1u);
  EXPECT_EQ(rows[2].slips[0].modification, "SECMP0040");
  EXPECT_EQ(rows[2].slips[0].authority_decision, "BEIS-1");
  EXPECT_EQ(rows[3].release.id, "2017-11");
  EXPECT_EQ(rows[3].status, ReleaseStatus::kPlanning);
  EXPECT_TRUE(rows[3].slips.empty());
}

ReportProposal Proposal(std::string ref, Date raised, std::vector<StatusChange> history) {
  ReportProposal p;
  p.reference = std::move(ref);
  p.date_raised = raised;
  p.history = std::move(history);
  return p;
}

DccAssessment Assessment(std::string ref, Date requested, std::optional<Date> delivered) {
  DccAssessment a;
  a.modification = std::move(ref);
  a.requested_on = requested;
  a.delivered_on = delivered;
  return a;
}

TEST(ReportSectionsTest, WaitingOnAsOfTheReportDate) {
  const Date as_of(2017, 4, 10);
  const std::vector<ReportProposal> proposals = {
      Proposal("SECMP0001", Date(2017, 2, 1), {{Date(2017, 3, 1), ModStatus::kRefinement}}),
      Proposal("SECMP0002", Date(2017, 2, 1), {{Date(2017, 3, 1), ModStatus::kRefinement}}),
      Proposal("SECMP0003", Date(2017, 4, 1), {}),
      Proposal("SECMP0004", Date(2017, 4, 20), {}),  // raised after the report
      Proposal("SECMP0005", Date(2017, 1, 1), {{Date(2017, 3, 1), ModStatus::kImplemented}}),
      Proposal("SECMP0006", Date(2017, 2, 1), {{Date(2017, 3, 1), ModStatus::kRefinement}}),
      Proposal("SECMP0007", Date(2017, 2, 1), {{Date(2017, 3, 1), ModStatus::kChangeBoard}}),
      // Refinement from 12 April: SUBMITTED on the report's date.
      Proposal("SECMP0008", Date(2017, 2, 1), {{Date(2017, 4, 12), ModStatus::kRefinement}}),
  };
  const std::vector<DccAssessment> assessments = {
      Assessment("SECMP0001", Date(2017, 3, 20), Date(2017, 4, 15)),  // outstanding then
      Assessment("SECMP0002", Date(2017, 3, 1), Date(2017, 4, 10)),   // delivered that day
      Assessment("SECMP0006", Date(2017, 4, 11), std::nullopt),       // requested after
      Assessment("SECMP0008", Date(2017, 4, 1), std::nullopt),        // SUBMITTED: the Panel's
  };
  const std::vector<ReportWaiting> rows = WaitingOnAsOf(proposals, assessments, as_of);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].body, WaitingOn::kSecas);
  EXPECT_THAT(rows[0].references, ElementsAre("SECMP0002", "SECMP0006"));
  EXPECT_EQ(rows[1].body, WaitingOn::kPanel);
  EXPECT_THAT(rows[1].references, ElementsAre("SECMP0003", "SECMP0008"));
  EXPECT_EQ(rows[2].body, WaitingOn::kDcc);
  EXPECT_THAT(rows[2].references, ElementsAre("SECMP0001"));
  EXPECT_EQ(rows[3].body, WaitingOn::kChangeBoard);
  EXPECT_THAT(rows[3].references, ElementsAre("SECMP0007"));
}

}  // namespace
}  // namespace sec
