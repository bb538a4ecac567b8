// GetProcessMetrics and the status report's releases, waiting-on and metrics sections, through
// the public API on SQLite and MariaDB: proposals run through stages with planned ends, one
// slips from a release to a later one, others wait on the DCC, the Panel and the Change Board.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sec/v1/release.grpc.pb.h"
#include "service/governance_fixture.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::testing::ElementsAre;

struct Plan {
  v1::ModificationStatus stage;
  std::string target;
};

class ProcessMetricsServiceTest : public GovernanceServiceTest {
 protected:
  void SetUp() override {
    GovernanceServiceTest::SetUp();
    if (HasFatalFailure()) return;
    rel_ = v1::ReleaseService::NewStub(server().channel());
  }

  // The Panel (meeting 50, 2017-05-19) sends the proposal to the report phase with a timetable
  // naming the stages' planned ends.
  void AcceptWithPlan(const std::string& name, const std::vector<Plan>& plans) {
    v1::AcceptInitialReportRequest req;
    req.set_name(name);
    req.set_meeting("meetings/panel-50");
    req.set_destination(v1::IMR_DESTINATION_REPORT_PHASE);
    req.set_path(v1::MODIFICATION_PATH_PATH_2);
    for (const Plan& p : plans) {
      v1::TimetableEntry* t = req.add_timetable();
      t->set_milestone("stage end");
      t->set_target_date(p.target);
      t->set_stage(p.stage);
    }
    v1::Decision out;
    grpc::Status s = gov_->AcceptInitialReport(Ctx("panel").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void PlanRelease(const std::string& id, const std::string& target) {
    v1::CreateReleaseRequest req;
    req.set_release_id(id);
    req.mutable_release()->set_kind(v1::RELEASE_KIND_PLANNED);
    req.mutable_release()->set_target_date(target);
    v1::Release out;
    grpc::Status s = rel_->CreateRelease(Ctx("admin").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Metrics(const std::string& from, const std::string& to, v1::ProcessMetrics* out) {
    v1::GetProcessMetricsRequest req;
    req.set_period_start(from);
    req.set_period_end(to);
    return gov_->GetProcessMetrics(Ctx("bg").get(), req, out);
  }

  v1::ModificationStatusReport Report(const std::string& as_of, const std::string& start) {
    v1::GetModificationStatusReportRequest req;
    req.set_as_of(as_of);
    req.set_period_start(start);
    v1::ModificationStatusReport out;
    grpc::Status s = gov_->GetModificationStatusReport(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // Raised 2017-04-10 (the test clock) by British Gas:
  //   A, B: to the report phase on 19 May with planned ends, consultations issued and closed.
  //   C: through the Change Board and the Authority (APPROVED 3 July), assigned to release
  //      2017-09, moved to 2017-11 on 1 August, implemented with it on 9 November.
  //   D: left SUBMITTED (waits on the Panel).
  //   E: in refinement from 19 May with a DCC Impact Assessment requested 22 May, undelivered.
  void RunScenario() {
    a_ = Raise("Alpha");
    b_ = Raise("Beta");
    c_ = Raise("Gamma");
    d_ = Raise("Delta");
    e_ = Raise("Echo");
    AcceptWithPlan(a_, {{v1::MODIFICATION_STATUS_REPORT_PHASE, "2017-05-31"},
                        {v1::MODIFICATION_STATUS_CONSULTATION, "2017-06-10"}});
    ASSERT_TRUE(Issue("admin", a_, "2017-05-22", "2017-06-12").ok());
    ASSERT_TRUE(Close("admin", a_, "2017-06-13").ok());
    AcceptWithPlan(b_, {{v1::MODIFICATION_STATUS_REPORT_PHASE, "2017-05-20"}});
    ASSERT_TRUE(Issue("admin", b_, "2017-05-26", "2017-06-19").ok());
    ASSERT_TRUE(Close("admin", b_, "2017-06-20").ok());
    ASSERT_TRUE(
        Accept("panel", e_, v1::IMR_DESTINATION_REFINEMENT, v1::MODIFICATION_PATH_PATH_2).ok());
    v1::RequestAssessmentRequest ra;
    ra.set_parent(e_);
    ra.set_kind(v1::ASSESSMENT_KIND_IMPACT);
    ra.set_request_date("2017-05-22");
    v1::Assessment assessment;
    ASSERT_TRUE(gov_->RequestAssessment(Ctx("panel").get(), ra, &assessment).ok());

    ToChangeBoard(c_, v1::MODIFICATION_PATH_PATH_2);
    ASSERT_TRUE(Vote(c_, "cb", v1::VOTE_CHOICE_APPROVE).ok());
    v1::TallyResult tally;
    ASSERT_TRUE(Tally(c_, &tally).ok());
    ASSERT_TRUE(Authority(c_, v1::AUTHORITY_OUTCOME_APPROVE, "2017-07-03").ok());
    PlanRelease("2017-09", "2017-09-28");  // cut-off 2017-08-31
    PlanRelease("2017-11", "2017-11-09");
    v1::AssignModificationRequest assign;
    assign.set_release("releases/2017-09");
    assign.set_modification(c_);
    assign.set_assign_date("2017-07-04");
    v1::Release r;
    ASSERT_TRUE(rel_->AssignModification(Ctx("admin").get(), assign, &r).ok());
    v1::MoveModificationRequest move;
    move.set_modification(c_);
    move.set_to_release("releases/2017-11");
    move.set_move_date("2017-08-01");
    ASSERT_TRUE(rel_->MoveModification(Ctx("admin").get(), move, &r).ok());
    v1::ImplementReleaseRequest implement;
    implement.set_name("releases/2017-11");
    implement.mutable_version()->set_number("7.0");
    implement.mutable_version()->add_sections("D");
    ASSERT_TRUE(rel_->ImplementRelease(Ctx("admin").get(), implement, &r).ok());
  }

  static std::string Ref(const std::string& name) { return name.substr(14); }

  std::unique_ptr<v1::ReleaseService::Stub> rel_;
  std::string a_, b_, c_, d_, e_;
};

TEST_P(ProcessMetricsServiceTest, StageFiguresOverAPeriod) {
  ASSERT_NO_FATAL_FAILURE(RunScenario());
  v1::ProcessMetrics m;
  grpc::Status s = Metrics("2017-05-01", "2017-06-15", &m);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(m.period_start(), "2017-05-01");
  EXPECT_EQ(m.period_end(), "2017-06-15");
  ASSERT_EQ(m.stages_size(), 3) << m.DebugString();
  // SUBMITTED: A, B, C and E left it on 19 May, 39 days after their raise on 10 April; D is
  // still there. No timetable named it.
  EXPECT_EQ(m.stages(0).stage(), v1::MODIFICATION_STATUS_SUBMITTED);
  EXPECT_EQ(m.stages(0).finished(), 4);
  EXPECT_EQ(m.stages(0).median_days(), 39);
  EXPECT_EQ(m.stages(0).p90_days(), 39);
  EXPECT_EQ(m.stages(0).with_planned_end(), 0);
  // REPORT_PHASE from 19 May: A 3 days (to 22 May), C 3, B 7 (to 26 May). Sorted 3 3 7: median
  // rank ceil(1.5) = 2 -> 3; p90 rank ceil(2.7) = 3 -> 7. A planned by 31 May (on time), B by
  // 20 May (late): 1 of 2, 5000 basis points.
  EXPECT_EQ(m.stages(1).stage(), v1::MODIFICATION_STATUS_REPORT_PHASE);
  EXPECT_EQ(m.stages(1).finished(), 3);
  EXPECT_EQ(m.stages(1).median_days(), 3);
  EXPECT_EQ(m.stages(1).p90_days(), 7);
  EXPECT_EQ(m.stages(1).with_planned_end(), 2);
  EXPECT_EQ(m.stages(1).on_time(), 1);
  EXPECT_EQ(m.stages(1).on_time_basis_points(), 5000);
  // CONSULTATION: A and C 22 May -> 13 June (22 days); B's ends 20 June, after the period. A was
  // planned by 10 June: late.
  EXPECT_EQ(m.stages(2).stage(), v1::MODIFICATION_STATUS_CONSULTATION);
  EXPECT_EQ(m.stages(2).finished(), 2);
  EXPECT_EQ(m.stages(2).median_days(), 22);
  EXPECT_EQ(m.stages(2).p90_days(), 22);
  EXPECT_EQ(m.stages(2).with_planned_end(), 1);
  EXPECT_EQ(m.stages(2).on_time(), 0);
  EXPECT_EQ(m.stages(2).on_time_basis_points(), 0);
  EXPECT_EQ(m.implemented(), 0);

  // November: C left APPROVED (3 July -> 9 November, 129 days) and was implemented 213 days
  // after its raise.
  ASSERT_TRUE(Metrics("2017-11-01", "2017-11-30", &m).ok());
  ASSERT_EQ(m.stages_size(), 1) << m.DebugString();
  EXPECT_EQ(m.stages(0).stage(), v1::MODIFICATION_STATUS_APPROVED);
  EXPECT_EQ(m.stages(0).median_days(), 129);
  EXPECT_EQ(m.implemented(), 1);
  EXPECT_EQ(m.median_days_to_implement(), 213);

  // Both dates are required, in order.
  s = Metrics("2017-05-01", "", &m);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ViolatedField(s), "period_end");
  s = Metrics("2017-06-15", "2017-05-01", &m);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(ProcessMetricsServiceTest, TheStatusReportShowsReleasesWaitingOnAndMetrics) {
  ASSERT_NO_FATAL_FAILURE(RunScenario());
  const v1::ModificationStatusReport r = Report("2017-08-15", "2017-07-15");
  // Both releases fall after the report's date and are open then (2017-11 is implemented only
  // on its target date). 2017-09 lost C to the later 2017-11 on 1 August.
  ASSERT_EQ(r.releases_size(), 2) << r.DebugString();
  const v1::ReportRelease& sep = r.releases(0);
  EXPECT_EQ(sep.name(), "releases/2017-09");
  EXPECT_EQ(sep.kind(), "PLANNED");
  EXPECT_EQ(sep.target_date(), "2017-09-28");
  EXPECT_EQ(sep.cutoff_date(), "2017-08-31");
  EXPECT_EQ(sep.status(), "PLANNING");
  EXPECT_THAT(sep.modifications(), ::testing::IsEmpty());
  ASSERT_EQ(sep.slips_size(), 1);
  EXPECT_EQ(sep.slips(0).modification(), Ref(c_));
  EXPECT_EQ(sep.slips(0).to_release(), "releases/2017-11");
  EXPECT_EQ(sep.slips(0).move_date(), "2017-08-01");
  const v1::ReportRelease& nov = r.releases(1);
  EXPECT_EQ(nov.name(), "releases/2017-11");
  EXPECT_EQ(nov.status(), "PLANNING");
  EXPECT_THAT(nov.modifications(), ElementsAre(Ref(c_)));
  EXPECT_EQ(nov.slips_size(), 0);

  // As of 15 August: D submitted (the Panel), E in refinement with its assessment outstanding
  // (the DCC), A and B before the Change Board. C, approved, is no longer open: it is in no row.
  ASSERT_EQ(r.waiting_on_size(), 3) << r.DebugString();
  auto refs = [](const v1::ReportWaitingOn& w) {
    std::vector<std::string> out;
    for (const auto& p : w.proposals()) out.push_back(p.reference());
    return out;
  };
  EXPECT_EQ(r.waiting_on(0).body(), v1::WAITING_ON_PANEL);
  EXPECT_THAT(refs(r.waiting_on(0)), ElementsAre(Ref(d_)));
  EXPECT_EQ(r.waiting_on(1).body(), v1::WAITING_ON_DCC);
  EXPECT_THAT(refs(r.waiting_on(1)), ElementsAre(Ref(e_)));
  EXPECT_EQ(r.waiting_on(1).proposals(0).status(), v1::MODIFICATION_STATUS_REFINEMENT);
  EXPECT_EQ(r.waiting_on(2).body(), v1::WAITING_ON_CHANGE_BOARD);
  EXPECT_THAT(refs(r.waiting_on(2)), ElementsAre(Ref(a_), Ref(b_)));

  // As of 20 May the DCC had not been asked yet: E waited on SECAS; C, A and B were in the
  // report phase (SECAS) too; nothing was before the Change Board.
  const v1::ModificationStatusReport may = Report("2017-05-20", "2017-04-20");
  ASSERT_EQ(may.waiting_on_size(), 2) << may.DebugString();
  EXPECT_EQ(may.waiting_on(0).body(), v1::WAITING_ON_SECAS);
  EXPECT_THAT(refs(may.waiting_on(0)), ElementsAre(Ref(a_), Ref(b_), Ref(c_), Ref(e_)));
  EXPECT_EQ(may.waiting_on(1).body(), v1::WAITING_ON_PANEL);
  // Neither release's target date is in (20 April, 20 May]; both are open after it, and C had
  // not slipped yet.
  ASSERT_EQ(may.releases_size(), 2);
  EXPECT_EQ(may.releases(0).slips_size(), 0);

  // The metrics section is GetProcessMetrics over the report's period, (30 April, 15 June].
  const v1::ModificationStatusReport june = Report("2017-06-15", "2017-04-30");
  v1::ProcessMetrics m;
  ASSERT_TRUE(Metrics("2017-05-01", "2017-06-15", &m).ok());
  EXPECT_EQ(june.process_metrics().SerializeAsString(), m.SerializeAsString());
  EXPECT_EQ(june.process_metrics().stages_size(), 3);
}

SEC_INSTANTIATE_BACKENDS(ProcessMetricsServiceTest);

}  // namespace
}  // namespace sec
