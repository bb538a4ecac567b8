#ifndef SEC_TESTS_SERVICE_GOVERNANCE_FIXTURE_H_
#define SEC_TESTS_SERVICE_GOVERNANCE_FIXTURE_H_

// The governance scenarios' fixture (governance_service_test.cc, release_service_test.cc): an
// in-process server with British Gas, EDF and the DCC registered, Panel meeting 50 and Change
// Board meeting 20, and one helper per step of a proposal's life.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "support/test_support.h"

namespace sec {

class GovernanceServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    reg_ = v1::RegisterService::NewStub(server().channel());
    gov_ = v1::GovernanceService::NewStub(server().channel());
    ASSERT_TRUE(
        testing::RegisterParty(server(), "british-gas", v1::PARTY_CATEGORY_LARGE_SUPPLIER).ok());
    ASSERT_TRUE(
        testing::RegisterParty(server(), "edf-energy", v1::PARTY_CATEGORY_LARGE_SUPPLIER).ok());
    ASSERT_TRUE(testing::RegisterParty(server(), "dcc", v1::PARTY_CATEGORY_DCC).ok());
    ASSERT_TRUE(testing::CreateMeeting(server(), v1::MEETING_BODY_PANEL, 50, "2017-05-19").ok());
    ASSERT_TRUE(
        testing::CreateMeeting(server(), v1::MEETING_BODY_CHANGE_BOARD, 20, "2017-06-28").ok());
  }

  // British Gas raises a proposal today (2017-04-10 on the test clock).
  std::string Raise(const std::string& title, bool fast_track = false) {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title(title);
    req.mutable_modification()->set_fast_track(fast_track);
    v1::Modification out;
    grpc::Status s = reg_->CreateModification(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  v1::Modification Get(const std::string& name) {
    v1::GetModificationRequest req;
    req.set_name(name);
    v1::Modification out;
    grpc::Status s = reg_->GetModification(Ctx("admin").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  int EventCount(const std::string& name) {
    v1::ListModificationEventsRequest req;
    req.set_parent(name);
    req.set_page_size(1000);
    v1::ListModificationEventsResponse out;
    EXPECT_TRUE(reg_->ListModificationEvents(Ctx("admin").get(), req, &out).ok());
    return out.events_size();
  }

  grpc::Status Accept(const std::string& who, const std::string& name, v1::ImrDestination to,
                      v1::ModificationPath path) {
    v1::AcceptInitialReportRequest req;
    req.set_name(name);
    req.set_meeting("meetings/panel-50");
    req.set_destination(to);
    req.set_path(path);
    v1::TimetableEntry* t = req.add_timetable();
    t->set_milestone("Modification Report Consultation");
    t->set_target_date("2017-06-01");
    v1::Decision out;
    return gov_->AcceptInitialReport(Ctx(who).get(), req, &out);
  }

  grpc::Status Issue(const std::string& who, const std::string& name, const std::string& issued,
                     const std::string& deadline) {
    v1::IssueConsultationRequest req;
    req.set_parent(name);
    req.set_issue_date(issued);
    req.set_deadline(deadline);
    req.set_contact("SECAS@example.org");
    v1::Consultation out;
    return gov_->IssueConsultation(Ctx(who).get(), req, &out);
  }

  grpc::Status Respond(const std::string& who, const std::string& name, const std::string& party,
                       const std::string& date) {
    v1::RespondToConsultationRequest req;
    req.set_name(name + "/consultation");
    req.set_party(party);
    req.set_position(v1::CONSULTATION_POSITION_SUPPORT);
    req.set_text("We support it.");
    req.set_response_date(date);
    v1::ConsultationResponse out;
    return gov_->RespondToConsultation(Ctx(who).get(), req, &out);
  }

  grpc::Status Close(const std::string& who, const std::string& name, const std::string& date) {
    v1::CloseConsultationRequest req;
    req.set_name(name + "/consultation");
    req.set_close_date(date);
    v1::Consultation out;
    return gov_->CloseConsultation(Ctx(who).get(), req, &out);
  }

  // Sets the test clock to noon on `day`: the server dates a party's or a member's act.
  void SetDay(const std::string& day) {
    absl::CivilDay d;
    ASSERT_TRUE(absl::ParseCivilTime(day, &d));
    server().SetNow(absl::FromCivil(absl::CivilSecond(d) + 12 * 3600, absl::UTCTimeZone()));
  }

  // Change Board member `member` (a TestServer token: cb and cb-large2 sit for Large
  // Suppliers, cb-small for Small Suppliers, cb-network for Electricity Networks) votes on
  // `day`, which the server gives the vote: the clock moves there.
  grpc::Status Vote(const std::string& name, const std::string& member, v1::VoteChoice choice,
                    const std::string& day = "2017-06-28") {
    SetDay(day);
    v1::CastVoteRequest req;
    req.set_parent(name);
    req.mutable_vote()->set_choice(choice);
    req.mutable_vote()->set_reason("considered");
    v1::Vote out;
    return gov_->CastVote(Ctx(member).get(), req, &out);
  }

  // At Change Board meeting 20 (2017-06-28), or on `date` outside a meeting.
  grpc::Status Tally(const std::string& name, v1::TallyResult* out, const std::string& date = "") {
    v1::TallyVotesRequest req;
    req.set_parent(name);
    if (date.empty()) req.set_meeting("meetings/change-board-20");
    req.set_tally_date(date);
    return gov_->TallyVotes(Ctx("cb").get(), req, out);
  }

  grpc::Status Designate(const std::string& number, const std::string& date,
                         const std::string& implements) {
    v1::DesignateVersionRequest req;
    req.mutable_version()->set_number(number);
    req.mutable_version()->set_effective_date(date);
    req.mutable_version()->add_implements(implements);
    req.mutable_version()->add_sections("D");
    v1::SecVersion out;
    return gov_->DesignateVersion(Ctx("admin").get(), req, &out);
  }

  grpc::Status Authority(const std::string& name, v1::AuthorityOutcome o, const std::string& date) {
    v1::DecideAsAuthorityRequest req;
    req.set_name(name);
    req.set_outcome(o);
    req.set_decision_date(date);
    req.set_reference("Ofgem decision letter");
    v1::Decision out;
    return gov_->DecideAsAuthority(Ctx("authority").get(), req, &out);
  }

  grpc::Status Direct(const std::string& who, const std::string& name, v1::Direction d) {
    v1::DirectAsSecretaryOfStateRequest req;
    req.set_name(name);
    req.set_direction(d);
    req.set_direction_date("2017-05-22");
    v1::Decision out;
    return gov_->DirectAsSecretaryOfState(Ctx(who).get(), req, &out);
  }

  // To the Change Board: accepted to report phase, consultation issued, closed.
  void ToChangeBoard(const std::string& name, v1::ModificationPath path) {
    ASSERT_TRUE(Accept("panel", name, v1::IMR_DESTINATION_REPORT_PHASE, path).ok());
    ASSERT_TRUE(Issue("admin", name, "2017-05-22", "2017-06-12").ok());
    ASSERT_TRUE(Close("admin", name, "2017-06-13").ok());
  }

  // A Path 2 proposal through the Change Board's recommendation and the Authority's approval
  // on 2017-07-03: APPROVED, no appeal window.
  void ToApproved(const std::string& name) {
    ToChangeBoard(name, v1::MODIFICATION_PATH_PATH_2);
    EXPECT_TRUE(Vote(name, "cb", v1::VOTE_CHOICE_APPROVE).ok());
    v1::TallyResult tally;
    EXPECT_TRUE(Tally(name, &tally).ok());
    EXPECT_TRUE(Authority(name, v1::AUTHORITY_OUTCOME_APPROVE, "2017-07-03").ok());
    EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_APPROVED);
  }

  // A listing read in pages of one, following the tokens, then whole: both must give the same
  // items in the same order, one call per item. Returns how many.
  template <typename Req, typename Resp, typename Items>
  size_t PageThrough(grpc::Status (v1::GovernanceService::Stub::*method)(grpc::ClientContext*,
                                                                         const Req&, Resp*),
                     Req req, Items items) {
    std::vector<std::string> paged, whole;
    req.set_page_size(1);
    int calls = 0;
    do {
      Resp resp;
      grpc::Status s = ((*gov_).*method)(Ctx("bg").get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& item : *items(&resp)) paged.push_back(item.SerializeAsString());
      req.set_page_token(resp.next_page_token());
      ++calls;
    } while (!req.page_token().empty() && calls < 100);
    req.set_page_size(0);
    req.clear_page_token();
    Resp all;
    EXPECT_TRUE(((*gov_).*method)(Ctx("bg").get(), req, &all).ok());
    EXPECT_TRUE(all.next_page_token().empty());
    for (const auto& item : *items(&all)) whole.push_back(item.SerializeAsString());
    EXPECT_EQ(paged, whole);
    EXPECT_EQ(calls, static_cast<int>(whole.size()));
    return whole.size();
  }

  std::unique_ptr<v1::RegisterService::Stub> reg_;
  std::unique_ptr<v1::GovernanceService::Stub> gov_;
};

}  // namespace sec

#endif  // SEC_TESTS_SERVICE_GOVERNANCE_FIXTURE_H_
