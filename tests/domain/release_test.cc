// The release rules (domain/release.h) and what a proposal waits on (domain/modification.h),
// as their specification reads.
#include "domain/release.h"

#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "domain/calendar.h"
#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

// The Spring bank holiday, Monday 2017-05-29, and the Summer one, Monday 2017-08-28.
WorkingDayCalendar Calendar2017() {
  return WorkingDayCalendar({Date(2017, 5, 29), Date(2017, 8, 28)});
}

Release Planned(const char* id, Date target, int cutoff_working_days = 0) {
  absl::StatusOr<Release> r =
      PlanRelease(id, ReleaseKind::kPlanned, target, cutoff_working_days, Calendar2017());
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

std::string Reason(const absl::Status& s) {
  std::optional<ErrorReason> r = ReasonOf(s);
  return r.has_value() ? r->reason : "";
}

TEST(ReleaseTest, AnIdIsTheTargetMonthAndOptionallyASuffix) {
  for (const char* ok : {"2017-06", "2017-04-ad-hoc", "2021-06-2"}) {
    EXPECT_TRUE(ValidateReleaseId(ok, "release_id").ok()) << ok;
  }
  for (const char* bad : {"2017-6", "2017-13", "2017-00", "2017-06-", "2017-06-Ad", "2017-06x",
                          "17-06", "", "2017-06-this-suffix-is-far-too-long"}) {
    EXPECT_EQ(ValidateReleaseId(bad, "release_id").code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  absl::StatusOr<Release> elsewhere =
      PlanRelease("2017-06", ReleaseKind::kPlanned, Date(2017, 7, 1), 0, Calendar2017());
  EXPECT_EQ(FieldOf(elsewhere.status()), "release.target_date");
}

TEST(ReleaseTest, TheCutOffCountsWorkingDaysBackFromTheTargetDate) {
  // 5 working days before Thursday 2017-06-01: 31, 30 May; (29 May a holiday); 26, 25, 24 May.
  EXPECT_EQ(Planned("2017-06", Date(2017, 6, 1), 5).cutoff, Date(2017, 5, 24));
  // The policy's 20 when none is given.
  const Release r = Planned("2017-09", Date(2017, 9, 28));
  EXPECT_EQ(r.cutoff_working_days, kDefaultCutoffWorkingDays);
  EXPECT_EQ(r.cutoff, Date(2017, 8, 31));
  EXPECT_EQ(PlanRelease("2017-09", ReleaseKind::kPlanned, Date(2017, 9, 28), 261, Calendar2017())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ReleaseTest, ItIsPlanningUntilItsCutOffAndScopedAfter) {
  Release r = Planned("2017-09", Date(2017, 9, 28));
  EXPECT_EQ(ReleaseStatusOn(r, Date(2017, 8, 31)), ReleaseStatus::kPlanning);
  EXPECT_EQ(ReleaseStatusOn(r, Date(2017, 9, 1)), ReleaseStatus::kScoped);
  r.state = ReleaseState::kImplemented;
  EXPECT_EQ(ReleaseStatusOn(r, Date(2017, 8, 1)), ReleaseStatus::kImplemented);
  r.state = ReleaseState::kCancelled;
  EXPECT_EQ(ReleaseStatusOn(r, Date(2017, 8, 1)), ReleaseStatus::kCancelled);
}

TEST(ReleaseTest, ScopeChangesAfterEitherCutOffNeedTheAuthority) {
  // 20 working days before Thursday 2017-06-29: 28-26 June (3), 23-19 (8), 16-12 (13), 9-5 (18),
  // 2 and 1 June (20).
  const Release june = Planned("2017-06", Date(2017, 6, 29));
  ASSERT_EQ(june.cutoff, Date(2017, 6, 1));
  const Release november = Planned("2017-11", Date(2017, 11, 2));
  // Until June's cut-off, its cut-off day included: free.
  EXPECT_TRUE(CheckScopeChange(&june, &november, Date(2017, 6, 1), "").ok());
  EXPECT_TRUE(CheckScopeChange(nullptr, &june, Date(2017, 6, 1), "").ok());
  // After it, leaving June (P297's deferral) or joining it needs the Authority's decision.
  for (absl::Status s : {CheckScopeChange(&june, &november, Date(2017, 6, 2), ""),
                         CheckScopeChange(nullptr, &june, Date(2017, 6, 2), "")}) {
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(Reason(s), "CUTOFF_PASSED");
    EXPECT_THAT(s.message(), HasSubstr("releases/2017-06"));
    EXPECT_THAT(s.message(), HasSubstr("2017-06-01"));
  }
  EXPECT_TRUE(CheckScopeChange(&june, &november, Date(2017, 6, 2), "Ofgem letter").ok());
  // A release that is done takes no change, whatever the Authority says.
  Release done = november;
  done.state = ReleaseState::kImplemented;
  EXPECT_EQ(Reason(CheckScopeChange(&june, &done, Date(2017, 5, 1), "Ofgem letter")), "NOT_OPEN");
}

TEST(ReleaseTest, APath3ProposalWaitsOutItsAppealWindow) {
  Modification m;
  m.reference = "SECMP0040";
  m.path = ModPath::kPath3;
  m.status = ModStatus::kApproved;
  auto tally = [](Date day, ModStatus after) {
    Decision d;
    d.modification = "SECMP0040";
    d.kind = "CHANGE_BOARD_TALLY";
    d.day = day;
    d.status = after;
    return d;
  };
  // An earlier tally that did not approve it, then the one that did.
  const Decision refused = tally(Date(2017, 6, 1), ModStatus::kChangeBoard);
  const Decision approved = tally(Date(2017, 6, 28), ModStatus::kApproved);
  const std::vector<Decision> decisions = {refused, approved};
  // 15 working days after Wednesday 2017-06-28: 29, 30 June; 3-7, 10-14 July; 17, 18, 19 July.
  EXPECT_EQ(AppealWindowEnd(m, decisions, Calendar2017()), Date(2017, 7, 19));
  absl::Status inside = CheckAppealWindow(m, decisions, Date(2017, 7, 19), Calendar2017());
  EXPECT_EQ(Reason(inside), "APPEAL_WINDOW_OPEN");
  EXPECT_THAT(inside.message(), HasSubstr("2017-07-19"));
  EXPECT_TRUE(CheckAppealWindow(m, decisions, Date(2017, 7, 20), Calendar2017()).ok());
  // The Authority decides Path 1 and 2 proposals: no appeal window; nor for a proposal whose
  // decision was loaded as history (none recorded).
  m.path = ModPath::kPath2;
  EXPECT_EQ(AppealWindowEnd(m, decisions, Calendar2017()), std::nullopt);
  m.path = ModPath::kPath3;
  EXPECT_EQ(AppealWindowEnd(m, {}, Calendar2017()), std::nullopt);
}

TEST(ReleaseTest, OnlyAnOpenReleaseWithProposalsIsImplementedAndOnlyAnEmptyOneCancelled) {
  Release r = Planned("2017-06", Date(2017, 6, 29));
  EXPECT_EQ(Reason(CheckImplementable(r)), "EMPTY_RELEASE");
  EXPECT_TRUE(CheckCancellable(r).ok());
  r.modifications = {"SECMP0016"};
  EXPECT_TRUE(CheckImplementable(r).ok());
  EXPECT_EQ(Reason(CheckCancellable(r)), "RELEASE_NOT_EMPTY");
  r.state = ReleaseState::kImplemented;
  EXPECT_EQ(Reason(CheckImplementable(r)), "NOT_OPEN");
}

TEST(WaitingOnTest, FollowsTheStatusAndTheOpenDccAssessments) {
  struct Row {
    ModStatus status;
    int outstanding;
    WaitingOn expected;
  };
  for (const Row& row : std::vector<Row>{
           {ModStatus::kSubmitted, 0, WaitingOn::kPanel},
           {ModStatus::kSubmitted, 1, WaitingOn::kPanel},
           {ModStatus::kRefinement, 0, WaitingOn::kSecas},
           {ModStatus::kRefinement, 1, WaitingOn::kDcc},
           {ModStatus::kReportPhase, 2, WaitingOn::kDcc},
           {ModStatus::kConsultation, 0, WaitingOn::kSecas},
           {ModStatus::kChangeBoard, 1, WaitingOn::kChangeBoard},
           {ModStatus::kAwaitingAuthority, 0, WaitingOn::kAuthority},
           {ModStatus::kApproved, 0, WaitingOn::kSecas},
           {ModStatus::kSuspended, 1, WaitingOn::kSecretaryOfState},
           {ModStatus::kImplemented, 0, WaitingOn::kNobody},
           {ModStatus::kWithdrawn, 1, WaitingOn::kNobody},
       }) {
    Modification m;
    m.status = row.status;
    m.dcc_outstanding = row.outstanding;
    EXPECT_EQ(WaitingOnOf(m), row.expected) << StatusCode(row.status) << " " << row.outstanding;
  }
  WaitingOn parsed;
  for (const std::string& code : WaitingOnCodes()) {
    ASSERT_TRUE(ParseWaitingOn(code, &parsed)) << code;
    EXPECT_EQ(WaitingOnCode(parsed), code);
  }
  EXPECT_FALSE(ParseWaitingOn("PROPOSER", &parsed));
}

}  // namespace
}  // namespace sec
