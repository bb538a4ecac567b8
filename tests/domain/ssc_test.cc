#include "domain/ssc.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

SscNomination Nomination(const std::string& nominee = "Alex Example",
                         PartyCategory category = PartyCategory::kLargeSupplier) {
  SscNomination n;
  n.nominating_party = "british-gas";
  n.nominator_name = "Sam Senior";
  n.nominator_position = "Chief Information Security Officer";
  n.nominator_is_senior = true;
  n.nominee = nominee;
  n.nominee_category = category;
  n.security_expertise = "Ten years leading smart metering security architecture.";
  n.nominated_on = Date(2017, 3, 20);
  return n;
}

// A nomination taken through acceptance and a passed vetting.
SscNomination Ready(const std::string& nominee = "Alex Example",
                    PartyCategory category = PartyCategory::kLargeSupplier,
                    Date vetted = Date(2017, 4, 3)) {
  SscNomination fresh = Nomination(nominee, category);
  fresh.nominated_on = vetted - 14;
  absl::StatusOr<SscNomination> n = AcceptNomination(fresh);
  EXPECT_TRUE(n.ok()) << n.status();
  n = RecordVetting(*n, true, vetted);
  EXPECT_TRUE(n.ok()) << n.status();
  return *n;
}

TEST(SscTest, DefaultSeatPolicy) {
  SscSeatPolicy p = DefaultSscSeatPolicy();
  EXPECT_TRUE(ValidateSeatPolicy(p).ok());
  EXPECT_EQ(SeatsFor(p, PartyCategory::kLargeSupplier), 6);
  EXPECT_EQ(SeatsFor(p, PartyCategory::kSmallSupplier), 2);
  EXPECT_EQ(SeatsFor(p, PartyCategory::kElectricityNetworkParty), 1);
  EXPECT_EQ(SeatsFor(p, PartyCategory::kGasNetworkParty), 1);
  EXPECT_EQ(SeatsFor(p, PartyCategory::kOtherSecParty), 1);
  EXPECT_EQ(SeatsFor(p, PartyCategory::kDcc), 0);
  EXPECT_EQ(p.term_months, 24);
}

TEST(SscTest, SeatPolicyValidation) {
  SscSeatPolicy p = DefaultSscSeatPolicy();
  p.seats.push_back({PartyCategory::kLargeSupplier, 1});
  EXPECT_THAT(ValidateSeatPolicy(p).message(), HasSubstr("LARGE_SUPPLIER"));
  p = DefaultSscSeatPolicy();
  p.seats[1].seats = -1;
  EXPECT_EQ(ValidateSeatPolicy(p).code(), absl::StatusCode::kInvalidArgument);
  p = DefaultSscSeatPolicy();
  p.term_months = 0;
  EXPECT_THAT(ValidateSeatPolicy(p).message(), HasSubstr("term_months"));
}

TEST(SscTest, StateCodesRoundTrip) {
  for (NominationState s : {NominationState::kNominated, NominationState::kAccepted,
                            NominationState::kRejected, NominationState::kAppointed}) {
    NominationState parsed;
    ASSERT_TRUE(ParseNominationState(NominationStateCode(s), &parsed));
    EXPECT_EQ(parsed, s);
  }
  NominationState ignored;
  EXPECT_FALSE(ParseNominationState("nominated", &ignored));
}

TEST(SscTest, ValidNominationPasses) {
  EXPECT_TRUE(ValidateNomination(Nomination(), DefaultSscSeatPolicy()).ok());
}

TEST(SscTest, NominatorMustHoldSeniorPosition) {
  SscNomination n = Nomination();
  n.nominator_is_senior = false;
  absl::Status s = ValidateNomination(n, DefaultSscSeatPolicy());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("senior position"));
}

TEST(SscTest, MissingFieldsAreNamed) {
  struct Case {
    void (*mutate)(SscNomination*);
    const char* field;
  };
  const Case cases[] = {
      {[](SscNomination* n) { n->nominating_party = ""; }, "nominating_party"},
      {[](SscNomination* n) { n->nominating_party = "British Gas"; }, "nominating_party"},
      {[](SscNomination* n) { n->nominator_name = " "; }, "nominator_name"},
      {[](SscNomination* n) { n->nominator_position = ""; }, "nominator_position"},
      {[](SscNomination* n) { n->nominee = ""; }, "nominee"},
      {[](SscNomination* n) { n->nominee = std::string(201, 'x'); }, "nominee"},
      {[](SscNomination* n) { n->security_expertise = ""; }, "security_expertise"},
      {[](SscNomination* n) { n->nominee_category = PartyCategory::kDcc; }, "nominee_category"},
  };
  for (const Case& c : cases) {
    SscNomination n = Nomination();
    c.mutate(&n);
    absl::Status s = ValidateNomination(n, DefaultSscSeatPolicy());
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(s.message(), HasSubstr(c.field));
  }
}

TEST(SscTest, AcceptOnlyFromNominated) {
  absl::StatusOr<SscNomination> accepted = AcceptNomination(Nomination());
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->state, NominationState::kAccepted);
  absl::Status again = AcceptNomination(*accepted).status();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.message(), HasSubstr("ACCEPTED"));
}

TEST(SscTest, RejectNeedsAReasonAndKeepsIt) {
  EXPECT_EQ(RejectNomination(Nomination(), "").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<SscNomination> r =
      RejectNomination(Nomination(), "no relevant security expertise shown");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->state, NominationState::kRejected);
  EXPECT_EQ(r->rejection_reason, "no relevant security expertise shown");

  // An accepted nominee may still be rejected; a rejected one cannot be accepted.
  EXPECT_TRUE(RejectNomination(*AcceptNomination(Nomination()), "withdrawn by party").ok());
  absl::Status s = AcceptNomination(*r).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("no relevant security expertise shown"));
}

TEST(SscTest, AppointRequiresAcceptanceAndPassedVetting) {
  const SscSeatPolicy policy = DefaultSscSeatPolicy();
  const Date on(2017, 4, 10);

  // Not accepted yet, even if vetted.
  SscNomination vetted_only = *RecordVetting(Nomination(), true, Date(2017, 4, 3));
  absl::Status s = Appoint(vetted_only, on, {}, policy).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("NOMINATED"));

  // Accepted but never vetted.
  SscNomination accepted = *AcceptNomination(Nomination());
  s = Appoint(accepted, on, {}, policy).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("vetting"));

  // Accepted, vetting failed.
  SscNomination failed = *RecordVetting(accepted, false, Date(2017, 4, 5));
  s = Appoint(failed, on, {}, policy).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("failed security vetting on 2017-04-05"));

  // Vetting passed only after the appointment date.
  SscNomination late = *RecordVetting(accepted, true, Date(2017, 4, 12));
  EXPECT_EQ(Appoint(late, on, {}, policy).status().code(), absl::StatusCode::kFailedPrecondition);

  // A re-vetting that passes replaces the failure.
  SscNomination revetted = *RecordVetting(failed, true, Date(2017, 4, 7));
  absl::StatusOr<SscNomination> appointed = Appoint(revetted, on, {}, policy);
  ASSERT_TRUE(appointed.ok()) << appointed.status();
  EXPECT_EQ(appointed->state, NominationState::kAppointed);
  EXPECT_EQ(*appointed->appointed_on, on);
  EXPECT_EQ(*appointed->term_end, Date(2019, 4, 10));

  // Appointed nominations cannot be appointed, vetted or accepted again.
  EXPECT_EQ(Appoint(*appointed, on, {}, policy).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RecordVetting(*appointed, false, on).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SscTest, VettingCannotPredateTheNomination) {
  EXPECT_EQ(RecordVetting(Nomination(), true, Date(2017, 3, 19)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SscTest, AppointRefusedWhenCategorySeatsAreFull) {
  const SscSeatPolicy policy = DefaultSscSeatPolicy();
  const Date on(2017, 4, 10);
  std::vector<SscNomination> sitting;
  // Fill both Small Supplier seats.
  for (const char* who : {"Small One", "Small Two"}) {
    absl::StatusOr<SscNomination> a =
        Appoint(Ready(who, PartyCategory::kSmallSupplier), on, sitting, policy);
    ASSERT_TRUE(a.ok()) << a.status();
    sitting.push_back(*a);
  }
  EXPECT_EQ(SeatsFilled(sitting, PartyCategory::kSmallSupplier, on), 2);
  absl::Status s =
      Appoint(Ready("Small Three", PartyCategory::kSmallSupplier), on, sitting, policy).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("all 2 SMALL_SUPPLIER seats are filled"));

  // Other categories are unaffected.
  EXPECT_TRUE(Appoint(Ready("Gas One", PartyCategory::kGasNetworkParty), on, sitting, policy).ok());
  // Non-appointed nominations do not hold seats.
  sitting.push_back(Ready("Pending", PartyCategory::kGasNetworkParty));
  EXPECT_EQ(SeatsFilled(sitting, PartyCategory::kGasNetworkParty, on), 0);
}

TEST(SscTest, SeatFreesWhenTermEnds) {
  SscSeatPolicy policy = DefaultSscSeatPolicy();
  const Date first_day(2017, 4, 10);
  absl::StatusOr<SscNomination> gas =
      Appoint(Ready("Gas One", PartyCategory::kGasNetworkParty), first_day, {}, policy);
  ASSERT_TRUE(gas.ok());
  std::vector<SscNomination> sitting = {*gas};
  const Date term_end = *gas->term_end;
  EXPECT_EQ(term_end, Date(2019, 4, 10));

  SscNomination successor = Ready("Gas Two", PartyCategory::kGasNetworkParty);
  EXPECT_EQ(Appoint(successor, term_end - 1, sitting, policy).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Appoint(successor, term_end, sitting, policy).ok());
  // Appointments dated after `on` do not hold a seat yet.
  EXPECT_EQ(SeatsFilled(sitting, PartyCategory::kGasNetworkParty, first_day - 1), 0);
}

TEST(SscTest, TermEndClampsToMonthEndAndFollowsPolicy) {
  SscSeatPolicy policy = DefaultSscSeatPolicy();
  absl::StatusOr<SscNomination> leap =
      Appoint(Ready("Leap", PartyCategory::kLargeSupplier, Date(2016, 2, 1)), Date(2016, 2, 29), {},
              policy);
  ASSERT_TRUE(leap.ok()) << leap.status();
  EXPECT_EQ(*leap->term_end, Date(2018, 2, 28));

  policy.term_months = 13;
  absl::StatusOr<SscNomination> jan = Appoint(
      Ready("Jan", PartyCategory::kLargeSupplier, Date(2017, 1, 2)), Date(2017, 1, 31), {}, policy);
  ASSERT_TRUE(jan.ok());
  EXPECT_EQ(*jan->term_end, Date(2018, 2, 28));
}

}  // namespace
}  // namespace sec
