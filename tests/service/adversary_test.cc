// Issue 11's findings, one test each, on both backends: what an adversary with a valid token (a
// party, a Change Board member, a careless client) tried, and what it must get instead. Each
// test asserts what the attacker or a bystander would observe through the API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sec/v1/credit.grpc.pb.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "storage/credit_store.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::CreateMeeting;
using ::sec::testing::RegisterParty;
using ::sec::testing::ServiceTest;
using ::testing::HasSubstr;

absl::Time At(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 12, 0, 0), absl::UTCTimeZone());
}

// Threads of this process (the in-process server's and the test's own).
int ThreadCount() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    int n = 0;
    if (absl::StartsWith(line, "Threads:") && absl::SimpleAtoi(line.substr(8), &n)) return n;
  }
  return -1;
}

class AdversaryTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    reg_ = v1::RegisterService::NewStub(server().channel());
    gov_ = v1::GovernanceService::NewStub(server().channel());
    credit_ = v1::CreditCoverService::NewStub(server().channel());
    for (const char* id : {"british-gas", "edf-energy"}) {
      ASSERT_TRUE(RegisterParty(server(), id, v1::PARTY_CATEGORY_LARGE_SUPPLIER).ok());
    }
  }

  // British Gas raises a proposal today.
  std::string Raise(const std::string& title = "A proposal") {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title(title);
    v1::Modification out;
    grpc::Status s = reg_->CreateModification(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  grpc::Status Accept(const std::string& name, const std::string& meeting,
                      v1::ModificationPath path = v1::MODIFICATION_PATH_PATH_3) {
    v1::AcceptInitialReportRequest req;
    req.set_name(name);
    req.set_meeting(meeting);
    req.set_destination(v1::IMR_DESTINATION_REPORT_PHASE);
    req.set_path(path);
    v1::Decision out;
    return gov_->AcceptInitialReport(Ctx("panel").get(), req, &out);
  }

  grpc::Status Issue(const std::string& name, const std::string& issued,
                     const std::string& deadline) {
    v1::IssueConsultationRequest req;
    req.set_parent(name);
    req.set_issue_date(issued);
    req.set_deadline(deadline);
    req.set_contact("SECAS@example.org");
    v1::Consultation out;
    return gov_->IssueConsultation(Ctx("admin").get(), req, &out);
  }

  grpc::Status Close(const std::string& name, const std::string& date) {
    v1::CloseConsultationRequest req;
    req.set_name(name + "/consultation");
    req.set_close_date(date);
    v1::Consultation out;
    return gov_->CloseConsultation(Ctx("admin").get(), req, &out);
  }

  // A Path 3 proposal raised on 2017-04-10 (today), in consultation from then to 2017-04-20.
  std::string InConsultation() {
    const std::string name = Raise();
    EXPECT_TRUE(CreateMeeting(server(), v1::MEETING_BODY_PANEL, 42, "2017-04-10").ok());
    EXPECT_TRUE(Accept(name, "meetings/panel-42").ok());
    EXPECT_TRUE(Issue(name, "2017-04-10", "2017-04-20").ok());
    return name;
  }

  // The same at the Change Board, closed on 2017-04-21; the clock then stands at 2017-04-24.
  std::string AtChangeBoard() {
    const std::string name = InConsultation();
    EXPECT_TRUE(Close(name, "2017-04-21").ok());
    server().SetNow(At(2017, 4, 24));
    return name;
  }

  grpc::Status Vote(const std::string& who, const std::string& name, v1::Vote vote,
                    v1::Vote* out) {
    v1::CastVoteRequest req;
    req.set_parent(name);
    *req.mutable_vote() = vote;
    return gov_->CastVote(Ctx(who).get(), req, out);
  }

  static v1::Vote Choice(v1::VoteChoice c) {
    v1::Vote v;
    v.set_choice(c);
    v.set_reason("considered");
    return v;
  }

  grpc::Status Respond(const std::string& who, const std::string& name, int position,
                       const std::string& date = "") {
    v1::RespondToConsultationRequest req;
    req.set_name(name + "/consultation");
    req.set_position(static_cast<v1::ConsultationPosition>(position));
    req.set_text("our view");
    req.set_response_date(date);
    v1::ConsultationResponse out;
    return gov_->RespondToConsultation(Ctx(who).get(), req, &out);
  }

  std::vector<v1::Event> History(const std::string& name) {
    v1::ListModificationEventsRequest req;
    req.set_parent(name);
    req.set_page_size(1000);
    v1::ListModificationEventsResponse out;
    grpc::Status s = reg_->ListModificationEvents(Ctx("admin").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {out.events().begin(), out.events().end()};
  }

  grpc::Status Policy() {
    v1::CreateCreditPolicyRequest req;
    req.set_policy_id("sec-5-6");
    req.mutable_policy()->set_display_name("SEC 5.6");
    req.mutable_policy()->set_effective_date("2017-04-01");
    req.mutable_policy()->set_allowance_basis(v1::ALLOWANCE_BASIS_NONE);
    v1::CreditPolicy out;
    return credit_->CreateCreditPolicy(Ctx("dcc").get(), req, &out);
  }

  grpc::Status Charge(const std::string& party, int64_t pence, v1::Charge* out = nullptr) {
    v1::CreateChargeRequest req;
    req.mutable_charge()->set_party("parties/" + party);
    req.mutable_charge()->set_period("2017-03");
    req.mutable_charge()->set_invoice_date("2017-04-01");
    req.mutable_charge()->set_amount_pence(pence);
    v1::Charge ignored;
    return credit_->CreateCharge(Ctx("dcc").get(), req, out ? out : &ignored);
  }

  grpc::Status Lodge(const std::string& party, int64_t pence, v1::CreditSupport* out = nullptr,
                     const std::string& issuer = "Barclays") {
    v1::LodgeCreditSupportRequest req;
    v1::CreditSupport* i = req.mutable_instrument();
    i->set_party("parties/" + party);
    i->set_kind(v1::INSTRUMENT_KIND_BANK_GUARANTEE);
    i->set_amount_pence(pence);
    i->set_issuer(issuer);
    i->set_valid_from("2017-01-01");
    v1::CreditSupport ignored;
    return credit_->LodgeCreditSupport(Ctx("dcc").get(), req, out ? out : &ignored);
  }

  // Reads `who`'s WatchEvents stream from the start until an event on `until` arrives (or the
  // deadline): the resources delivered before it.
  std::vector<std::string> Watch(const std::string& who, const std::string& prefix,
                                 const std::string& until, int deadline_ms = 10000) {
    auto ctx = Ctx(who);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
    v1::WatchEventsRequest req;
    req.set_resource_prefix(prefix);
    auto reader = reg_->WatchEvents(ctx.get(), req);
    std::vector<std::string> seen;
    v1::Event e;
    while (reader->Read(&e)) {
      if (e.resource() == until) {
        ctx->TryCancel();
        break;
      }
      seen.push_back(e.resource());
    }
    reader->Finish().IgnoreError();
    return seen;
  }

  std::unique_ptr<v1::RegisterService::Stub> reg_;
  std::unique_ptr<v1::GovernanceService::Stub> gov_;
  std::unique_ptr<v1::CreditCoverService::Stub> credit_;
};

// 1. An undefined enum number is INVALID_ARGUMENT, and every write after it still goes through.
TEST_P(AdversaryTest, OneBadEnumNeitherFailsOddlyNorWedgesTheWrites) {
  const std::string name = InConsultation();
  for (int position : {99, -1}) {
    grpc::Status s = Respond("bg", name, position);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << position << ": "
                                                                  << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr("position"));
  }
  // Writes of other callers still commit (a wedged store would run into the deadline).
  auto ctx = Ctx("edf");
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::CreateModificationRequest req;
  req.mutable_modification()->set_title("After the bad request");
  v1::Modification out;
  grpc::Status s = reg_->CreateModification(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(Respond("edf", name, v1::CONSULTATION_POSITION_SUPPORT).ok());
}

// 2. Another party's credit data never reaches a party's stream, whatever the prefix.
TEST_P(AdversaryTest, StreamsCarryOnlyWhatTheCallerMayRead) {
  ASSERT_TRUE(Policy().ok());
  ASSERT_TRUE(Charge("edf-energy", 1234500).ok());
  ASSERT_TRUE(Lodge("edf-energy", 100).ok());
  ASSERT_TRUE(RegisterParty(server(), "marker", v1::PARTY_CATEGORY_SMALL_SUPPLIER).ok());  // public
  auto credit_of = [](const std::vector<std::string>& seen, const std::string& party) {
    int n = 0;
    for (const std::string& r : seen) n += absl::StartsWith(r, "parties/" + party + "/");
    return n;
  };
  EXPECT_EQ(credit_of(Watch("bg", "", "parties/marker"), "edf-energy"), 0);
  EXPECT_EQ(credit_of(Watch("panel", "", "parties/marker"), "edf-energy"), 0);
  // With the other party's prefix nothing at all arrives (the stream waits, then ends).
  EXPECT_THAT(Watch("bg", "parties/edf-energy/", "", 1500), ::testing::IsEmpty());
  // The party itself, the DCC and SECAS see both records.
  EXPECT_EQ(credit_of(Watch("edf", "", "parties/marker"), "edf-energy"), 2);
  EXPECT_EQ(credit_of(Watch("dcc", "", "parties/marker"), "edf-energy"), 2);
  EXPECT_EQ(credit_of(Watch("admin", "", "parties/marker"), "edf-energy"), 2);
}

// 3. A Change Board member votes as itself, in its own voting group, and as no one else.
TEST_P(AdversaryTest, AChangeBoardMemberVotesOnlyAsItself) {
  const std::string name = AtChangeBoard();
  const v1::PartyCategory others[] = {v1::PARTY_CATEGORY_SMALL_SUPPLIER,
                                      v1::PARTY_CATEGORY_ELECTRICITY_NETWORK_PARTY,
                                      v1::PARTY_CATEGORY_GAS_NETWORK_PARTY};
  for (int i = 0; i < 3; ++i) {
    v1::Vote v = Choice(v1::VOTE_CHOICE_APPROVE);
    v.set_member(absl::StrCat("someone-else-", i));
    v.set_voting_group(others[i]);
    v1::Vote out;
    grpc::Status s = Vote("cb", name, v, &out);
    EXPECT_NE(s.error_code(), grpc::StatusCode::OK) << "voted as " << v.member();
  }
  v1::Vote in_another_group = Choice(v1::VOTE_CHOICE_APPROVE);
  in_another_group.set_voting_group(v1::PARTY_CATEGORY_SMALL_SUPPLIER);
  v1::Vote out;
  EXPECT_NE(Vote("cb", name, in_another_group, &out).error_code(), grpc::StatusCode::OK);
  v1::Vote long_name = Choice(v1::VOTE_CHOICE_APPROVE);
  long_name.set_member(std::string(100000, 'm'));
  EXPECT_EQ(Vote("cb", name, long_name, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Cast as the caller: the tokens file names the member and its group.
  ASSERT_TRUE(Vote("cb", name, Choice(v1::VOTE_CHOICE_APPROVE), &out).ok());
  EXPECT_EQ(out.member(), "cb");
  EXPECT_EQ(out.voting_group(), v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  EXPECT_EQ(out.vote_date(), "2017-04-24");
  v1::ListVotesRequest lv;
  lv.set_parent(name);
  v1::ListVotesResponse votes;
  ASSERT_TRUE(gov_->ListVotes(Ctx("bg").get(), lv, &votes).ok());
  ASSERT_EQ(votes.votes_size(), 1);
  EXPECT_EQ(votes.votes(0).member(), "cb");
}

// 4. A party's acts are dated today by the server: no back-dating past a deadline, no
// withdrawal years before the raise, no credit support withdrawn as of a convenient day.
TEST_P(AdversaryTest, PartiesDoNotChooseTheDatesOfTheirActs) {
  const std::string name = InConsultation();
  server().SetNow(At(2017, 4, 28));  // the deadline was 2017-04-20
  EXPECT_NE(Respond("bg", name, v1::CONSULTATION_POSITION_SUPPORT, "2017-04-19").error_code(),
            grpc::StatusCode::OK);
  grpc::Status late = Respond("bg", name, v1::CONSULTATION_POSITION_SUPPORT);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << late.error_message();

  v1::WithdrawModificationRequest wr;
  wr.set_name(name);
  wr.set_effective_date("2001-01-01");
  v1::Modification out;
  EXPECT_NE(reg_->WithdrawModification(Ctx("bg").get(), wr, &out).error_code(),
            grpc::StatusCode::OK);
  wr.clear_effective_date();
  ASSERT_TRUE(reg_->WithdrawModification(Ctx("bg").get(), wr, &out).ok());
  const std::vector<v1::Event> history = History(name);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().kind(), "withdraw");
  EXPECT_EQ(history.back().effective_date(), "2017-04-28");

  // Credit support: the DCC's withdrawal takes effect today, where it is refused.
  server().SetNow(At(2017, 4, 10));
  ASSERT_TRUE(Policy().ok());
  ASSERT_TRUE(Charge("british-gas", 1000000).ok());  // requirement £14,000 (no allowance)
  v1::CreditSupport lodged;
  ASSERT_TRUE(Lodge("british-gas", 1400000, &lodged).ok());
  v1::WithdrawCreditSupportRequest w;
  w.set_name(lodged.name());
  v1::CreditSupport after;
  EXPECT_EQ(credit_->WithdrawCreditSupport(Ctx("dcc").get(), w, &after).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  w.set_date("2017-01-02");
  EXPECT_NE(credit_->WithdrawCreditSupport(Ctx("dcc").get(), w, &after).error_code(),
            grpc::StatusCode::OK);
  v1::CalculateCreditCoverRequest calc;
  calc.set_party("parties/british-gas");
  v1::CreditCoverResult r;
  ASSERT_TRUE(credit_->CalculateCreditCover(Ctx("dcc").get(), calc, &r).ok());
  EXPECT_EQ(r.lodged_pence(), 1400000);
}

// 5. A proposal's timeline runs forwards: nothing is recorded before its raise.
TEST_P(AdversaryTest, TimelinesRunForwards) {
  v1::CreateModificationRequest req;
  req.mutable_modification()->set_title("Raised in 2019");
  req.mutable_modification()->set_proposer("parties/british-gas");
  req.mutable_modification()->set_date_raised("2019-03-02");
  v1::Modification m;
  ASSERT_TRUE(reg_->CreateModification(Ctx("admin").get(), req, &m).ok());
  ASSERT_TRUE(CreateMeeting(server(), v1::MEETING_BODY_PANEL, 62, "2019-01-18").ok());
  grpc::Status s = Accept(m.name(), "meetings/panel-62");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  v1::DirectAsSecretaryOfStateRequest dr;
  dr.set_name(m.name());
  dr.set_direction(v1::DIRECTION_SUSPEND);
  dr.set_direction_date("2019-01-01");
  v1::Decision d;
  s = gov_->DirectAsSecretaryOfState(Ctx("sos").get(), dr, &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  const std::vector<v1::Event> history = History(m.name());
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].kind(), "raise");
}

// 6. Undefined enum numbers are refused, so nothing stored can poison a later read.
TEST_P(AdversaryTest, UndefinedEnumNumbersAreRefusedNotStored) {
  const std::string name = AtChangeBoard();
  v1::Vote out;
  grpc::Status s = Vote("cb", name, Choice(static_cast<v1::VoteChoice>(99)), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("choice"));
  v1::ListVotesRequest lv;
  lv.set_parent(name);
  v1::ListVotesResponse votes;
  EXPECT_TRUE(gov_->ListVotes(Ctx("bg").get(), lv, &votes).ok());

  v1::RequestAssessmentRequest ra;
  ra.set_parent(name);
  ra.set_kind(static_cast<v1::AssessmentKind>(99));
  v1::Assessment a;
  s = gov_->RequestAssessment(Ctx("panel").get(), ra, &a);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("kind"));
  v1::ListAssessmentsResponse list;
  EXPECT_TRUE(gov_->ListAssessments(Ctx("bg").get(), v1::ListAssessmentsRequest(), &list).ok());
}

// 7. Every date, given or computed, lies between 1900-01-01 and 2999-12-31.
TEST_P(AdversaryTest, DatesGivenOrComputedStayInRange) {
  const std::string name = Raise();
  v1::RequestAssessmentRequest ra;
  ra.set_parent(name);
  ra.set_kind(v1::ASSESSMENT_KIND_IMPACT);
  v1::Assessment a;
  for (const char* day : {"9999-12-31", "2999-12-31", "-017-04-01", "1899-12-31"}) {
    ra.set_request_date(day);
    grpc::Status s = gov_->RequestAssessment(Ctx("admin").get(), ra, &a);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << day << ": "
                                                                  << s.error_message();
  }
  v1::CreateMeetingRequest cm;
  cm.mutable_meeting()->set_body(v1::MEETING_BODY_PANEL);
  cm.mutable_meeting()->set_number(7);
  cm.mutable_meeting()->set_date("-017-04-01");
  v1::Meeting meeting;
  EXPECT_EQ(gov_->CreateMeeting(Ctx("admin").get(), cm, &meeting).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // An SSC term end two years after an appointment on 2998-06-01 would be in 3000.
  v1::NominateSscMemberRequest nr;
  v1::SscNomination* n = nr.mutable_nomination();
  n->set_nominating_party("parties/british-gas");
  n->set_nominator_name("A Director");
  n->set_nominator_position("Chief Information Security Officer");
  n->set_nominator_is_senior(true);
  n->set_nominee("A Nominee");
  n->set_nominee_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  n->set_security_expertise("20 years");
  v1::SscNomination nom;
  ASSERT_TRUE(gov_->NominateSscMember(Ctx("admin").get(), nr, &nom).ok());
  v1::ReviewNominationRequest rv;
  rv.set_name(nom.name());
  rv.set_accept(true);
  ASSERT_TRUE(gov_->ReviewNomination(Ctx("ssc").get(), rv, &nom).ok());
  v1::RecordVettingRequest vt;
  vt.set_name(nom.name());
  vt.set_passed(true);
  ASSERT_TRUE(gov_->RecordVetting(Ctx("ssc").get(), vt, &nom).ok());
  v1::AppointNominationRequest ap;
  ap.set_name(nom.name());
  for (const char* day : {"9999-01-01", "2998-06-01"}) {
    ap.set_appointment_date(day);
    grpc::Status s = gov_->AppointNomination(Ctx("admin").get(), ap, &nom);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << day << ": "
                                                                  << s.error_message();
  }
  v1::ListNominationsResponse noms;
  EXPECT_TRUE(gov_->ListNominations(Ctx("bg").get(), v1::ListNominationsRequest(), &noms).ok());

  // A breach notice's cure deadline three working days after 2999-12-30 would be in 3000.
  ASSERT_TRUE(Policy().ok());
  ASSERT_TRUE(Charge("british-gas", 1000).ok());
  v1::RunCreditCheckRequest cc;
  v1::RunCreditCheckResponse checked;
  for (const char* day : {"9999-12-30", "2999-12-30"}) {
    cc.set_date(day);
    grpc::Status s = credit_->RunCreditCheck(Ctx("dcc").get(), cc, &checked);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << day << ": "
                                                                  << s.error_message();
  }
  cc.set_date("2017-04-10");
  grpc::Status s = credit_->RunCreditCheck(Ctx("dcc").get(), cc, &checked);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(checked.notices_issued(), 1);
}

// 8. No amount beyond the documented bound is stored, and one bad record (one stored before
// the bound) stops the check of nobody else.
TEST_P(AdversaryTest, ExtremeAmountsCannotBlockTheCreditCheck) {
  ASSERT_TRUE(Policy().ok());
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Charge("british-gas", max).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Lodge("british-gas", max).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const int64_t bound = 1000000000000;  // £10,000,000,000 a record
  EXPECT_EQ(Charge("british-gas", bound + 1).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Charge("british-gas", bound).ok());
  ASSERT_TRUE(Lodge("british-gas", bound).ok());
  ASSERT_TRUE(Lodge("british-gas", bound).ok());
  ASSERT_TRUE(Charge("edf-energy", 1000000).ok());

  // A record of INT64_MAX pence, as an older secd could have stored it.
  ASSERT_TRUE(RegisterParty(server(), "legacy", v1::PARTY_CATEGORY_SMALL_SUPPLIER).ok());
  ASSERT_TRUE(store()
                  .Write([&](storage::Tx& tx) -> absl::Status {
                    absl::StatusOr<int64_t> seq = storage::NextCreditSeq(tx);
                    if (!seq.ok()) return seq.status();
                    storage::StoredCharge c;
                    c.seq = *seq;
                    c.charge.party = "legacy";
                    c.charge.period = "2017-03";
                    c.charge.invoice_date = Date(2017, 4, 1);
                    c.charge.amount_pence = max;
                    return storage::InsertCharge(tx, c);
                  })
                  .ok());

  v1::GetPortfolioRequest pr;
  pr.set_date("2017-04-10");
  v1::Portfolio portfolio;
  grpc::Status s = credit_->GetPortfolio(Ctx("dcc").get(), pr, &portfolio);
  ASSERT_TRUE(s.ok()) << s.error_message();
  int64_t edf_requirement = -1;
  for (const auto& row : portfolio.rows()) {
    if (row.party() == "parties/edf-energy") edf_requirement = row.requirement_pence();
  }
  EXPECT_EQ(edf_requirement, 1400000);
  v1::RunCreditCheckRequest cc;
  cc.set_date("2017-04-10");
  v1::RunCreditCheckResponse checked;
  s = credit_->RunCreditCheck(Ctx("dcc").get(), cc, &checked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  bool edf_noticed = false;
  for (const auto& a : checked.actions()) edf_noticed |= a.party() == "parties/edf-energy";
  EXPECT_TRUE(edf_noticed);
}

// 9. Idle streams hold no server thread, each principal has a cap, and a drain ends them with
// UNAVAILABLE (not OK, which would read as the end of the data).
TEST_P(AdversaryTest, IdleStreamsAreCheapCappedAndEndUnavailableOnDrain) {
  const int before = ThreadCount();
  struct Stream {
    std::unique_ptr<grpc::ClientContext> ctx;
    std::unique_ptr<grpc::ClientReader<v1::Event>> reader;
  };
  std::vector<Stream> streams;
  const int kOpen = 12;  // under the default cap of 16 per principal
  for (int i = 0; i < kOpen; ++i) {
    Stream st{Ctx("bg"), nullptr};
    st.ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    // The stream is open once its first event (a party's creation) has arrived.
    st.reader = reg_->WatchEvents(st.ctx.get(), v1::WatchEventsRequest());
    v1::Event first;
    ASSERT_TRUE(st.reader->Read(&first));
    streams.push_back(std::move(st));
  }
  // Each stream used to hold a server thread (and poll the store every 200 ms).
  EXPECT_LT(ThreadCount() - before, kOpen / 2);

  // Past the cap: RESOURCE_EXHAUSTED naming the cap and its flag.
  for (int i = kOpen; i < 17; ++i) {
    Stream st{Ctx("bg"), nullptr};
    v1::WatchEventsRequest req;
    st.reader = reg_->WatchEvents(st.ctx.get(), req);
    v1::Event e;
    if (i < 16) {
      ASSERT_TRUE(st.reader->Read(&e));
      streams.push_back(std::move(st));
      continue;
    }
    EXPECT_FALSE(st.reader->Read(&e));
    grpc::Status s = st.reader->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr("max_streams_per_principal"));
  }
  // Another principal is not affected by the party's streams.
  EXPECT_THAT(Watch("edf", "", "parties/edf-energy"), ::testing::Contains("parties/british-gas"));

  std::thread drain([&] { server().server().Drain(absl::Seconds(5)); });
  for (Stream& st : streams) {
    v1::Event e;
    while (st.reader->Read(&e)) {
    }
    grpc::Status s = st.reader->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  }
  drain.join();
}

// 11. A request_id reused for a different request is refused, never answered with the first
// request's response.
TEST_P(AdversaryTest, ARequestIdReusedForAnotherRequestIsRefused) {
  v1::CreateModificationRequest req;
  req.set_request_id("0d6e5a62-7a3c-4e0e-9b8a-1f2e3d4c5b6a");
  req.mutable_modification()->set_title("First");
  v1::Modification first, again, other;
  ASSERT_TRUE(reg_->CreateModification(Ctx("bg").get(), req, &first).ok());
  ASSERT_TRUE(reg_->CreateModification(Ctx("bg").get(), req, &again).ok());
  EXPECT_EQ(again.name(), first.name());
  req.mutable_modification()->set_title("Second, a different proposal");
  grpc::Status s = reg_->CreateModification(Ctx("bg").get(), req, &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("request_id"));
  v1::ListModificationsResponse all;
  ASSERT_TRUE(reg_->ListModifications(Ctx("bg").get(), v1::ListModificationsRequest(), &all).ok());
  EXPECT_EQ(all.modifications_size(), 1);
}

// 12. Text and lists have documented maximums.
TEST_P(AdversaryTest, TextAndListsHaveBounds) {
  ASSERT_TRUE(Policy().ok());
  grpc::Status s = Lodge("british-gas", 100, nullptr, std::string(100000, 'i'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("issuer"));

  v1::CreateMeetingRequest many;
  many.mutable_meeting()->set_body(v1::MEETING_BODY_PANEL);
  many.mutable_meeting()->set_number(1);
  many.mutable_meeting()->set_date("2017-04-21");
  for (int i = 0; i < 100000; ++i) many.mutable_meeting()->add_items("item");
  v1::Meeting m;
  s = gov_->CreateMeeting(Ctx("admin").get(), many, &m);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("items"));
  v1::CreateMeetingRequest big = many;
  big.mutable_meeting()->clear_items();
  big.mutable_meeting()->add_items(std::string(1 << 20, 'x'));
  s = gov_->CreateMeeting(Ctx("admin").get(), big, &m);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("items"));
  v1::GetMeetingRequest gm;
  gm.set_name("meetings/panel-1");
  EXPECT_EQ(gov_->GetMeeting(Ctx("admin").get(), gm, &m).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

SEC_INSTANTIATE_BACKENDS(AdversaryTest);

}  // namespace
}  // namespace sec
