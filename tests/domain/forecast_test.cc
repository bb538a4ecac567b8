// The release forecast (domain/forecast.h) on an invented calendar: 2030, with one invented
// holiday on Monday 6 May, and three releases. Every expected landing is worked out by hand in
// the comments, counting working days (Monday to Friday, not 6 May).
#include "domain/forecast.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

const Date kAsOf(2030, 4, 1);  // a Monday

WorkingDayCalendar Calendar() { return WorkingDayCalendar({Date(2030, 5, 6)}); }

Release Open(const char* id, Date target, int cutoff_working_days) {
  absl::StatusOr<Release> r =
      PlanRelease(id, ReleaseKind::kPlanned, target, cutoff_working_days, Calendar());
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

// - 2030-05-ad-hoc, Wednesday 15 May, cut-off 2 working days before: 14, 13 May -> 13 May.
// - 2030-06, Thursday 27 June, cut-off 20 before: 26-24 June (3), 21-17 (8), 14-10 (13),
//   7-3 (18), 31 and 30 May (20) -> 30 May.
// - 2030-11, Thursday 7 November, cut-off 20 before: 6-4 November (3), 1 November-28 October
//   (8), 25-21 (13), 18-14 (18), 11 and 10 October (20) -> 10 October.
std::vector<Release> Releases() {
  std::vector<Release> out = {Open("2030-05-ad-hoc", Date(2030, 5, 15), 2),
                              Open("2030-06", Date(2030, 6, 27), 20),
                              Open("2030-11", Date(2030, 11, 7), 20)};
  EXPECT_EQ(out[0].cutoff, Date(2030, 5, 13));
  EXPECT_EQ(out[1].cutoff, Date(2030, 5, 30));
  EXPECT_EQ(out[2].cutoff, Date(2030, 10, 10));
  return out;
}

StagePlan Plan(ModStatus stage, std::optional<Date> start, std::optional<Date> planned_end) {
  StagePlan p;
  p.stage = stage;
  p.start = start;
  p.planned_end = planned_end;
  return p;
}

ForecastProposal Proposal(const char* ref, ModStatus status, ModPath path,
                          std::vector<StagePlan> plans) {
  ForecastProposal p;
  p.reference = ref;
  p.status = status;
  p.path = path;
  p.plans = std::move(plans);
  return p;
}

Landing Land(const ForecastProposal& p) {
  return ForecastLanding(p, Releases(), kAsOf, Calendar());
}

TEST(ForecastTest, AnAuthorityProposalInConsultationLandsInNovember) {
  // Consultation planned to end Friday 12 April. Change Board 10 working days: 15-19 April (5),
  // 22-26 (10) -> 26 April. The Authority 25: 29, 30 April (2), 1-3 May (5), 7-10 (9), 13-17
  // (14), 20-24 (19), 27-31 (24), 3 June (25) -> approved 3 June. June's cut-off (30 May) and
  // the ad hoc one's (13 May) are before it: November.
  const Landing l =
      Land(Proposal("SECMP0101", ModStatus::kConsultation, ModPath::kPath2,
                    {Plan(ModStatus::kConsultation, Date(2030, 3, 25), Date(2030, 4, 12))}));
  EXPECT_EQ(l.approval, Date(2030, 6, 3));
  EXPECT_EQ(l.implementable, Date(2030, 6, 3));
  EXPECT_EQ(l.release, "2030-11");
}

TEST(ForecastTest, TheAppealWindowSendsAPath3ProposalPastTheAdHocRelease) {
  // Path 2 at the Change Board since Wednesday 20 March, no plan: 10 working days, 21, 22
  // March (2), 25-29 (7), 1-3 April (10) -> 3 April. The Authority 25: 4, 5 April (2), 8-12
  // (7), 15-19 (12), 22-26 (17), 29 April-3 May (22), 7-9 May (25) -> approved 9 May: before
  // the ad hoc release's cut-off (13 May), which it lands in.
  const Landing authority =
      Land(Proposal("SECMP0102", ModStatus::kChangeBoard, ModPath::kPath2,
                    {Plan(ModStatus::kChangeBoard, Date(2030, 3, 20), std::nullopt)}));
  EXPECT_EQ(authority.approval, Date(2030, 5, 9));
  EXPECT_EQ(authority.release, "2030-05-ad-hoc");
  // Path 3, the tally planned for Tuesday 30 April: approved then, inside the ad hoc cut-off,
  // but its appeal window runs 15 working days, 1-3 May (3), 7-10 (7), 13-17 (12), 20-22
  // (15), to 22 May: implementable from 23 May, after the ad hoc target (15 May). June.
  const Landing self =
      Land(Proposal("SECMP0103", ModStatus::kChangeBoard, ModPath::kPath3,
                    {Plan(ModStatus::kChangeBoard, Date(2030, 4, 15), Date(2030, 4, 30))}));
  EXPECT_EQ(self.approval, Date(2030, 4, 30));
  EXPECT_EQ(self.implementable, Date(2030, 5, 23));
  EXPECT_EQ(self.release, "2030-06");
}

TEST(ForecastTest, ALateDccAssessmentSlipsAProposalFromJuneToNovember) {
  // Path 3 in the report phase since Monday 18 March, planned to end Friday 5 April, held by
  // an Impact Assessment due Wednesday 24 April (no consultation is issued before it).
  ForecastProposal p =
      Proposal("SECMP0104", ModStatus::kReportPhase, ModPath::kPath3,
               {Plan(ModStatus::kReportPhase, Date(2030, 3, 18), Date(2030, 4, 5))});
  p.assessments_due = {Date(2030, 4, 24)};
  // On time: the report phase ends 24 April; consultation 15 working days: 25, 26 April (2),
  // 29 April-3 May (7), 7-10 (11), 13-16 (15) -> 16 May; the Change Board 10: 17 May (1),
  // 20-24 (6), 27-30 (10) -> approved 30 May, on June's cut-off. Appeal window: 31 May (1),
  // 3-7 June (6), 10-14 (11), 17-20 (15) -> implementable 21 June, before 27 June: June.
  const Landing on_time = Land(p);
  EXPECT_EQ(on_time.approval, Date(2030, 5, 30));
  EXPECT_EQ(on_time.implementable, Date(2030, 6, 21));
  EXPECT_EQ(on_time.release, "2030-06");
  // Five working days late (25, 26, 29, 30 April, 1 May -> 1 May): consultation 2, 3 May (2),
  // 7-10 (6), 13-17 (11), 20-23 (15) -> 23 May; the Change Board 24 May (1), 27-31 (6), 3-6
  // June (10) -> approved 6 June, after June's cut-off: it slips to November.
  p.assessments_due = {Date(2030, 5, 1)};
  const Landing late = Land(p);
  EXPECT_EQ(late.approval, Date(2030, 6, 6));
  EXPECT_EQ(late.release, "2030-11");
}

TEST(ForecastTest, ApprovedProposalsLandInTheirReleaseOrTheNextStillOpen) {
  // Assigned: where it is.
  ForecastProposal assigned = Proposal("SECMP0105", ModStatus::kApproved, ModPath::kPath2,
                                       {Plan(ModStatus::kApproved, Date(2030, 2, 15), {})});
  assigned.release = "2030-06";
  EXPECT_EQ(Land(assigned).release, "2030-06");
  EXPECT_EQ(Land(assigned).approval, Date(2030, 2, 15));
  // Unassigned, approved 1 March: the first release still taking proposals on 1 April is the
  // ad hoc one (cut-off 13 May).
  EXPECT_EQ(Land(Proposal("SECMP0106", ModStatus::kApproved, ModPath::kPath2,
                          {Plan(ModStatus::kApproved, Date(2030, 3, 1), {})}))
                .release,
            "2030-05-ad-hoc");
  // Past every release's cut-off: no landing, and the note says what to do.
  const Landing none =
      ForecastLanding(Proposal("SECMP0107", ModStatus::kApproved, ModPath::kPath2,
                               {Plan(ModStatus::kApproved, Date(2030, 10, 20), {})}),
                      Releases(), Date(2030, 10, 21), Calendar());
  EXPECT_EQ(none.release, "");
  EXPECT_THAT(none.note, HasSubstr("plan one"));
  // Suspended: not forecast.
  const Landing suspended = Land(Proposal("SECMP0108", ModStatus::kSuspended, ModPath::kPath2, {}));
  EXPECT_EQ(suspended.approval, std::nullopt);
  EXPECT_THAT(suspended.note, HasSubstr("suspended"));
}

TEST(ForecastTest, StagesAheadFollowThePath) {
  EXPECT_EQ(StagesAhead(ModStatus::kSubmitted, ModPath::kPath3),
            (std::vector<ModStatus>{ModStatus::kSubmitted, ModStatus::kRefinement,
                                    ModStatus::kReportPhase, ModStatus::kConsultation,
                                    ModStatus::kChangeBoard}));
  EXPECT_EQ(StagesAhead(ModStatus::kChangeBoard, ModPath::kUnset),
            (std::vector<ModStatus>{ModStatus::kChangeBoard, ModStatus::kAwaitingAuthority}));
  EXPECT_TRUE(StagesAhead(ModStatus::kApproved, ModPath::kPath2).empty());
}

}  // namespace
}  // namespace sec
