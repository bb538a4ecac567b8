// Issue 15 through the public API, on SQLite and MariaDB: impacts graded per party category and
// filtered on; cost estimates with exact totals; the DCC-assessment guard on consultation,
// votes and tallies, and the Panel's waiver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/bounds.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::CreateMeeting;
using ::sec::testing::DumpStore;
using ::sec::testing::ErrorReason;
using ::sec::testing::RegisterParty;
using ::sec::testing::ServiceTest;
using ::sec::testing::StatusIs;
using ::sec::testing::ViolatedField;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ImpactsCostsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    reg_ = v1::RegisterService::NewStub(server().channel());
    gov_ = v1::GovernanceService::NewStub(server().channel());
    ASSERT_TRUE(RegisterParty(server(), "british-gas", v1::PARTY_CATEGORY_LARGE_SUPPLIER).ok());
    ASSERT_TRUE(CreateMeeting(server(), v1::MEETING_BODY_PANEL, 50, "2017-05-19").ok());
    ASSERT_TRUE(CreateMeeting(server(), v1::MEETING_BODY_PANEL, 51, "2017-06-20").ok());
    ASSERT_TRUE(CreateMeeting(server(), v1::MEETING_BODY_CHANGE_BOARD, 20, "2017-06-28").ok());
  }

  std::string Raise(const std::string& title) {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title(title);
    v1::Modification out;
    grpc::Status s = reg_->CreateModification(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  v1::Modification Get(const std::string& name) {
    v1::GetModificationRequest req;
    req.set_name(name);
    v1::Modification out;
    EXPECT_TRUE(reg_->GetModification(Ctx("bg").get(), req, &out).ok());
    return out;
  }

  std::vector<std::string> EventKinds(const std::string& name) {
    v1::ListModificationEventsRequest req;
    req.set_parent(name);
    v1::ListModificationEventsResponse out;
    EXPECT_TRUE(reg_->ListModificationEvents(Ctx("admin").get(), req, &out).ok());
    std::vector<std::string> kinds;
    for (const v1::Event& e : out.events()) kinds.push_back(e.kind());
    return kinds;
  }

  static v1::Impact Graded(v1::PartyCategory c, v1::ImpactGrade g, const std::string& note = "") {
    v1::Impact i;
    i.set_category(c);
    i.set_grade(g);
    i.set_note(note);
    return i;
  }

  grpc::Status SetImpacts(const std::string& who, const std::string& name,
                          const std::vector<v1::Impact>& impacts, v1::Modification* out,
                          const std::string& etag = "") {
    v1::SetImpactsRequest req;
    req.set_name(name);
    req.set_etag(etag);
    for (const v1::Impact& i : impacts) *req.add_impacts() = i;
    return gov_->SetImpacts(Ctx(who).get(), req, out);
  }

  // The names ListModifications gives for `filter`, or the error's message.
  std::vector<std::string> Filtered(const std::string& filter, grpc::Status* status = nullptr) {
    v1::ListModificationsRequest req;
    req.set_filter(filter);
    v1::ListModificationsResponse out;
    grpc::Status s = reg_->ListModifications(Ctx("bg").get(), req, &out);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << filter << ": " << s.error_message();
    }
    std::vector<std::string> names;
    for (const v1::Modification& m : out.modifications()) names.push_back(m.name());
    return names;
  }

  grpc::Status AddCost(const std::string& who, const std::string& parent, v1::CostKind kind,
                       int64_t pence, const std::string& source, const std::string& date,
                       v1::CostEstimate* out) {
    v1::AddCostEstimateRequest req;
    req.set_parent(parent);
    req.mutable_cost_estimate()->set_kind(kind);
    req.mutable_cost_estimate()->set_amount_pence(pence);
    req.mutable_cost_estimate()->set_source(source);
    req.mutable_cost_estimate()->set_estimate_date(date);
    return gov_->AddCostEstimate(Ctx(who).get(), req, out);
  }

  void SetDay(const std::string& day) {
    absl::CivilDay d;
    ASSERT_TRUE(absl::ParseCivilTime(day, &d));
    server().SetNow(absl::FromCivil(absl::CivilSecond(d) + 12 * 3600, absl::UTCTimeZone()));
  }

  void ToReportPhase(const std::string& name) {
    v1::AcceptInitialReportRequest req;
    req.set_name(name);
    req.set_meeting("meetings/panel-50");
    req.set_destination(v1::IMR_DESTINATION_REPORT_PHASE);
    req.set_path(v1::MODIFICATION_PATH_PATH_3);
    v1::Decision out;
    grpc::Status s = gov_->AcceptInitialReport(Ctx("panel").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Issue(const std::string& name, v1::Consultation* out,
                     std::vector<v1::PartyCategory> respondents = {}) {
    v1::IssueConsultationRequest req;
    req.set_parent(name);
    req.set_issue_date("2017-05-22");
    req.set_deadline("2017-06-12");
    req.set_contact("SECAS@example.org");
    for (v1::PartyCategory c : respondents) req.add_respondent_categories(c);
    return gov_->IssueConsultation(Ctx("admin").get(), req, out);
  }

  void ToChangeBoard(const std::string& name) {
    ToReportPhase(name);
    v1::Consultation c;
    ASSERT_TRUE(Issue(name, &c).ok());
    v1::CloseConsultationRequest req;
    req.set_name(name + "/consultation");
    req.set_close_date("2017-06-13");
    ASSERT_TRUE(gov_->CloseConsultation(Ctx("admin").get(), req, &c).ok());
  }

  v1::Assessment Request(const std::string& name, v1::AssessmentKind kind,
                         const std::string& date) {
    v1::RequestAssessmentRequest req;
    req.set_parent(name);
    req.set_kind(kind);
    req.set_request_date(date);
    v1::Assessment a;
    grpc::Status s = gov_->RequestAssessment(Ctx("panel").get(), req, &a);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return a;
  }

  void Deliver(const v1::Assessment& a, const std::string& date) {
    v1::DeliverAssessmentRequest req;
    req.set_name(a.name());
    req.set_delivery_date(date);
    v1::Assessment out;
    grpc::Status s = gov_->DeliverAssessment(Ctx("dcc").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Waive(const std::string& who, const std::string& name, const std::string& reason,
                     v1::Decision* out) {
    v1::WaiveAssessmentRequest req;
    req.set_name(name);
    req.set_meeting("meetings/panel-51");
    req.set_reason(reason);
    return gov_->WaiveAssessment(Ctx(who).get(), req, out);
  }

  grpc::Status Vote(const std::string& name) {
    SetDay("2017-06-28");
    v1::CastVoteRequest req;
    req.set_parent(name);
    req.mutable_vote()->set_choice(v1::VOTE_CHOICE_APPROVE);
    req.mutable_vote()->set_reason("considered");
    v1::Vote out;
    return gov_->CastVote(Ctx("cb").get(), req, &out);
  }

  grpc::Status Tally(const std::string& name, v1::TallyResult* out) {
    v1::TallyVotesRequest req;
    req.set_parent(name);
    req.set_meeting("meetings/change-board-20");
    return gov_->TallyVotes(Ctx("cb").get(), req, out);
  }

  std::unique_ptr<v1::RegisterService::Stub> reg_;
  std::unique_ptr<v1::GovernanceService::Stub> gov_;
};

// SECAS or the Panel grades each category; the set is versioned with the proposal (a new etag,
// a history event) and replaces the previous one whole.
TEST_P(ImpactsCostsTest, ImpactsAreGradedPerCategoryAndVersionedWithTheProposal) {
  const std::string a = Raise("New firmware for every meter");
  const v1::Modification raised = Get(a);
  v1::Modification out;
  EXPECT_THAT(SetImpacts("bg", a, {}, &out), StatusIs(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_THAT(SetImpacts("dcc", a, {}, &out), StatusIs(grpc::StatusCode::PERMISSION_DENIED));

  ASSERT_TRUE(
      SetImpacts("panel", a,
                 {Graded(v1::PARTY_CATEGORY_DCC, v1::IMPACT_GRADE_MEDIUM, "DSP change"),
                  Graded(v1::PARTY_CATEGORY_LARGE_SUPPLIER, v1::IMPACT_GRADE_HIGH, "every meter")},
                 &out, raised.etag())
          .ok());
  EXPECT_NE(out.etag(), raised.etag());
  ASSERT_EQ(out.impacts_size(), 2);  // in category order
  EXPECT_EQ(out.impacts(0).category(), v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  EXPECT_EQ(out.impacts(0).grade(), v1::IMPACT_GRADE_HIGH);
  EXPECT_EQ(out.impacts(0).note(), "every meter");
  EXPECT_EQ(out.impacts(1).category(), v1::PARTY_CATEGORY_DCC);
  const v1::Modification read = Get(a);
  EXPECT_EQ(read.etag(), out.etag());
  ASSERT_EQ(read.impacts_size(), 2);
  EXPECT_EQ(read.impacts(1).note(), "DSP change");
  EXPECT_THAT(EventKinds(a), ElementsAre("raise", "set_impacts"));

  // The etag read before the change is stale now; nothing changes.
  grpc::Status stale = SetImpacts(
      "admin", a, {Graded(v1::PARTY_CATEGORY_DCC, v1::IMPACT_GRADE_LOW)}, &out, raised.etag());
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Get(a).impacts_size(), 2);

  grpc::Status twice = SetImpacts("admin", a,
                                  {Graded(v1::PARTY_CATEGORY_DCC, v1::IMPACT_GRADE_LOW),
                                   Graded(v1::PARTY_CATEGORY_DCC, v1::IMPACT_GRADE_HIGH)},
                                  &out);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(twice), "impacts[1].category");
  grpc::Status ungraded =
      SetImpacts("admin", a, {Graded(v1::PARTY_CATEGORY_DCC, v1::IMPACT_GRADE_UNSPECIFIED)}, &out);
  EXPECT_EQ(ViolatedField(ungraded), "impacts[0].grade");

  // SECAS replaces the whole set.
  ASSERT_TRUE(SetImpacts("admin", a,
                         {Graded(v1::PARTY_CATEGORY_SMALL_SUPPLIER, v1::IMPACT_GRADE_LOW)}, &out,
                         read.etag())
                  .ok());
  ASSERT_EQ(Get(a).impacts_size(), 1);
  EXPECT_EQ(Get(a).impacts(0).category(), v1::PARTY_CATEGORY_SMALL_SUPPLIER);
}

// impacts.<category> compares grades in their order, in SQL; a category with no grade recorded
// matches no comparison on it, not even !=.
TEST_P(ImpactsCostsTest, ListModificationsFiltersOnImpactGrades) {
  const std::string high = Raise("High for large suppliers");
  const std::string low = Raise("Low for large suppliers, high for the DCC");
  Raise("Not graded");
  v1::Modification out;
  ASSERT_TRUE(SetImpacts("admin", high,
                         {Graded(v1::PARTY_CATEGORY_LARGE_SUPPLIER, v1::IMPACT_GRADE_HIGH)}, &out)
                  .ok());
  ASSERT_TRUE(SetImpacts("admin", low,
                         {Graded(v1::PARTY_CATEGORY_LARGE_SUPPLIER, v1::IMPACT_GRADE_LOW),
                          Graded(v1::PARTY_CATEGORY_DCC, v1::IMPACT_GRADE_HIGH)},
                         &out)
                  .ok());

  EXPECT_THAT(Filtered("impacts.large_supplier >= MEDIUM"), ElementsAre(high));
  EXPECT_THAT(Filtered("impacts.large_supplier < medium"), ElementsAre(low));
  EXPECT_THAT(Filtered("impacts.large_supplier >= NONE"), ElementsAre(high, low));
  EXPECT_THAT(Filtered("impacts.large_supplier = HIGH"), ElementsAre(high));
  EXPECT_THAT(Filtered("impacts.large_supplier <= LOW"), ElementsAre(low));
  EXPECT_THAT(Filtered("impacts.large_supplier > LOW"), ElementsAre(high));
  EXPECT_THAT(Filtered("impacts.dcc != HIGH"), ElementsAre());
  EXPECT_THAT(Filtered("impacts.dcc = HIGH AND impacts.large_supplier = LOW"), ElementsAre(low));
  EXPECT_THAT(Filtered("impacts.large_supplier != LOW"), ElementsAre(high));
  EXPECT_THAT(Filtered("impacts.small_supplier >= NONE"), ElementsAre());

  v1::ListModificationsRequest req;
  req.set_filter("impacts.large_supplier >= MEDIUM");
  v1::ListModificationsResponse resp;
  ASSERT_TRUE(reg_->ListModifications(Ctx("bg").get(), req, &resp).ok());
  EXPECT_EQ(resp.total_size(), 1);

  grpc::Status bad;
  Filtered("impacts.large_supplier >= SEVERE", &bad);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("values: NONE, LOW, MEDIUM, HIGH"));
  Filtered("impacts.suppliers = HIGH", &bad);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Filtered("impacts.dcc : HIGH", &bad);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // Cleared, the proposal no longer matches.
  ASSERT_TRUE(SetImpacts("admin", high, {}, &out).ok());
  EXPECT_THAT(Filtered("impacts.large_supplier >= MEDIUM"), ElementsAre());
}

// SECAS records any estimate and the DCC its implementation cost; anyone reads them, with
// totals that are exact integers over every estimate.
TEST_P(ImpactsCostsTest, CostEstimatesAreAddedAndListedWithExactTotals) {
  const std::string name = Raise("Costed");
  v1::CostEstimate e;
  ASSERT_TRUE(AddCost("dcc", name, v1::COST_KIND_DCC_IMPLEMENTATION, 12345678901,
                      "DCC Impact Assessment", "2017-04-03", &e)
                  .ok());
  EXPECT_EQ(e.name(), name + "/costs/1");
  EXPECT_EQ(e.amount_pence(), 12345678901);
  EXPECT_EQ(e.estimate_date(), "2017-04-03");
  EXPECT_EQ(e.principal(), "dcc");
  EXPECT_TRUE(e.has_create_time());

  grpc::Status dcc_secas =
      AddCost("dcc", name, v1::COST_KIND_SECAS, 100, "estimate", "2017-04-03", &e);
  EXPECT_EQ(dcc_secas.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReason(dcc_secas), "ROLE_REQUIRED");
  EXPECT_EQ(AddCost("bg", name, v1::COST_KIND_OTHER, 100, "guess", "2017-04-03", &e).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status negative =
      AddCost("admin", name, v1::COST_KIND_OTHER, -1, "guess", "2017-04-03", &e);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(negative), "cost_estimate.amount_pence");
  grpc::Status unsourced = AddCost("admin", name, v1::COST_KIND_OTHER, 1, "", "2017-04-03", &e);
  EXPECT_EQ(ViolatedField(unsourced), "cost_estimate.source");
  grpc::Status future = AddCost("admin", name, v1::COST_KIND_OTHER, 1, "guess", "2017-04-11", &e);
  EXPECT_EQ(ViolatedField(future), "cost_estimate.estimate_date");
  EXPECT_EQ(
      AddCost("admin", name, v1::COST_KIND_UNSPECIFIED, 1, "x", "2017-04-03", &e).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      AddCost("admin", "modifications/SECMP0099", v1::COST_KIND_OTHER, 1, "x", "2017-04-03", &e)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);

  ASSERT_TRUE(
      AddCost("admin", name, v1::COST_KIND_SECAS, 5000000, "SECAS estimate", "2017-04-10", &e)
          .ok());
  ASSERT_TRUE(AddCost("admin", name, v1::COST_KIND_DCC_IMPLEMENTATION, bounds::kMaxPence,
                      "DCC Impact Assessment (revised)", "2017-04-10", &e)
                  .ok());
  EXPECT_EQ(e.name(), name + "/costs/3");

  v1::ListCostEstimatesRequest req;
  req.set_parent(name);
  v1::ListCostEstimatesResponse list;
  ASSERT_TRUE(gov_->ListCostEstimates(Ctx("bg").get(), req, &list).ok());
  ASSERT_EQ(list.cost_estimates_size(), 3);
  EXPECT_EQ(list.cost_estimates(0).source(), "DCC Impact Assessment");
  EXPECT_EQ(list.cost_estimates(1).kind(), v1::COST_KIND_SECAS);
  ASSERT_EQ(list.totals_size(), 2);
  EXPECT_EQ(list.totals(0).kind(), v1::COST_KIND_DCC_IMPLEMENTATION);
  EXPECT_EQ(list.totals(0).amount_pence(), 12345678901 + bounds::kMaxPence);
  EXPECT_EQ(list.totals(0).count(), 2);
  EXPECT_EQ(list.totals(1).amount_pence(), 5000000);
  EXPECT_EQ(list.total_pence(), 12345678901 + bounds::kMaxPence + 5000000);

  // A page of one still carries the totals of every estimate.
  req.set_page_size(1);
  ASSERT_TRUE(gov_->ListCostEstimates(Ctx("bg").get(), req, &list).ok());
  EXPECT_EQ(list.cost_estimates_size(), 1);
  EXPECT_FALSE(list.next_page_token().empty());
  EXPECT_EQ(list.total_pence(), 12345678901 + bounds::kMaxPence + 5000000);
}

// The categories asked to respond are stored and returned; the DCC is never asked.
TEST_P(ImpactsCostsTest, AConsultationNamesTheCategoriesAskedToRespond) {
  const std::string name = Raise("Consulted");
  ToReportPhase(name);
  v1::Consultation c;
  grpc::Status dcc = Issue(name, &c, {v1::PARTY_CATEGORY_DCC});
  EXPECT_EQ(dcc.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(dcc), "respondent_categories[0]");
  ASSERT_TRUE(
      Issue(name, &c, {v1::PARTY_CATEGORY_LARGE_SUPPLIER, v1::PARTY_CATEGORY_SMALL_SUPPLIER}).ok());
  EXPECT_THAT(c.respondent_categories(),
              ElementsAre(v1::PARTY_CATEGORY_LARGE_SUPPLIER, v1::PARTY_CATEGORY_SMALL_SUPPLIER));
  v1::GetConsultationRequest get;
  get.set_name(name + "/consultation");
  ASSERT_TRUE(gov_->GetConsultation(Ctx("bg").get(), get, &c).ok());
  EXPECT_THAT(c.respondent_categories(),
              ElementsAre(v1::PARTY_CATEGORY_LARGE_SUPPLIER, v1::PARTY_CATEGORY_SMALL_SUPPLIER));
}

// No consultation while the DCC's assessment is outstanding: refused, naming it, changing
// nothing; issued once it is delivered.
TEST_P(ImpactsCostsTest, NoConsultationWhileAnAssessmentIsOutstandingUntilDelivered) {
  const std::string name = Raise("Needs the DCC");
  ToReportPhase(name);
  const v1::Assessment a = Request(name, v1::ASSESSMENT_KIND_IMPACT, "2017-04-10");
  const std::string before = DumpStore(store());
  v1::Consultation c;
  grpc::Status refused = Issue(name, &c);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "ASSESSMENT_OUTSTANDING");
  EXPECT_THAT(refused.error_message(),
              HasSubstr(absl::StrCat("the DCC Impact Assessment requested on 2017-04-10 (",
                                     a.name(), ") is not delivered")));
  EXPECT_EQ(DumpStore(store()), before) << "a refused issue changed the store";
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_REPORT_PHASE);

  Deliver(a, "2017-05-20");
  grpc::Status issued = Issue(name, &c);
  ASSERT_TRUE(issued.ok()) << issued.error_message();
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CONSULTATION);
}

// No Change Board vote while an assessment is outstanding; the Panel may waive it, with a
// reason, as a recorded decision; then the Board votes and tallies.
TEST_P(ImpactsCostsTest, NoVoteWhileAnAssessmentIsOutstandingUntilThePanelWaivesIt) {
  const std::string name = Raise("Needs the DCC at the Board");
  ToChangeBoard(name);
  const v1::Assessment a = Request(name, v1::ASSESSMENT_KIND_PRELIMINARY, "2017-06-14");
  const std::string before = DumpStore(store());
  grpc::Status refused = Vote(name);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "ASSESSMENT_OUTSTANDING");
  EXPECT_THAT(refused.error_message(), HasSubstr("a Change Board vote cannot be cast"));
  EXPECT_THAT(refused.error_message(),
              HasSubstr(absl::StrCat("the DCC Preliminary Assessment requested on 2017-06-14 (",
                                     a.name(), ") is not delivered")));
  EXPECT_EQ(DumpStore(store()), before) << "a refused vote changed the store";

  v1::Decision d;
  EXPECT_EQ(Waive("bg", name, "not needed", &d).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Waive("admin", name, "not needed", &d).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status no_reason = Waive("panel", name, "", &d);
  EXPECT_EQ(ViolatedField(no_reason), "reason");
  EXPECT_EQ(DumpStore(store()), before);

  grpc::Status waived = Waive("panel", name, "the change does not touch DCC systems", &d);
  ASSERT_TRUE(waived.ok()) << waived.error_message();
  EXPECT_EQ(d.kind(), "ASSESSMENT_WAIVED");
  EXPECT_EQ(d.reference(), a.name());
  EXPECT_EQ(d.meeting(), "meetings/panel-51");
  EXPECT_EQ(d.decision_date(), "2017-06-20");
  EXPECT_EQ(d.reasons(), "the change does not touch DCC systems");
  EXPECT_EQ(d.status(), v1::MODIFICATION_STATUS_CHANGE_BOARD);
  v1::ListDecisionsRequest ld;
  ld.set_modification(name);
  v1::ListDecisionsResponse decisions;
  ASSERT_TRUE(gov_->ListDecisions(Ctx("bg").get(), ld, &decisions).ok());
  EXPECT_EQ(decisions.decisions(decisions.decisions_size() - 1).kind(), "ASSESSMENT_WAIVED");
  EXPECT_EQ(EventKinds(name).back(), "waive_assessment");
  // Waived once; by the assessment's own name, nothing is left to waive either.
  EXPECT_EQ(Waive("panel", name, "again", &d).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Waive("panel", a.name(), "again", &d).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  grpc::Status voted = Vote(name);
  ASSERT_TRUE(voted.ok()) << voted.error_message();
  v1::TallyResult tally;
  grpc::Status tallied = Tally(name, &tally);
  ASSERT_TRUE(tallied.ok()) << tallied.error_message();
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_APPROVED);
}

// An assessment requested after voting opened holds the tally until it is delivered: the Board
// does not decide without it.
TEST_P(ImpactsCostsTest, AnAssessmentRequestedDuringTheVoteHoldsTheTally) {
  const std::string name = Raise("Assessed late");
  ToChangeBoard(name);
  ASSERT_TRUE(Vote(name).ok());
  const v1::Assessment a = Request(name, v1::ASSESSMENT_KIND_IMPACT, "2017-06-28");
  v1::TallyResult tally;
  grpc::Status held = Tally(name, &tally);
  EXPECT_EQ(held.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(held), "ASSESSMENT_OUTSTANDING");
  EXPECT_THAT(held.error_message(), HasSubstr(a.name()));
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_CHANGE_BOARD);
  Deliver(a, "2017-06-28");
  grpc::Status tallied = Tally(name, &tally);
  ASSERT_TRUE(tallied.ok()) << tallied.error_message();
  EXPECT_EQ(Get(name).status(), v1::MODIFICATION_STATUS_APPROVED);
}

SEC_INSTANTIATE_BACKENDS(ImpactsCostsTest);

}  // namespace
}  // namespace sec
