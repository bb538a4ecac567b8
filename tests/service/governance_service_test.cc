// GovernanceService scenarios through the public API, on an in-process server, on SQLite and
// MariaDB: the lifecycle end to end, refusals that change nothing, roles, consultations, SSC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/governance_fixture.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::CreateMeeting;
using ::sec::testing::RegisterParty;
using ::sec::testing::ServiceTest;
using ::testing::HasSubstr;

TEST_P(GovernanceServiceTest, Path3FromRaiseToImplemented) {
  const std::string name = Raise("Self-governance change");
  ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_3);
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CHANGE_BOARD);
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_REJECT).ok());
  // cb changes its vote while it is open: only the last one counts.
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());
  ASSERT_TRUE(Vote(name, "cb-small", v1::VOTE_CHOICE_APPROVE).ok());
  ASSERT_TRUE(Vote(name, "cb-network", v1::VOTE_CHOICE_REJECT).ok());
  v1::TallyResult tally;
  ASSERT_TRUE(Tally(name, &tally).ok());
  EXPECT_TRUE(tally.approved());
  EXPECT_EQ(tally.groups_approving(), 2);
  EXPECT_EQ(tally.groups_rejecting(), 1);
  EXPECT_EQ(tally.counted_size(), 3);
  EXPECT_EQ(tally.decision().status(), v1::MODIFICATION_STATUS_APPROVED);
  EXPECT_EQ(tally.decision().decision_date(), "2017-06-28");
  // Every vote is kept, the changed one too.
  v1::ListVotesRequest lv;
  lv.set_parent(name);
  v1::ListVotesResponse votes;
  ASSERT_TRUE(gov_->ListVotes(Ctx("admin").get(), lv, &votes).ok());
  EXPECT_EQ(votes.votes_size(), 4);

  // The appeal window: 15 working days after the Change Board's decision of Wednesday
  // 2017-06-28 (29, 30 June; 3-7, 10-14 July; 17, 18, 19 July) ends on 2017-07-19, so a version
  // taking effect that day cannot implement it, and the refusal changes nothing.
  grpc::Status early = Designate("6.0", "2017-07-19", name);
  EXPECT_THAT(early, testing::StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                                       HasSubstr("appeal window")));
  EXPECT_EQ(testing::ErrorReason(early), "APPEAL_WINDOW_OPEN");
  EXPECT_THAT(early.error_message(), HasSubstr("2017-07-19"));
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_APPROVED);
  v1::GetVersionRequest gv;
  gv.set_name("versions/6.0");
  v1::SecVersion none;
  EXPECT_EQ(gov_->GetVersion(Ctx("bg").get(), gv, &none).error_code(), grpc::StatusCode::NOT_FOUND);

  ASSERT_TRUE(Designate("6.0", "2017-07-20", name).ok());
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_IMPLEMENTED);
  v1::GetVersionInForceRequest vf;
  vf.set_date("2017-07-19");
  v1::SecVersion v;
  EXPECT_EQ(gov_->GetVersionInForce(Ctx("bg").get(), vf, &v).error_code(),
            grpc::StatusCode::NOT_FOUND);
  vf.set_date("2017-07-20");
  ASSERT_TRUE(gov_->GetVersionInForce(Ctx("bg").get(), vf, &v).ok());
  EXPECT_EQ(v.name(), "versions/6.0");

  // The report as of before the version's date still shows it approved, not implemented.
  v1::GetModificationStatusReportRequest rr;
  rr.set_as_of("2017-06-30");
  v1::ModificationStatusReport report;
  ASSERT_TRUE(gov_->GetModificationStatusReport(Ctx("bg").get(), rr, &report).ok());
  EXPECT_EQ(report.open_proposals_size(), 0);  // APPROVED is not open
  rr.set_as_of("2017-06-01");
  ASSERT_TRUE(gov_->GetModificationStatusReport(Ctx("bg").get(), rr, &report).ok());
  ASSERT_EQ(report.open_proposals_size(), 1);
  EXPECT_EQ(report.open_proposals(0).status_title(), "Modification Report Consultation");
}

// Paper day and the proposal-form cut-off come with every meeting read: for Panel meeting 50
// (Friday 2017-05-19), 5 working days before (12 May) and 5 more (5 May).
TEST_P(GovernanceServiceTest, MeetingsCarryTheirPaperDayAndProposalCutOff) {
  v1::GetMeetingRequest req;
  req.set_name("meetings/panel-50");
  v1::Meeting m;
  ASSERT_TRUE(gov_->GetMeeting(Ctx("bg").get(), req, &m).ok());
  EXPECT_EQ(m.papers_due_date(), "2017-05-12");
  EXPECT_EQ(m.proposals_due_date(), "2017-05-05");
  v1::GetNextMeetingRequest next;
  next.set_body(v1::MEETING_BODY_PANEL);
  next.set_after_date("2017-04-10");
  ASSERT_TRUE(gov_->GetNextMeeting(Ctx("bg").get(), next, &m).ok());
  EXPECT_EQ(m.papers_due_date(), "2017-05-12");
}

TEST_P(GovernanceServiceTest, Path2RecommendedSentBackThenApproved) {
  const std::string name = Raise("Authority determination change");
  ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_2);
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());
  v1::TallyResult tally;
  ASSERT_TRUE(Tally(name, &tally).ok());
  EXPECT_EQ(tally.decision().status(), v1::MODIFICATION_STATUS_AWAITING_AUTHORITY);
  EXPECT_THAT(tally.decision().outcome(), HasSubstr("recommends approval"));

  ASSERT_TRUE(Authority(name, v1::AUTHORITY_OUTCOME_SEND_BACK, "2017-07-10").ok());
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_REPORT_PHASE);
  // Back through a second consultation round and vote.
  ASSERT_TRUE(Issue("admin", name, "2017-07-12", "2017-07-26").ok());
  ASSERT_TRUE(Close("admin", name, "2017-07-27").ok());
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE, "2017-07-28").ok());
  // Change Board meeting 20 was before this round: tallied on a date of its own.
  ASSERT_TRUE(Tally(name, &tally, "2017-07-28").ok());
  EXPECT_EQ(tally.counted_size(), 1);  // the first round's vote is not counted again
  ASSERT_TRUE(Authority(name, v1::AUTHORITY_OUTCOME_APPROVE, "2017-08-15").ok());
  v1::Modification m = Get(name);
  EXPECT_EQ(m.status(), v1::MODIFICATION_STATUS_APPROVED);

  v1::ListDecisionsRequest ld;
  ld.set_modification(name);
  v1::ListDecisionsResponse decisions;
  ASSERT_TRUE(gov_->ListDecisions(Ctx("bg").get(), ld, &decisions).ok());
  ASSERT_EQ(decisions.decisions_size(), 5);
  EXPECT_EQ(decisions.decisions(4).kind(), "AUTHORITY_APPROVE");
  EXPECT_EQ(decisions.decisions(4).decision_date(), "2017-08-15");
  EXPECT_EQ(decisions.decisions(4).reference(), "Ofgem decision letter");
}

TEST_P(GovernanceServiceTest, SuspendLiftCancel) {
  const std::string name = Raise("To be suspended");
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REFINEMENT, v1::MODIFICATION_PATH_PATH_3).ok());
  ASSERT_TRUE(Direct("sos", name, v1::DIRECTION_SUSPEND).ok());
  v1::Modification m = Get(name);
  EXPECT_EQ(m.status(), v1::MODIFICATION_STATUS_SUSPENDED);
  EXPECT_EQ(m.suspended_from(), v1::MODIFICATION_STATUS_REFINEMENT);
  ASSERT_TRUE(Direct("sos", name, v1::DIRECTION_LIFT_SUSPENSION).ok());
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_REFINEMENT);
  ASSERT_TRUE(Direct("sos", name, v1::DIRECTION_CANCEL).ok());
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CANCELLED);
  // Closed: nothing more may happen, and the refusal names the status.
  grpc::Status s = Direct("sos", name, v1::DIRECTION_SUSPEND);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("CANCELLED"));
}

TEST_P(GovernanceServiceTest, DisallowedEventsAreRefusedAndChangeNothing) {
  const std::string name = Raise("Still submitted");
  const v1::Modification before = Get(name);
  const int events = EventCount(name);
  struct Case {
    const char* what;
    std::function<grpc::Status()> call;
  };
  std::vector<Case> cases = {
      {"issue consultation", [&] { return Issue("admin", name, "2017-04-11", "2017-05-01"); }},
      {"close consultation", [&] { return Close("admin", name, "2017-05-02"); }},
      {"complete refinement",
       [&] {
         v1::CompleteRefinementRequest r;
         r.set_name(name);
         r.set_meeting("meetings/panel-50");
         v1::Decision d;
         return gov_->CompleteRefinement(Ctx("panel").get(), r, &d);
       }},
      {"approve fast-track (not fast-track)",
       [&] {
         v1::ApproveFastTrackRequest r;
         r.set_name(name);
         r.set_meeting("meetings/panel-50");
         v1::Decision d;
         return gov_->ApproveFastTrack(Ctx("panel").get(), r, &d);
       }},
      {"authority approve",
       [&] { return Authority(name, v1::AUTHORITY_OUTCOME_APPROVE, "2017-05-01"); }},
      {"authority send back",
       [&] { return Authority(name, v1::AUTHORITY_OUTCOME_SEND_BACK, "2017-05-01"); }},
      {"lift suspension", [&] { return Direct("sos", name, v1::DIRECTION_LIFT_SUSPENSION); }},
      {"implement", [&] { return Designate("9.9", "2017-09-01", name); }},
      {"vote", [&] { return Vote(name, "cb", v1::VOTE_CHOICE_APPROVE); }},
      {"tally",
       [&] {
         v1::TallyResult t;
         return Tally(name, &t);
       }},
  };
  for (const Case& c : cases) {
    grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << c.what << ": " << s.error_message();
  }
  const v1::Modification after = Get(name);
  EXPECT_EQ(after.status(), before.status());
  EXPECT_EQ(after.etag(), before.etag());
  EXPECT_EQ(EventCount(name), events);
  v1::GetVersionRequest gv;
  gv.set_name("versions/9.9");
  v1::SecVersion v;
  EXPECT_EQ(gov_->GetVersion(Ctx("admin").get(), gv, &v).error_code(), grpc::StatusCode::NOT_FOUND)
      << "a refused designation must not leave the version behind";

  // The refusal names the current status and the events allowed from it.
  grpc::Status s = Close("admin", name, "2017-05-02");
  EXPECT_THAT(s.error_message(), HasSubstr("SUBMITTED"));
  EXPECT_THAT(s.error_message(), HasSubstr("accept_to_refinement"));

  // The Panel approves outright only a fast-track proposal.
  SetDay("2017-04-10");
  const std::string fast = Raise("Fast one", /*fast_track=*/true);
  v1::ApproveFastTrackRequest r;
  r.set_name(fast);
  r.set_meeting("meetings/panel-50");
  v1::Decision d;
  ASSERT_TRUE(gov_->ApproveFastTrack(Ctx("panel").get(), r, &d).ok());
  EXPECT_EQ(d.status(), v1::MODIFICATION_STATUS_APPROVED);
  EXPECT_EQ(d.decision_date(), "2017-05-19");
}

TEST_P(GovernanceServiceTest, RoleRestrictionsArePermissionDenied) {
  const std::string name = Raise("Roles");
  const v1::Modification before = Get(name);
  EXPECT_EQ(Accept("admin", name, v1::IMR_DESTINATION_REFINEMENT, v1::MODIFICATION_PATH_PATH_3)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Accept("bg", name, v1::IMR_DESTINATION_REFINEMENT, v1::MODIFICATION_PATH_PATH_3).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Direct("panel", name, v1::DIRECTION_SUSPEND).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(name).etag(), before.etag());
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REPORT_PHASE, v1::MODIFICATION_PATH_PATH_2).ok());
  EXPECT_EQ(Issue("bg", name, "2017-05-22", "2017-06-12").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Issue("panel", name, "2017-05-22", "2017-06-12").ok());
  EXPECT_EQ(Close("panel", name, "2017-06-13").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Close("admin", name, "2017-06-13").ok());
  {
    v1::CastVoteRequest req;
    req.set_parent(name);
    req.mutable_vote()->set_voting_group(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
    req.mutable_vote()->set_choice(v1::VOTE_CHOICE_APPROVE);
    req.mutable_vote()->set_reason("r");
    v1::Vote out;
    EXPECT_EQ(gov_->CastVote(Ctx("admin").get(), req, &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());
  v1::TallyResult t;
  ASSERT_TRUE(Tally(name, &t).ok());
  v1::DecideAsAuthorityRequest ar;
  ar.set_name(name);
  ar.set_outcome(v1::AUTHORITY_OUTCOME_APPROVE);
  v1::Decision d;
  EXPECT_EQ(gov_->DecideAsAuthority(Ctx("panel").get(), ar, &d).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_AWAITING_AUTHORITY);
  v1::DesignateVersionRequest dv;
  dv.mutable_version()->set_number("7.0");
  dv.mutable_version()->set_effective_date("2017-09-01");
  v1::SecVersion v;
  EXPECT_EQ(gov_->DesignateVersion(Ctx("panel").get(), dv, &v).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CreateMeetingRequest cm;
  cm.mutable_meeting()->set_body(v1::MEETING_BODY_PANEL);
  cm.mutable_meeting()->set_number(51);
  cm.mutable_meeting()->set_date("2017-06-16");
  v1::Meeting mt;
  EXPECT_EQ(gov_->CreateMeeting(Ctx("bg").get(), cm, &mt).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_P(GovernanceServiceTest, ConsultationResponses) {
  const std::string name = Raise("Consulted");
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REPORT_PHASE, v1::MODIFICATION_PATH_PATH_3).ok());
  ASSERT_TRUE(Issue("admin", name, "2017-05-22", "2017-06-12").ok());
  grpc::Status early = Close("admin", name, "2017-06-11");
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early.error_message(), HasSubstr("deadline"));
  // A party's response is dated by the server: the deadline day is in time, the day after not.
  SetDay("2017-06-12");
  EXPECT_TRUE(Respond("bg", name, "parties/british-gas", "").ok()) << "the deadline day is in time";
  SetDay("2017-06-13");
  grpc::Status late = Respond("edf", name, "parties/edf-energy", "");
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("2017-06-12"));
  // SECAS, loading history, gives the date.
  grpc::Status dcc = Respond("admin", name, "parties/dcc", "2017-06-01");
  EXPECT_EQ(dcc.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(dcc.error_message(), HasSubstr("DCC"));
  EXPECT_EQ(Respond("bg", name, "parties/edf-energy", "").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CONSULTATION);
  v1::ListConsultationResponsesRequest lr;
  lr.set_name(name + "/consultation");
  v1::ListConsultationResponsesResponse responses;
  ASSERT_TRUE(gov_->ListConsultationResponses(Ctx("admin").get(), lr, &responses).ok());
  ASSERT_EQ(responses.responses_size(), 1);
  EXPECT_EQ(responses.responses(0).party(), "parties/british-gas");
  ASSERT_TRUE(Close("admin", name, "2017-06-12").ok());
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CHANGE_BOARD);
}

// A proposal's history (ListModificationEvents) is its whole record: each vote with the status
// it leaves the proposal in, and each consultation response (SPEC 3).
TEST_P(GovernanceServiceTest, TheHistoryHoldsVotesWithTheirStatusAndTheResponses) {
  const std::string name = Raise("Recorded");
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REPORT_PHASE, v1::MODIFICATION_PATH_PATH_3).ok());
  ASSERT_TRUE(Issue("admin", name, "2017-05-22", "2017-06-12").ok());
  SetDay("2017-06-01");
  ASSERT_TRUE(Respond("bg", name, "parties/british-gas", "").ok());
  ASSERT_TRUE(Close("admin", name, "2017-06-13").ok());
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());

  v1::ListModificationEventsRequest req;
  req.set_parent(name);
  v1::ListModificationEventsResponse history;
  ASSERT_TRUE(reg_->ListModificationEvents(Ctx("edf").get(), req, &history).ok());
  const v1::Event* vote = nullptr;
  const v1::Event* response = nullptr;
  for (const v1::Event& e : history.events()) {
    if (e.kind() == "vote") vote = &e;
    if (e.after_json().find("We support it.") != std::string::npos) response = &e;
  }
  ASSERT_NE(vote, nullptr);
  EXPECT_EQ(vote->status(), v1::MODIFICATION_STATUS_CHANGE_BOARD);
  EXPECT_EQ(vote->effective_date(), "2017-06-28");
  ASSERT_NE(response, nullptr) << "the consultation response is part of the proposal's record";
  EXPECT_EQ(response->effective_date(), "2017-06-01");
  EXPECT_EQ(response->status(), v1::MODIFICATION_STATUS_CONSULTATION);
  EXPECT_EQ(response->principal(), "bg");
  // In date order, and the event log's own order.
  for (int i = 1; i < history.events_size(); ++i) {
    EXPECT_LT(history.events(i - 1).sequence(), history.events(i).sequence());
  }
}

// The tally gives each counted vote as it was cast (its sequence in ListVotes); an abstention
// is recorded and does not count towards its group's majority.
TEST_P(GovernanceServiceTest, TheTallyCountsEachMembersLastVoteAndAbstentionsDoNotDecide) {
  const std::string name = Raise("Tallied");
  ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_3);
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_REJECT).ok());
  ASSERT_TRUE(Vote(name, "cb-small", v1::VOTE_CHOICE_ABSTAIN).ok());
  ASSERT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());
  ASSERT_TRUE(Vote(name, "cb-large2", v1::VOTE_CHOICE_ABSTAIN).ok());
  v1::ListVotesRequest lv;
  lv.set_parent(name);
  v1::ListVotesResponse votes;
  ASSERT_TRUE(gov_->ListVotes(Ctx("admin").get(), lv, &votes).ok());
  ASSERT_EQ(votes.votes_size(), 4);

  v1::TallyResult tally;
  ASSERT_TRUE(Tally(name, &tally).ok());
  // cb's second vote, cb-small's, cb-large2's: in the order each member first voted.
  ASSERT_EQ(tally.counted_size(), 3);
  EXPECT_EQ(tally.counted(0).sequence(), votes.votes(2).sequence());
  EXPECT_EQ(tally.counted(0).choice(), v1::VOTE_CHOICE_APPROVE);
  EXPECT_EQ(tally.counted(1).sequence(), votes.votes(1).sequence());
  EXPECT_EQ(tally.counted(2).sequence(), votes.votes(3).sequence());
  for (const v1::Vote& v : tally.counted()) EXPECT_EQ(v.vote_date(), "2017-06-28");
  // Large Suppliers: one approval, one abstention: the group approves. Small Suppliers: an
  // abstention alone: no view. One group approving, none rejecting: approved.
  ASSERT_EQ(tally.groups_size(), 2);
  EXPECT_EQ(tally.groups(0).group(), v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  EXPECT_EQ(tally.groups(0).approve(), 1);
  EXPECT_EQ(tally.groups(0).abstain(), 1);
  EXPECT_EQ(tally.groups(0).view(), "APPROVE");
  EXPECT_EQ(tally.groups(1).abstain(), 1);
  EXPECT_EQ(tally.groups(1).view(), "NONE");
  EXPECT_TRUE(tally.approved());
}

// Refused votes and tallies name where the proposal is and what may happen there (the
// lifecycle table), as every refused event does; a tally with no vote cast is refused.
TEST_P(GovernanceServiceTest, VotesAndTalliesOutsideTheChangeBoardNameTheStatusAndItsEvents) {
  const std::string name = Raise("Not yet at the Board");
  v1::TallyResult tally;
  grpc::Status early = Tally(name, &tally);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(sec::testing::ErrorReason(early), "EVENT_NOT_ALLOWED");
  EXPECT_THAT(early.error_message(), HasSubstr("SUBMITTED"));
  EXPECT_THAT(early.error_message(), HasSubstr("allowed from there: "));
  EXPECT_THAT(early.error_message(), HasSubstr("withdraw"));
  grpc::Status vote = Vote(name, "cb", v1::VOTE_CHOICE_APPROVE);
  EXPECT_EQ(vote.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(sec::testing::ErrorReason(vote), "EVENT_NOT_ALLOWED");
  EXPECT_THAT(vote.error_message(), HasSubstr("allowed from there: "));

  ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_3);
  grpc::Status empty = Tally(name, &tally);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(sec::testing::ErrorReason(empty), "NO_VOTES");
  EXPECT_THAT(empty.error_message(), HasSubstr("no Change Board member has voted"));
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CHANGE_BOARD);
}

TEST_P(GovernanceServiceTest, IdempotentDecisionIsRecordedOnce) {
  const std::string name = Raise("Retried");
  v1::AcceptInitialReportRequest req;
  req.set_name(name);
  req.set_meeting("meetings/panel-50");
  req.set_destination(v1::IMR_DESTINATION_REFINEMENT);
  req.set_path(v1::MODIFICATION_PATH_PATH_3);
  req.set_request_id("accept-once");
  v1::Decision first, second;
  ASSERT_TRUE(gov_->AcceptInitialReport(Ctx("panel").get(), req, &first).ok());
  ASSERT_TRUE(gov_->AcceptInitialReport(Ctx("panel").get(), req, &second).ok());
  EXPECT_EQ(first.name(), second.name());
  v1::ListDecisionsRequest ld;
  ld.set_modification(name);
  v1::ListDecisionsResponse decisions;
  ASSERT_TRUE(gov_->ListDecisions(Ctx("bg").get(), ld, &decisions).ok());
  EXPECT_EQ(decisions.decisions_size(), 1);
}

class SscTest : public GovernanceServiceTest {
 protected:
  grpc::Status Nominate(const std::string& who, const std::string& nominee, bool senior,
                        v1::PartyCategory seat, v1::SscNomination* out) {
    v1::NominateSscMemberRequest req;
    v1::SscNomination* n = req.mutable_nomination();
    n->set_nominating_party("parties/british-gas");
    n->set_nominator_name("A Director");
    n->set_nominator_position("Chief Information Security Officer");
    n->set_nominator_is_senior(senior);
    n->set_nominee(nominee);
    n->set_nominee_category(seat);
    n->set_security_expertise("Ten years of security architecture");
    return gov_->NominateSscMember(Ctx(who).get(), req, out);
  }
  grpc::Status Review(const std::string& name, bool accept, const std::string& reason) {
    v1::ReviewNominationRequest req;
    req.set_name(name);
    req.set_accept(accept);
    req.set_reason(reason);
    v1::SscNomination out;
    return gov_->ReviewNomination(Ctx("ssc").get(), req, &out);
  }
  grpc::Status Vet(const std::string& name, bool passed) {
    v1::RecordVettingRequest req;
    req.set_name(name);
    req.set_passed(passed);
    req.set_vetting_date("2017-04-10");
    v1::SscNomination out;
    return gov_->RecordVetting(Ctx("ssc").get(), req, &out);
  }
  grpc::Status Appoint(const std::string& name) {
    v1::AppointNominationRequest req;
    req.set_name(name);
    req.set_appointment_date("2017-04-10");
    v1::SscNomination out;
    return gov_->AppointNomination(Ctx("ssc").get(), req, &out);
  }
};

TEST_P(SscTest, NominationRules) {
  v1::SscNomination n;
  grpc::Status junior =
      Nominate("bg", "Junior's nominee", false, v1::PARTY_CATEGORY_GAS_NETWORK_PARTY, &n);
  EXPECT_NE(junior.error_code(), grpc::StatusCode::OK);
  EXPECT_THAT(junior.error_message(), HasSubstr("senior"));
  EXPECT_EQ(
      Nominate("edf", "Not theirs", true, v1::PARTY_CATEGORY_GAS_NETWORK_PARTY, &n).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_TRUE(Nominate("bg", "First", true, v1::PARTY_CATEGORY_GAS_NETWORK_PARTY, &n).ok());
  const std::string first = n.name();
  ASSERT_TRUE(Review(first, true, "").ok());
  grpc::Status unvetted = Appoint(first);
  EXPECT_EQ(unvetted.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(unvetted.error_message(), HasSubstr("vett"));
  ASSERT_TRUE(Vet(first, true).ok());
  ASSERT_TRUE(Appoint(first).ok());

  // Gas Network has one seat: a second appointment is refused.
  ASSERT_TRUE(Nominate("bg", "Second", true, v1::PARTY_CATEGORY_GAS_NETWORK_PARTY, &n).ok());
  const std::string second = n.name();
  ASSERT_TRUE(Review(second, true, "").ok());
  ASSERT_TRUE(Vet(second, true).ok());
  grpc::Status full = Appoint(second);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(full.error_message(), HasSubstr("seat"));

  ASSERT_TRUE(Nominate("admin", "Third", true, v1::PARTY_CATEGORY_LARGE_SUPPLIER, &n).ok());
  EXPECT_EQ(Review(n.name(), false, "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Review(n.name(), false, "lacks relevant security expertise").ok());
  EXPECT_EQ(Review(n.name(), true, "").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Review(second, false, "x").error_code() == grpc::StatusCode::OK, true);

  v1::ListSscMembersRequest lm;
  lm.set_date("2017-04-10");
  v1::ListSscMembersResponse members;
  ASSERT_TRUE(gov_->ListSscMembers(Ctx("bg").get(), lm, &members).ok());
  ASSERT_EQ(members.members_size(), 1);
  EXPECT_EQ(members.members(0).nominee(), "First");
  EXPECT_EQ(members.members(0).term_end(), "2019-04-10");
  EXPECT_EQ(members.seats_size(), 5);
}

TEST_P(GovernanceServiceTest, DccAssessmentsDueOnWorkingDaysAndOverdue) {
  v1::LoadHolidaysRequest lh;
  v1::Holiday* h = lh.add_holidays();
  h->set_date("2017-04-14");
  h->set_name("Good Friday");
  h = lh.add_holidays();
  h->set_date("2017-04-17");
  h->set_name("Easter Monday");
  v1::LoadHolidaysResponse loaded;
  ASSERT_TRUE(gov_->LoadHolidays(Ctx("admin").get(), lh, &loaded).ok());
  EXPECT_EQ(loaded.loaded(), 2);
  const std::string name = Raise("Needs an assessment");
  v1::RequestAssessmentRequest req;
  req.set_parent(name);
  req.set_kind(v1::ASSESSMENT_KIND_PRELIMINARY);
  req.set_request_date("2017-04-10");
  v1::Assessment a;
  EXPECT_EQ(gov_->RequestAssessment(Ctx("bg").get(), req, &a).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(gov_->RequestAssessment(Ctx("panel").get(), req, &a).ok());
  // 10 working days after Mon 10 April 2017, skipping Good Friday and Easter Monday.
  EXPECT_EQ(a.due_date(), "2017-04-26");
  v1::RecordAssessmentProgressRequest pr;
  pr.set_name(a.name());
  pr.set_date("2017-04-20");
  pr.set_note("scoping done");
  ASSERT_TRUE(gov_->RecordAssessmentProgress(Ctx("dcc").get(), pr, &a).ok());
  EXPECT_EQ(a.state(), v1::ASSESSMENT_STATE_IN_PROGRESS);
  v1::ListAssessmentsRequest lo;
  lo.set_overdue_only(true);
  lo.set_as_of("2017-04-26");
  v1::ListAssessmentsResponse overdue;
  ASSERT_TRUE(gov_->ListAssessments(Ctx("bg").get(), lo, &overdue).ok());
  EXPECT_EQ(overdue.assessments_size(), 0);
  lo.set_as_of("2017-04-28");
  ASSERT_TRUE(gov_->ListAssessments(Ctx("bg").get(), lo, &overdue).ok());
  ASSERT_EQ(overdue.assessments_size(), 1);
  EXPECT_EQ(overdue.assessments(0).working_days_late(), 2);
  v1::DeliverAssessmentRequest dr;
  dr.set_name(a.name());
  dr.set_delivery_date("2017-04-28");
  ASSERT_TRUE(gov_->DeliverAssessment(Ctx("dcc").get(), dr, &a).ok());
  EXPECT_EQ(gov_->DeliverAssessment(Ctx("dcc").get(), dr, &a).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// AIP-158 on the governance listings: pages of one, followed by their tokens, give the whole
// listing in order; a token belongs to its listing and its filters.
TEST_P(GovernanceServiceTest, ListingsPageWithTokens) {
  const std::string name = Raise("Paged");
  ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_3);
  for (const char* title : {"Paged too", "Paged as well"}) {  // three decisions at panel-50
    ASSERT_TRUE(Accept("panel", Raise(title), v1::IMR_DESTINATION_REPORT_PHASE,
                       v1::MODIFICATION_PATH_PATH_3)
                    .ok());
  }
  for (const char* member : {"cb", "cb-large2", "cb-small"}) {
    ASSERT_TRUE(Vote(name, member, v1::VOTE_CHOICE_APPROVE).ok());
  }
  v1::LoadHolidaysRequest lh;
  for (const char* day : {"2017-04-14", "2017-04-17", "2017-05-01", "2017-05-29"}) {
    v1::Holiday* h = lh.add_holidays();
    h->set_date(day);
    h->set_name("holiday");
  }
  v1::LoadHolidaysResponse loaded;
  ASSERT_TRUE(gov_->LoadHolidays(Ctx("admin").get(), lh, &loaded).ok());

  v1::ListDecisionsRequest ld;
  ld.set_meeting("meetings/panel-50");
  EXPECT_EQ(PageThrough(&v1::GovernanceService::Stub::ListDecisions, ld,
                        [](v1::ListDecisionsResponse* r) { return r->mutable_decisions(); }),
            3u);
  v1::ListVotesRequest lv;
  lv.set_parent(name);
  EXPECT_EQ(PageThrough(&v1::GovernanceService::Stub::ListVotes, lv,
                        [](v1::ListVotesResponse* r) { return r->mutable_votes(); }),
            3u);
  v1::ListHolidaysRequest lhs;
  lhs.set_start_date("2017-04-15");
  lhs.set_end_date("2017-05-31");
  EXPECT_EQ(PageThrough(&v1::GovernanceService::Stub::ListHolidays, lhs,
                        [](v1::ListHolidaysResponse* r) { return r->mutable_holidays(); }),
            3u);

  // A token from one listing, or garbage, is refused by another.
  v1::ListVotesRequest first;
  first.set_parent(name);
  first.set_page_size(1);
  v1::ListVotesResponse page;
  ASSERT_TRUE(gov_->ListVotes(Ctx("bg").get(), first, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  v1::ListDecisionsRequest other;
  other.set_modification(name);
  other.set_page_token(page.next_page_token());
  v1::ListDecisionsResponse refused;
  grpc::Status s = gov_->ListDecisions(Ctx("bg").get(), other, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("page_token"));
  other.set_page_token("not-a-token");
  EXPECT_EQ(gov_->ListDecisions(Ctx("bg").get(), other, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  other.clear_page_token();
  other.set_page_size(-1);
  s = gov_->ListDecisions(Ctx("bg").get(), other, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("page_size"));
}

SEC_INSTANTIATE_BACKENDS(GovernanceServiceTest);
SEC_INSTANTIATE_BACKENDS(SscTest);

}  // namespace
}  // namespace sec
