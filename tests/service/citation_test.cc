// Refusals cite their source (README "Rules cite their source"): a refused lifecycle event,
// consultation response, Change Board vote and credit withdrawal each name the SEC clause of
// their rule and the SEC version in force on the date of the act, in the message and in the
// ErrorInfo metadata (sec_clause, sec_version), on both backends.

#include <map>
#include <memory>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "governance_fixture.h"
#include "sec/v1/credit.grpc.pb.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

// The ErrorInfo of a refusal: its reason and metadata.
google::rpc::ErrorInfo InfoOf(const grpc::Status& s) {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  if (!details.ParseFromString(s.error_details())) return info;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info)) return info;
  }
  return info;
}

std::string Meta(const grpc::Status& s, const std::string& key) {
  const google::rpc::ErrorInfo info = InfoOf(s);
  auto it = info.metadata().find(key);
  return it == info.metadata().end() ? "<absent>" : it->second;
}

class CitationTest : public GovernanceServiceTest {
 protected:
  void SetUp() override {
    GovernanceServiceTest::SetUp();
    if (HasFatalFailure()) return;
    credit_ = v1::CreditCoverService::NewStub(server().channel());
    // 5.5 in force from 2017-01-01, 5.6 from 2017-06-01: which one a refusal cites depends on
    // the date of the act.
    ASSERT_TRUE(DesignatePlain("5.5", "2017-01-01").ok());
    ASSERT_TRUE(DesignatePlain("5.6", "2017-06-01").ok());
  }

  grpc::Status DesignatePlain(const std::string& number, const std::string& date) {
    v1::DesignateVersionRequest req;
    req.mutable_version()->set_number(number);
    req.mutable_version()->set_effective_date(date);
    req.mutable_version()->add_sections("D");
    v1::SecVersion out;
    return gov_->DesignateVersion(Ctx("admin").get(), req, &out);
  }

  std::unique_ptr<v1::CreditCoverService::Stub> credit_;
};

TEST_P(CitationTest, ARefusedLifecycleEventNamesItsClauseAndTheVersionInForce) {
  const std::string name = Raise("Cited");
  // Withdrawn by someone other than the proposer on 2017-04-10: refused under the withdrawal
  // rule, 5.5 in force.
  v1::WithdrawModificationRequest wr;
  wr.set_name(name);
  v1::Modification out;
  grpc::Status s = reg_->WithdrawModification(Ctx("edf").get(), wr, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("; refused under SEC D1.9 (version 5.5)"));
  EXPECT_EQ(InfoOf(s).reason(), "NOT_PROPOSER");
  EXPECT_EQ(Meta(s, "sec_clause"), "D1.9");
  EXPECT_EQ(Meta(s, "sec_version"), "5.5");
  EXPECT_EQ(Meta(s, "event"), "withdraw") << "the refusal's own metadata is kept";

  // A Change Board approval of a proposal still SUBMITTED, on a date 5.6 is in force.
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REPORT_PHASE, v1::MODIFICATION_PATH_PATH_3).ok());
  grpc::Status early = Authority(name, v1::AUTHORITY_OUTCOME_APPROVE, "2017-06-05");
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(InfoOf(early).reason(), "EVENT_NOT_ALLOWED");
  EXPECT_THAT(early.error_message(), HasSubstr("allowed from there: "));
  EXPECT_THAT(early.error_message(), HasSubstr("; refused under SEC D8.2 (version 5.6)"));
  EXPECT_EQ(Meta(early, "sec_version"), "5.6");

  // Before any version: the clause alone, saying no version was in force.
  grpc::Status old = Authority(name, v1::AUTHORITY_OUTCOME_APPROVE, "2016-01-04");
  EXPECT_EQ(old.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(old.error_message(), HasSubstr("(no SEC version recorded in force on 2016-01-04)"));
  EXPECT_EQ(Meta(old, "sec_version"), "");
}

TEST_P(CitationTest, ARefusedConsultationResponseNamesItsClause) {
  const std::string name = Raise("Consulted");
  ASSERT_TRUE(
      Accept("panel", name, v1::IMR_DESTINATION_REPORT_PHASE, v1::MODIFICATION_PATH_PATH_3).ok());
  ASSERT_TRUE(Issue("admin", name, "2017-05-22", "2017-06-12").ok());
  SetDay("2017-06-13");
  grpc::Status late = Respond("edf", name, "parties/edf-energy", "");
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(InfoOf(late).reason(), "DEADLINE_PASSED");
  EXPECT_THAT(late.error_message(), HasSubstr("too late; refused under SEC D6.4 (version 5.6)"));
  EXPECT_EQ(Meta(late, "sec_clause"), "D6.4");
  EXPECT_EQ(Meta(late, "deadline"), "2017-06-12");

  // SECAS loading history: the DCC's response, dated before 5.6 took effect.
  grpc::Status dcc = Respond("admin", name, "parties/dcc", "2017-05-30");
  EXPECT_EQ(dcc.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(dcc.error_message(), HasSubstr("DCC"));
  EXPECT_THAT(dcc.error_message(), HasSubstr("refused under SEC D6.3 (version 5.5)"));
  EXPECT_EQ(InfoOf(dcc).reason(), "FAILED_PRECONDITION");
  EXPECT_EQ(Meta(dcc, "sec_version"), "5.5");
}

TEST_P(CitationTest, ARefusedVoteNamesItsClause) {
  const std::string name = Raise("Not yet at the Board");
  grpc::Status vote = Vote(name, "cb", v1::VOTE_CHOICE_APPROVE, "2017-06-28");
  EXPECT_EQ(vote.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(InfoOf(vote).reason(), "EVENT_NOT_ALLOWED");
  EXPECT_THAT(vote.error_message(), HasSubstr("; refused under SEC D7.5 (version 5.6)"));
  EXPECT_EQ(Meta(vote, "sec_clause"), "D7.5");

  // A member voting as another: refused before the proposal is read, cited all the same.
  SetDay("2017-05-02");
  v1::CastVoteRequest req;
  req.set_parent(name);
  req.mutable_vote()->set_member("cb-small");
  req.mutable_vote()->set_choice(v1::VOTE_CHOICE_APPROVE);
  req.mutable_vote()->set_reason("considered");
  v1::Vote out;
  grpc::Status other = gov_->CastVote(Ctx("cb").get(), req, &out);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(InfoOf(other).reason(), "NOT_THE_MEMBER");
  EXPECT_THAT(other.error_message(), HasSubstr("; refused under SEC D7.4 (version 5.5)"));
  EXPECT_EQ(Meta(other, "sec_version"), "5.5");
}

TEST_P(CitationTest, ARefusedCreditWithdrawalNamesItsClause) {
  v1::CreateCreditPolicyRequest p;
  p.set_policy_id("sec-5-6");
  p.mutable_policy()->set_display_name("SEC 5.6");
  p.mutable_policy()->set_effective_date("2017-04-01");
  p.mutable_policy()->set_allowance_basis(v1::ALLOWANCE_BASIS_NONE);
  v1::CreditPolicy policy;
  ASSERT_TRUE(credit_->CreateCreditPolicy(Ctx("dcc").get(), p, &policy).ok());
  v1::CreateChargeRequest c;
  c.mutable_charge()->set_party("parties/british-gas");
  c.mutable_charge()->set_period("2017-03");
  c.mutable_charge()->set_invoice_date("2017-04-01");
  c.mutable_charge()->set_amount_pence(1000000);
  v1::Charge charge;
  ASSERT_TRUE(credit_->CreateCharge(Ctx("dcc").get(), c, &charge).ok());
  v1::LodgeCreditSupportRequest l;
  v1::CreditSupport* i = l.mutable_instrument();
  i->set_party("parties/british-gas");
  i->set_kind(v1::INSTRUMENT_KIND_BANK_GUARANTEE);
  i->set_amount_pence(1400000);
  i->set_issuer("Barclays");
  i->set_valid_from("2017-01-01");
  v1::CreditSupport lodged;
  ASSERT_TRUE(credit_->LodgeCreditSupport(Ctx("dcc").get(), l, &lodged).ok());

  v1::WithdrawCreditSupportRequest w;
  w.set_name(lodged.name());
  v1::CreditSupport after;
  grpc::Status s = credit_->WithdrawCreditSupport(Ctx("dcc").get(), w, &after);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(InfoOf(s).reason(), "CREDIT_SUPPORT_SHORT");
  EXPECT_THAT(s.error_message(), HasSubstr("short by"));
  EXPECT_THAT(s.error_message(), HasSubstr("; refused under SEC J3.13 (version 5.5)"));
  EXPECT_EQ(Meta(s, "sec_clause"), "J3.13");
  EXPECT_EQ(Meta(s, "sec_version"), "5.5");
  EXPECT_EQ(Meta(s, "requirement_pence"), "1400000");
}

SEC_INSTANTIATE_BACKENDS(CitationTest);

}  // namespace
}  // namespace sec
