// ReleaseService scenarios through the public API, on SQLite and MariaDB: a release from
// planning to implemented, atomically; the cut-off and the Authority's decision; what a proposal
// waits on through its life.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "sec/v1/release.grpc.pb.h"
#include "service/governance_fixture.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ReleaseServiceTest : public GovernanceServiceTest {
 protected:
  void SetUp() override {
    GovernanceServiceTest::SetUp();
    if (HasFatalFailure()) return;
    rel_ = v1::ReleaseService::NewStub(server().channel());
  }

  // Plans a release; the cut-off is `cutoff_working_days` before `target` (0: the policy's 20).
  v1::Release Plan(const std::string& id, const std::string& target, int cutoff_working_days = 0,
                   v1::ReleaseKind kind = v1::RELEASE_KIND_PLANNED) {
    v1::CreateReleaseRequest req;
    req.set_release_id(id);
    req.mutable_release()->set_kind(kind);
    req.mutable_release()->set_target_date(target);
    req.mutable_release()->set_cutoff_working_days(cutoff_working_days);
    v1::Release out;
    grpc::Status s = rel_->CreateRelease(Ctx("admin").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::Release GetRel(const std::string& name) {
    v1::GetReleaseRequest req;
    req.set_name(name);
    v1::Release out;
    grpc::Status s = rel_->GetRelease(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status Assign(const std::string& release, const std::string& mod, const std::string& day,
                      const std::string& authority = "") {
    v1::AssignModificationRequest req;
    req.set_release(release);
    req.set_modification(mod);
    req.set_assign_date(day);
    req.set_authority_decision(authority);
    v1::Release out;
    return rel_->AssignModification(Ctx("admin").get(), req, &out);
  }

  grpc::Status Move(const std::string& mod, const std::string& to, const std::string& day,
                    const std::string& authority = "") {
    v1::MoveModificationRequest req;
    req.set_modification(mod);
    req.set_to_release(to);
    req.set_move_date(day);
    req.set_authority_decision(authority);
    v1::Release out;
    return rel_->MoveModification(Ctx("admin").get(), req, &out);
  }

  grpc::Status Implement(const std::string& release, const std::string& number, v1::Release* out) {
    v1::ImplementReleaseRequest req;
    req.set_name(release);
    req.mutable_version()->set_number(number);
    req.mutable_version()->add_sections("D");
    return rel_->ImplementRelease(Ctx("admin").get(), req, out);
  }

  // A Path 2 proposal through the Change Board's recommendation and the Authority's approval
  // on 2017-07-03: APPROVED, no appeal window.
  std::string Approved(const std::string& title) {
    SetDay("2017-04-10");  // raised before Panel meeting 50
    const std::string name = Raise(title);
    ToApproved(name);
    return name;
  }

  // A Path 3 proposal approved by the Change Board's tally at meeting 20, 2017-06-28: its appeal
  // window runs to 2017-07-19.
  std::string SelfGoverned(const std::string& title) {
    SetDay("2017-04-10");
    const std::string name = Raise(title);
    ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_3);
    EXPECT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());
    v1::TallyResult tally;
    EXPECT_TRUE(Tally(name, &tally).ok());
    EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_APPROVED);
    return name;
  }

  std::vector<std::string> Listed(const std::string& filter) {
    v1::ListModificationsRequest req;
    req.set_filter(filter);
    v1::ListModificationsResponse out;
    grpc::Status s = reg_->ListModifications(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << filter << ": " << s.error_message();
    std::vector<std::string> names;
    for (const auto& m : out.modifications()) names.push_back(m.name());
    return names;
  }

  std::unique_ptr<v1::ReleaseService::Stub> rel_;
};

TEST_P(ReleaseServiceTest, AReleaseFromPlanningToImplementedDesignatesItsVersion) {
  // Thursday 2017-09-28, 20 working days before: 27-25 September (3), 22-18 (8), 15-11 (13),
  // 8-4 (18), 1 September and 31 August (20).
  v1::Release planned = Plan("2017-09", "2017-09-28");
  EXPECT_EQ(planned.name(), "releases/2017-09");
  EXPECT_EQ(planned.cutoff_working_days(), 20);
  EXPECT_EQ(planned.cutoff_date(), "2017-08-31");
  EXPECT_EQ(planned.status(), v1::RELEASE_STATUS_PLANNING);  // today is 2017-04-10

  const std::string a = Approved("First change");
  const std::string b = Approved("Second change");
  ASSERT_TRUE(Assign("releases/2017-09", a, "2017-07-04").ok());
  ASSERT_TRUE(Assign("releases/2017-09", b, "2017-07-04").ok());
  EXPECT_EQ(Get(a).release(), "releases/2017-09");
  EXPECT_THAT(GetRel("releases/2017-09").modifications(), ElementsAre(a, b));
  EXPECT_THAT(Listed("release = \"2017-09\""), ElementsAre(a, b));

  v1::Release done;
  ASSERT_TRUE(Implement("releases/2017-09", "7.0", &done).ok());
  EXPECT_EQ(done.status(), v1::RELEASE_STATUS_IMPLEMENTED);
  EXPECT_EQ(done.version(), "versions/7.0");
  for (const std::string& name : {a, b}) {
    EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_IMPLEMENTED) << name;
    EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_UNSPECIFIED) << name;
  }
  v1::GetVersionRequest gv;
  gv.set_name("versions/7.0");
  v1::SecVersion v;
  ASSERT_TRUE(gov_->GetVersion(Ctx("bg").get(), gv, &v).ok());
  EXPECT_EQ(v.effective_date(), "2017-09-28");
  EXPECT_THAT(v.implements(), ElementsAre(a, b));

  // Done once: a second implementation, or a change of its scope, is refused.
  grpc::Status again = Implement("releases/2017-09", "7.1", &done);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorReason(again), "NOT_OPEN");
}

TEST_P(ReleaseServiceTest, AFailurePartWayThroughAnImplementationChangesNothing) {
  // An ad hoc release on Thursday 2017-07-13, cut-off 5 working days before (2017-07-06).
  Plan("2017-07", "2017-07-13", 5, v1::RELEASE_KIND_AD_HOC);
  const std::string ready = Approved("Ready to go");
  const std::string appealable = SelfGoverned("Still appealable");
  ASSERT_TRUE(Assign("releases/2017-07", ready, "2017-07-04").ok());
  ASSERT_TRUE(Assign("releases/2017-07", appealable, "2017-07-04").ok());
  const v1::Release before = GetRel("releases/2017-07");

  // The second proposal's appeal window (to 2017-07-19) covers the target date: the first,
  // already moved to IMPLEMENTED inside the transaction, is put back with everything else.
  v1::Release out;
  grpc::Status s = Implement("releases/2017-07", "6.1", &out);
  EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                                   HasSubstr(appealable.substr(14))));
  EXPECT_EQ(testing::ErrorReason(s), "APPEAL_WINDOW_OPEN");
  EXPECT_EQ(Get(ready).status(), v1::MODIFICATION_STATUS_APPROVED);
  EXPECT_EQ(Get(appealable).status(), v1::MODIFICATION_STATUS_APPROVED);
  EXPECT_EQ(GetRel("releases/2017-07").SerializeAsString(), before.SerializeAsString());
  v1::GetVersionRequest gv;
  gv.set_name("versions/6.1");
  v1::SecVersion v;
  EXPECT_EQ(gov_->GetVersion(Ctx("bg").get(), gv, &v).error_code(), grpc::StatusCode::NOT_FOUND);

  // A proposal in a release is implemented with it, not by a version of its own.
  v1::DesignateVersionRequest dv;
  dv.mutable_version()->set_number("6.2");
  dv.mutable_version()->set_effective_date("2017-08-01");
  dv.mutable_version()->add_implements(ready);
  grpc::Status alone = gov_->DesignateVersion(Ctx("admin").get(), dv, &v);
  EXPECT_EQ(alone.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorReason(alone), "IN_RELEASE");
  EXPECT_EQ(Get(ready).status(), v1::MODIFICATION_STATUS_APPROVED);
}

TEST_P(ReleaseServiceTest, AMoveAfterTheCutOffNeedsTheAuthoritysDecision) {
  Plan("2017-09", "2017-09-28");  // cut-off 2017-08-31
  Plan("2017-11", "2017-11-09");
  const std::string name = Approved("Deferred change");
  ASSERT_TRUE(Assign("releases/2017-09", name, "2017-07-04").ok());
  const int events = EventCount(name);

  // Before the cut-off, SECAS moves it freely; and back.
  ASSERT_TRUE(Move(name, "releases/2017-11", "2017-08-31").ok());
  ASSERT_TRUE(Move(name, "releases/2017-09", "2017-08-31").ok());

  // After it, leaving the September release needs the Authority's decision.
  grpc::Status s = Move(name, "releases/2017-11", "2017-09-01");
  EXPECT_THAT(
      s, testing::StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("releases/2017-09")));
  EXPECT_EQ(testing::ErrorReason(s), "CUTOFF_PASSED");
  EXPECT_THAT(s.error_message(), HasSubstr("2017-08-31"));
  EXPECT_EQ(Get(name).release(), "releases/2017-09");
  EXPECT_EQ(EventCount(name), events + 2);

  ASSERT_TRUE(Move(name, "releases/2017-11", "2017-09-01", "Ofgem letter of 2017-08-30").ok());
  EXPECT_EQ(Get(name).release(), "releases/2017-11");
  EXPECT_THAT(GetRel("releases/2017-09").modifications(), ::testing::IsEmpty());
  EXPECT_THAT(GetRel("releases/2017-11").modifications(), ElementsAre(name));
  // The decision is recorded with the move, in the proposal's history.
  v1::ListModificationEventsRequest lr;
  lr.set_parent(name);
  lr.set_page_size(1000);
  v1::ListModificationEventsResponse history;
  ASSERT_TRUE(reg_->ListModificationEvents(Ctx("bg").get(), lr, &history).ok());
  ASSERT_GT(history.events_size(), 0);
  const v1::Event& last = history.events(history.events_size() - 1);
  EXPECT_EQ(last.kind(), "release_move");
  EXPECT_THAT(last.note(), HasSubstr("Ofgem letter of 2017-08-30"));

  // The empty September release is skipped (cancelled), not implemented; a release with
  // proposals cannot be cancelled.
  v1::Release out;
  grpc::Status empty = Implement("releases/2017-09", "7.0", &out);
  EXPECT_EQ(testing::ErrorReason(empty), "EMPTY_RELEASE");
  v1::CancelReleaseRequest cancel;
  cancel.set_name("releases/2017-11");
  cancel.set_reason("nothing justifies it");
  EXPECT_EQ(testing::ErrorReason(rel_->CancelRelease(Ctx("admin").get(), cancel, &out)),
            "RELEASE_NOT_EMPTY");
  cancel.set_name("releases/2017-09");
  ASSERT_TRUE(rel_->CancelRelease(Ctx("admin").get(), cancel, &out).ok());
  EXPECT_EQ(out.status(), v1::RELEASE_STATUS_CANCELLED);
}

TEST_P(ReleaseServiceTest, OnlyApprovedProposalsJoinAReleaseAndIdsNameTheTargetMonth) {
  Plan("2017-09", "2017-09-28");
  const std::string open = Raise("Not yet decided");
  grpc::Status s = Assign("releases/2017-09", open, "2017-04-10");
  EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("SUBMITTED")));
  EXPECT_EQ(Get(open).release(), "");

  v1::CreateReleaseRequest req;
  req.set_release_id("2017-10");
  req.mutable_release()->set_kind(v1::RELEASE_KIND_PLANNED);
  req.mutable_release()->set_target_date("2017-11-09");
  v1::Release out;
  s = rel_->CreateRelease(Ctx("admin").get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ViolatedField(s), "release.target_date");
  req.set_release_id("2017-11-Special");
  s = rel_->CreateRelease(Ctx("admin").get(), req, &out);
  EXPECT_EQ(testing::ViolatedField(s), "release_id");
}

// The forecast reads the Panel's timetable and the DCC's due dates from the store; the
// arithmetic itself is ForecastTest's.
TEST_P(ReleaseServiceTest, TheForecastLandsAProposalAndALateAssessmentSlipsIt) {
  Plan("2017-09", "2017-09-28");  // cut-off 2017-08-31
  Plan("2017-11", "2017-11-09");  // cut-off 20 working days before: 2017-10-12
  const std::string name = Raise("Held by the DCC");
  v1::AcceptInitialReportRequest accept;
  accept.set_name(name);
  accept.set_meeting("meetings/panel-50");
  accept.set_destination(v1::IMR_DESTINATION_REPORT_PHASE);
  accept.set_path(v1::MODIFICATION_PATH_PATH_3);
  v1::TimetableEntry* t = accept.add_timetable();
  t->set_milestone("Modification Report");
  t->set_target_date("2017-06-16");
  t->set_stage(v1::MODIFICATION_STATUS_REPORT_PHASE);
  v1::Decision d;
  ASSERT_TRUE(gov_->AcceptInitialReport(Ctx("panel").get(), accept, &d).ok());
  v1::RequestAssessmentRequest ra;
  ra.set_parent(name);
  ra.set_kind(v1::ASSESSMENT_KIND_IMPACT);
  ra.set_request_date("2017-05-22");
  ra.set_due_date("2017-07-14");
  v1::Assessment a;
  ASSERT_TRUE(gov_->RequestAssessment(Ctx("panel").get(), ra, &a).ok());

  // The report phase, planned to 16 June, is held to 14 July by the assessment; consultation 15
  // working days to 4 August; the Change Board 10 to 18 August: inside September's cut-off, and
  // the appeal window (21-25 August, 29 August-1 September after the bank holiday, 4-8, 11
  // September) ends before its target. Ten working days late (28 July), consultation runs to
  // 18 August and the Change Board to 4 September, past the cut-off: November.
  v1::ForecastReleasesRequest req;
  req.set_as_of("2017-06-01");
  req.set_late_assessment(a.name());
  req.set_late_by_working_days(10);
  v1::ForecastReleasesResponse out;
  grpc::Status s = rel_->ForecastReleases(Ctx("bg").get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(out.forecasts_size(), 1);
  const v1::ReleaseForecast& f = out.forecasts(0);
  EXPECT_EQ(f.modification(), name);
  EXPECT_EQ(f.approval_date(), "2017-08-18");
  EXPECT_EQ(f.implementable_date(), "2017-09-12");
  EXPECT_EQ(f.release(), "releases/2017-09");
  EXPECT_EQ(f.scenario_approval_date(), "2017-09-04");
  EXPECT_EQ(f.scenario_release(), "releases/2017-11");
  EXPECT_TRUE(f.slips());
}

// A proposal's timetable: the Panel plans stage ends when it accepts the IMR and revises one
// later; the stages' actual ends come from the history.
TEST_P(ReleaseServiceTest, TheTimetableShowsPlannedRevisedAndActualEnds) {
  const std::string name = Raise("Planned change");
  v1::AcceptInitialReportRequest accept;
  accept.set_name(name);
  accept.set_meeting("meetings/panel-50");  // 2017-05-19
  accept.set_destination(v1::IMR_DESTINATION_REFINEMENT);
  accept.set_path(v1::MODIFICATION_PATH_PATH_2);
  for (const auto& [milestone, date, stage] :
       std::vector<std::tuple<std::string, std::string, v1::ModificationStatus>>{
           {"Working Group reports", "2017-06-09", v1::MODIFICATION_STATUS_REFINEMENT},
           {"Modification Report", "2017-07-07", v1::MODIFICATION_STATUS_REPORT_PHASE},
           {"Papers to the Panel", "2017-06-02", v1::MODIFICATION_STATUS_UNSPECIFIED}}) {
    v1::TimetableEntry* t = accept.add_timetable();
    t->set_milestone(milestone);
    t->set_target_date(date);
    t->set_stage(stage);
  }
  v1::Decision d;
  ASSERT_TRUE(gov_->AcceptInitialReport(Ctx("panel").get(), accept, &d).ok());
  // At meeting 51 (2017-06-16) the Panel completes refinement, a week late, and moves the
  // Modification Report to 21 July.
  ASSERT_TRUE(testing::CreateMeeting(server(), v1::MEETING_BODY_PANEL, 51, "2017-06-16").ok());
  v1::ReviseTimetableRequest revise;
  revise.set_name(name);
  revise.set_meeting("meetings/panel-51");
  v1::TimetableEntry* moved = revise.add_timetable();
  moved->set_milestone("Modification Report");
  moved->set_target_date("2017-07-21");
  moved->set_stage(v1::MODIFICATION_STATUS_REPORT_PHASE);
  revise.set_reasons("the Working Group needs the DCC's view");
  EXPECT_EQ(gov_->ReviseTimetable(Ctx("admin").get(), revise, &d).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // the Panel's, not SECAS's
  ASSERT_TRUE(gov_->ReviseTimetable(Ctx("panel").get(), revise, &d).ok());
  EXPECT_EQ(d.kind(), "TIMETABLE_REVISED");
  v1::CompleteRefinementRequest cr;
  cr.set_name(name);
  cr.set_meeting("meetings/panel-51");
  ASSERT_TRUE(gov_->CompleteRefinement(Ctx("panel").get(), cr, &d).ok());

  v1::GetTimetableRequest req;
  req.set_name(name);
  req.set_as_of("2017-07-24");
  v1::Timetable t;
  ASSERT_TRUE(gov_->GetTimetable(Ctx("bg").get(), req, &t).ok());
  ASSERT_EQ(t.stages_size(), 3);
  EXPECT_EQ(t.stages(0).stage(), v1::MODIFICATION_STATUS_SUBMITTED);
  EXPECT_EQ(t.stages(0).start_date(), "2017-04-10");
  EXPECT_EQ(t.stages(0).actual_end_date(), "2017-05-19");
  EXPECT_EQ(t.stages(0).timeliness(), v1::TIMELINESS_UNSPECIFIED);
  const v1::StageTimetable& refinement = t.stages(1);
  EXPECT_EQ(refinement.planned_end_date(), "2017-06-09");
  EXPECT_EQ(refinement.actual_end_date(), "2017-06-16");
  EXPECT_EQ(refinement.timeliness(), v1::TIMELINESS_LATE);
  const v1::StageTimetable& report = t.stages(2);
  EXPECT_EQ(report.stage(), v1::MODIFICATION_STATUS_REPORT_PHASE);
  EXPECT_EQ(report.start_date(), "2017-06-16");
  EXPECT_EQ(report.planned_end_date(), "2017-07-07");
  EXPECT_EQ(report.revised_end_date(), "2017-07-21");
  EXPECT_EQ(report.actual_end_date(), "");
  EXPECT_EQ(report.timeliness(), v1::TIMELINESS_OVERDUE);  // 24 July, past the revised end
}

// What a proposal waits on follows its status and its open items, and the register filters on
// it.
TEST_P(ReleaseServiceTest, WaitingOnFollowsEachStatus) {
  const std::string name = Raise("Follow me");
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_PANEL);
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REFINEMENT, v1::MODIFICATION_PATH_PATH_2).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);

  v1::RequestAssessmentRequest ra;
  ra.set_parent(name);
  ra.set_kind(v1::ASSESSMENT_KIND_IMPACT);
  ra.set_request_date("2017-05-22");
  v1::Assessment a;
  ASSERT_TRUE(gov_->RequestAssessment(Ctx("panel").get(), ra, &a).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_DCC);
  EXPECT_THAT(Listed("waiting_on = DCC"), ElementsAre(name));
  EXPECT_THAT(Listed("waiting_on = SECAS"), ::testing::IsEmpty());
  v1::DeliverAssessmentRequest da;
  da.set_name(a.name());
  da.set_delivery_date("2017-06-01");
  ASSERT_TRUE(gov_->DeliverAssessment(Ctx("dcc").get(), da, &a).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);
  EXPECT_THAT(Listed("waiting_on = DCC"), ::testing::IsEmpty());

  // A second assessment, waived by the Panel: the proposal no longer waits on the DCC, and its
  // late delivery changes nothing.
  ASSERT_TRUE(testing::CreateMeeting(server(), v1::MEETING_BODY_PANEL, 51, "2017-06-16").ok());
  ra.set_kind(v1::ASSESSMENT_KIND_PRELIMINARY);
  ra.set_request_date("2017-06-02");
  v1::Assessment second;
  ASSERT_TRUE(gov_->RequestAssessment(Ctx("panel").get(), ra, &second).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_DCC);
  v1::WaiveAssessmentRequest waive;
  waive.set_name(second.name());
  waive.set_meeting("meetings/panel-51");
  waive.set_reason("the Panel goes ahead on the Preliminary Assessment's scope");
  v1::Decision waived;
  ASSERT_TRUE(gov_->WaiveAssessment(Ctx("panel").get(), waive, &waived).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);
  // The status report as of the waiver's day agrees: SECAS, not the DCC.
  v1::GetModificationStatusReportRequest rr;
  rr.set_as_of("2017-06-16");
  v1::ModificationStatusReport report;
  ASSERT_TRUE(gov_->GetModificationStatusReport(Ctx("bg").get(), rr, &report).ok());
  std::vector<v1::WaitingOn> bodies;
  for (const auto& w : report.waiting_on()) {
    for (const auto& p : w.proposals()) {
      if (p.reference() == name.substr(14)) bodies.push_back(w.body());
    }
  }
  EXPECT_THAT(bodies, ElementsAre(v1::WAITING_ON_SECAS));
  da.set_name(second.name());
  da.set_delivery_date("2017-06-16");
  ASSERT_TRUE(gov_->DeliverAssessment(Ctx("dcc").get(), da, &second).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);
  ra.set_request_date("2017-06-16");
  v1::Assessment third;
  ASSERT_TRUE(gov_->RequestAssessment(Ctx("panel").get(), ra, &third).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_DCC);  // counted from one, not zero minus one
  da.set_name(third.name());
  ASSERT_TRUE(gov_->DeliverAssessment(Ctx("dcc").get(), da, &third).ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);

  v1::CompleteRefinementRequest cr;
  cr.set_name(name);
  cr.set_meeting("meetings/panel-51");
  v1::Decision d;
  ASSERT_TRUE(gov_->CompleteRefinement(Ctx("panel").get(), cr, &d).ok());
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_REPORT_PHASE);
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);
  ASSERT_TRUE(Issue("admin", name, "2017-06-19", "2017-06-30").ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);
  ASSERT_TRUE(Close("admin", name, "2017-07-03").ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_CHANGE_BOARD);
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE, "2017-07-04").ok());
  v1::TallyResult tally;
  ASSERT_TRUE(Tally(name, &tally, "2017-07-04").ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_AUTHORITY);
  EXPECT_THAT(Listed("waiting_on = AUTHORITY"), ElementsAre(name));
  ASSERT_TRUE(Authority(name, v1::AUTHORITY_OUTCOME_APPROVE, "2017-07-10").ok());
  EXPECT_EQ(Get(name).waiting_on(), v1::WAITING_ON_SECAS);

  SetDay("2017-04-10");  // raised before the direction of 2017-05-22
  const std::string suspended = Raise("Suspended one");
  ASSERT_TRUE(Direct("sos", suspended, v1::DIRECTION_SUSPEND).ok());
  EXPECT_EQ(Get(suspended).waiting_on(), v1::WAITING_ON_SECRETARY_OF_STATE);
  EXPECT_THAT(Listed("waiting_on != SECAS"), ElementsAre(suspended));
  ASSERT_TRUE(Direct("sos", suspended, v1::DIRECTION_CANCEL).ok());
  EXPECT_EQ(Get(suspended).waiting_on(), v1::WAITING_ON_UNSPECIFIED);

  v1::ListModificationsRequest bad;
  bad.set_filter("waiting_on = PROPOSER");
  v1::ListModificationsResponse out;
  EXPECT_EQ(reg_->ListModifications(Ctx("bg").get(), bad, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

SEC_INSTANTIATE_BACKENDS(ReleaseServiceTest);

}  // namespace
}  // namespace sec
