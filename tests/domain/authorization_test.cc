// The rules of who may act, for whom, when, and what travels with an error (domain/): read as
// their specification.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/authorization.h"
#include "domain/bounds.h"
#include "domain/change_board.h"
#include "domain/credit.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/lifecycle.h"
#include "domain/names.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

const Principal kSecas("secas", {Role::kSecas});
const Principal kDcc("dcc", {Role::kDcc});
const Principal kPanel("panel", {Role::kPanel});
const Principal kBg("bg", {Role::kParty}, "british-gas");
const Principal kBgAndPanel("bg-panel", {Role::kParty, Role::kPanel}, "british-gas");
const Principal kMember("alice", {Role::kChangeBoard}, "", PartyCategory::kSmallSupplier);

TEST(RoleSetTest, HoldsAndNamesItsRoles) {
  const RoleSet credit{Role::kDcc, Role::kSecas};
  EXPECT_TRUE(credit.HeldBy(kDcc));
  EXPECT_FALSE(credit.HeldBy(kBg));
  EXPECT_EQ(credit.Names(), "SECAS or DCC");
  EXPECT_TRUE(RoleSet::Everyone().HeldBy(kBg));
  EXPECT_EQ(credit.With(Role::kParty).Without(Role::kParty), credit);
}

TEST(RequireRoleTest, RefusalNamesTheRolesAndCarriesAReason) {
  EXPECT_TRUE(RequireRole(kSecas, {Role::kSecas}, "CreateParty").ok());
  absl::Status s = RequireRole(kBg, {Role::kSecas}, "CreateParty");
  EXPECT_TRUE(absl::IsPermissionDenied(s));
  EXPECT_THAT(s.message(), HasSubstr("CreateParty needs the role SECAS"));
  ASSERT_TRUE(ReasonOf(s).has_value());
  EXPECT_EQ(ReasonOf(s)->reason, "ROLE_REQUIRED");
}

TEST(ActingPartyTest, APartyActsOnlyForItselfOthersForAnyParty) {
  const RoleSet roles{Role::kParty, Role::kSecas};
  EXPECT_EQ(*ActingParty(kBg, roles, "", "party"), "british-gas");  // none named: its own
  EXPECT_EQ(*ActingParty(kBg, roles, "british-gas", "party"), "british-gas");
  absl::StatusOr<std::string> other = ActingParty(kBg, roles, "edf-energy", "party");
  EXPECT_TRUE(absl::IsPermissionDenied(other.status()));
  EXPECT_EQ(ReasonOf(other.status())->reason, "OTHER_PARTY");
  EXPECT_EQ(*ActingParty(kSecas, roles, "edf-energy", "party"), "edf-energy");
  EXPECT_EQ(*ActingParty(kSecas, roles, "", "party"), "");
  // A second role the RPC does not declare gives no licence: bg-panel is a party here.
  EXPECT_FALSE(ActingParty(kBgAndPanel, roles, "edf-energy", "party").ok());
}

TEST(VisibilityTest, APartysCreditDataIsSeenByItTheDccAndSecasOnly) {
  EXPECT_EQ(ConfidentialParty("parties/edf-energy/charges/3"), "edf-energy");
  EXPECT_EQ(ConfidentialParty("parties/edf-energy"), "");  // the party itself is public
  EXPECT_EQ(ConfidentialParty("modifications/SECMP0034"), "");
  const std::string charge = "parties/edf-energy/charges/3";
  EXPECT_FALSE(MayRead(kBg, charge));
  EXPECT_FALSE(MayRead(kPanel, charge));
  EXPECT_TRUE(MayRead(kDcc, charge));
  EXPECT_TRUE(MayRead(kSecas, charge));
  EXPECT_TRUE(MayRead(Principal("edf", {Role::kParty}, "edf-energy"), charge));
  EXPECT_TRUE(MayRead(kBg, "modifications/SECMP0034"));
}

TEST(DateOfActTest, TheServerDatesAnActUnlessSecasLoadsHistory) {
  const Date today(2017, 4, 28);
  EXPECT_EQ(*DateOfAct(kBg, "", today, "response_date"), today);
  EXPECT_EQ(*DateOfAct(kBg, "2017-04-28", today, "response_date"), today);
  absl::StatusOr<Date> backdated = DateOfAct(kBg, "2017-04-19", today, "response_date");
  EXPECT_TRUE(absl::IsInvalidArgument(backdated.status()));
  EXPECT_EQ(FieldOf(backdated.status()), "response_date");
  EXPECT_EQ(*DateOfAct(kSecas, "2017-04-19", today, "response_date"), Date(2017, 4, 19));
  EXPECT_FALSE(DateOfAct(kSecas, "2017-04-31", today, "response_date").ok());
}

TEST(DatesTest, GivenAndComputedDatesStayInTheDocumentedRange) {
  EXPECT_TRUE(ParseDate("1900-01-01", "d").ok());
  EXPECT_TRUE(ParseDate("2999-12-31", "d").ok());
  for (const char* bad : {"1899-12-31", "3000-01-01", "-017-04-01", "+2017-04-0", "2017-02-29",
                          "20170410", "9999-12-31"}) {
    absl::StatusOr<Date> d = ParseDate(bad, "vote.vote_date");
    EXPECT_TRUE(absl::IsInvalidArgument(d.status())) << bad;
    EXPECT_EQ(FieldOf(d.status()), "vote.vote_date") << bad;
  }
  absl::Status s = CheckComputedDate(Date(3000, 1, 3), "the cure deadline", "date");
  EXPECT_THAT(s.message(), HasSubstr("the cure deadline would be 3000-01-03"));
  EXPECT_EQ(FieldOf(s), "date");
  EXPECT_EQ(*DateOr("", Date(2017, 1, 1), "d"), Date(2017, 1, 1));
  EXPECT_TRUE(absl::IsInvalidArgument(RequiredDate("", "deadline").status()));
}

TEST(DatesTest, TodayIsLondonsDateAcrossTheClockChanges) {
  const auto utc = [](int y, int mo, int d, int h, int mi) {
    return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone());
  };
  // GMT in winter: 23:30 UTC is still the same day in London.
  EXPECT_EQ(LondonDate(utc(2017, 1, 10, 23, 30)), Date(2017, 1, 10));
  // BST from 01:00 UTC on the last Sunday of March (26 March 2017): 23:30 UTC is tomorrow.
  EXPECT_EQ(LondonDate(utc(2017, 3, 26, 0, 59)), Date(2017, 3, 26));
  EXPECT_EQ(LondonDate(utc(2017, 4, 10, 23, 30)), Date(2017, 4, 11));
  // Back to GMT at 01:00 UTC on the last Sunday of October (29 October 2017).
  EXPECT_EQ(LondonDate(utc(2017, 10, 28, 23, 30)), Date(2017, 10, 29));
  EXPECT_EQ(LondonDate(utc(2017, 10, 29, 23, 30)), Date(2017, 10, 29));
}

TEST(ErrorsTest, FieldsAndReasonsTravelWithTheStatus) {
  absl::Status s = InvalidField("holidays[2].date", "required");
  EXPECT_EQ(s.message(), "holidays[2].date: required");
  EXPECT_EQ(FieldOf(s), "holidays[2].date");
  absl::Status moved = AsField(s, "date");
  EXPECT_EQ(moved.message(), "date: required");
  EXPECT_EQ(FieldOf(moved), "date");
  absl::Status r = Refused(absl::StatusCode::kFailedPrecondition, "EVENT_NOT_ALLOWED", "no",
                           {{"status", "SUBMITTED"}, {"allowed_events", "a, b"}});
  absl::Status prefixed = Prefixed(r, "SECMP0001: ");
  EXPECT_EQ(prefixed.message(), "SECMP0001: no");
  ASSERT_TRUE(ReasonOf(prefixed).has_value());
  EXPECT_EQ(ReasonOf(prefixed)->reason, "EVENT_NOT_ALLOWED");
  EXPECT_THAT(ReasonOf(prefixed)->metadata,
              ::testing::ElementsAre(::testing::Pair("status", "SUBMITTED"),
                                     ::testing::Pair("allowed_events", "a, b")));
  EXPECT_FALSE(ReasonOf(absl::NotFoundError("x")).has_value());
}

TEST(NamesTest, ParsersNameTheFieldAndShowAnExample) {
  EXPECT_EQ(*ParsePartyName("parties/british-gas", "party"), "british-gas");
  absl::StatusOr<std::string> bad = ParseModificationName("SECMP0001", "name");
  EXPECT_EQ(FieldOf(bad.status()), "name");
  EXPECT_THAT(bad.status().message(),
              HasSubstr("is not a modification name like modifications/SECMP0034"));
  EXPECT_EQ(*ParseConsultationName("modifications/SECMP0006/consultation", "name"), "SECMP0006");
  absl::StatusOr<ChildRef> child =
      ParseChildName("parties/british-gas/instruments/7", "instruments", "name");
  ASSERT_TRUE(child.ok());
  EXPECT_EQ(child->party, "british-gas");
  EXPECT_EQ(child->seq, 7);
  EXPECT_FALSE(ParseChildName("parties/british-gas/charges/7", "instruments", "name").ok());
  EXPECT_FALSE(ParseNominationName("nominations/0", "name").ok());
}

TEST(TimelineTest, NothingIsRecordedBeforeAProposalsLatestEvent) {
  LifecycleState state;
  state.status = ModStatus::kSubmitted;
  state.latest_event = Date(2019, 3, 2);
  const Principal panel("panel", {Role::kPanel});
  absl::StatusOr<Transition> early =
      DecideEvent(state, LifecycleEvent::kAcceptToRefinement, panel, Date(2019, 1, 18));
  EXPECT_TRUE(absl::IsFailedPrecondition(early.status()));
  EXPECT_EQ(ReasonOf(early.status())->reason, "TIMELINE_ORDER");
  EXPECT_TRUE(DecideEvent(state, LifecycleEvent::kAcceptToRefinement, panel, Date(2019, 3, 2)).ok());
  // Without a date the status rules alone decide (the table's own tests).
  EXPECT_TRUE(DecideEvent(state, LifecycleEvent::kAcceptToRefinement, panel).ok());
  EXPECT_TRUE(CheckTimeline(state, Date(2019, 3, 3), "a vote").ok());
}

TEST(LifecycleTest, TheTableSaysWhoCausesEachEventAndWhatItRecords) {
  EXPECT_EQ(EventRoles(LifecycleEvent::kIssueConsultation), (RoleSet{Role::kPanel, Role::kSecas}));
  EXPECT_EQ(EventRoles(LifecycleEvent::kWithdraw), (RoleSet{Role::kParty}));
  EXPECT_EQ(EventRoles(LifecycleEvent::kSuspend), (RoleSet{Role::kSecretaryOfState}));
  EXPECT_STREQ(DecisionKind(LifecycleEvent::kAcceptToReportPhase), "IMR_ACCEPTED");
  EXPECT_STREQ(DecisionKind(LifecycleEvent::kAuthoritySendBack), "AUTHORITY_SEND_BACK");
  LifecycleState submitted;
  absl::Status s = RequireStatus(submitted, ModStatus::kChangeBoard, "a vote");
  EXPECT_TRUE(absl::IsFailedPrecondition(s));
  EXPECT_THAT(s.message(), HasSubstr("SUBMITTED"));
  EXPECT_THAT(s.message(), HasSubstr("accept_to_refinement"));  // the allowed events
  EXPECT_EQ(ReasonOf(s)->reason, "EVENT_NOT_ALLOWED");
}

TEST(CastAsTest, AMemberVotesAsItselfInItsOwnGroup) {
  absl::StatusOr<Vote> v = CastAs(kMember, "", std::nullopt, VoteChoice::kApprove, "sound");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->member, "alice");
  EXPECT_EQ(v->voting_group, PartyCategory::kSmallSupplier);
  EXPECT_TRUE(CastAs(kMember, "alice", PartyCategory::kSmallSupplier, VoteChoice::kReject, "r").ok());
  EXPECT_TRUE(absl::IsPermissionDenied(
      CastAs(kMember, "bob", std::nullopt, VoteChoice::kApprove, "r").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(
      CastAs(kMember, "", PartyCategory::kLargeSupplier, VoteChoice::kApprove, "r").status()));
  // A Change Board principal without a voting group cannot vote at all.
  EXPECT_TRUE(absl::IsFailedPrecondition(
      CastAs(Principal("cb", {Role::kChangeBoard}), "", std::nullopt, VoteChoice::kApprove, "r")
          .status()));
}

TEST(CreditBoundsTest, ARecordHoldsAtMostTenBillionPounds) {
  MonthlyCharge c{"british-gas", "2017-03", Date(2017, 4, 1), bounds::kMaxPence};
  EXPECT_TRUE(ValidateMonthlyCharge(c).ok());
  c.amount_pence = bounds::kMaxPence + 1;
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateMonthlyCharge(c)));
  CreditInstrument i;
  i.party = "british-gas";
  i.issuer = std::string(bounds::kNameChars + 1, 'i');
  i.valid_from = Date(2017, 1, 1);
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCreditInstrument(i)));
}

TEST(CreditWithdrawalTest, AWithdrawnInstrumentEndsTheDayBefore) {
  CreditInstrument i;
  i.valid_from = Date(2017, 1, 1);
  std::optional<CreditInstrument> w = InForceUntilWithdrawn(i, Date(2017, 4, 10));
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->valid_to, Date(2017, 4, 9));
  EXPECT_FALSE(InForceUntilWithdrawn(i, Date(2017, 1, 1)).has_value());  // never in force
  i.valid_to = Date(2017, 2, 1);
  EXPECT_EQ(InForceUntilWithdrawn(i, Date(2017, 4, 10))->valid_to, Date(2017, 2, 1));
  EXPECT_EQ(InForceUntilWithdrawn(i, std::nullopt)->valid_to, Date(2017, 2, 1));
}

}  // namespace
}  // namespace sec
