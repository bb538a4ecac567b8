#include "domain/lifecycle.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/modification.h"
#include "domain/principal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

constexpr ModStatus kAllStatuses[] = {
    ModStatus::kSubmitted,    ModStatus::kRefinement,  ModStatus::kReportPhase,
    ModStatus::kConsultation, ModStatus::kChangeBoard, ModStatus::kAwaitingAuthority,
    ModStatus::kApproved,     ModStatus::kRejected,    ModStatus::kImplemented,
    ModStatus::kWithdrawn,    ModStatus::kCancelled,   ModStatus::kSuspended,
};

constexpr LifecycleEvent kAllEvents[] = {
    LifecycleEvent::kAcceptToRefinement,
    LifecycleEvent::kAcceptToReportPhase,
    LifecycleEvent::kApproveFastTrack,
    LifecycleEvent::kRefinementComplete,
    LifecycleEvent::kIssueConsultation,
    LifecycleEvent::kCloseConsultation,
    LifecycleEvent::kChangeBoardApprove,
    LifecycleEvent::kChangeBoardReject,
    LifecycleEvent::kChangeBoardRecommend,
    LifecycleEvent::kAuthorityApprove,
    LifecycleEvent::kAuthorityReject,
    LifecycleEvent::kAuthoritySendBack,
    LifecycleEvent::kImplement,
    LifecycleEvent::kWithdraw,
    LifecycleEvent::kSuspend,
    LifecycleEvent::kLiftSuspension,
    LifecycleEvent::kCancel,
    LifecycleEvent::kReferToSecretaryOfState,
};

constexpr ModPath kAllPaths[] = {ModPath::kUnset, ModPath::kPath1, ModPath::kPath2,
                                 ModPath::kPath3};

constexpr Role kAllRoles[] = {
    Role::kSecas,
    Role::kPanel,
    Role::kChangeBoard,
    Role::kAuthority,
    Role::kSecretaryOfState,
    Role::kSecuritySubCommittee,
    Role::kDcc,
    Role::kParty,
};

const char kProposer[] = "british-gas";
// Where the SUSPENDED proposals in these tests were suspended from.
constexpr ModStatus kSuspendedFrom = ModStatus::kRefinement;

LifecycleState State(ModStatus s, bool fast_track = false, ModPath path = ModPath::kPath3) {
  LifecycleState st;
  st.status = s;
  st.fast_track = fast_track;
  st.path = path;
  st.proposer = kProposer;
  if (s == ModStatus::kSuspended) st.suspended_from = kSuspendedFrom;
  return st;
}

Principal With(std::vector<Role> roles, std::string party = "") {
  Principal p;
  p.name = "tester";
  p.roles = std::move(roles);
  p.party_id = std::move(party);
  return p;
}

// Holds every role and acts for the proposer: only the state can refuse it.
Principal Everyone() {
  return With(std::vector<Role>(std::begin(kAllRoles), std::end(kAllRoles)), kProposer);
}

bool Open(ModStatus s) {
  return s != ModStatus::kApproved && s != ModStatus::kRejected && s != ModStatus::kImplemented &&
         s != ModStatus::kWithdrawn && s != ModStatus::kCancelled;
}

// SPEC 2's table restated independently of lifecycle.cc: the destination when the event is
// allowed, nothing when it is not.
std::optional<ModStatus> Expected(const LifecycleState& st, LifecycleEvent e) {
  using S = ModStatus;
  using E = LifecycleEvent;
  const S s = st.status;
  const bool p3 = st.path == ModPath::kPath3;
  const bool p12 = st.path == ModPath::kPath1 || st.path == ModPath::kPath2;
  switch (e) {
    case E::kAcceptToRefinement:
      if (s == S::kSubmitted) return S::kRefinement;
      break;
    case E::kAcceptToReportPhase:
      if (s == S::kSubmitted) return S::kReportPhase;
      break;
    case E::kApproveFastTrack:
      if (s == S::kSubmitted && st.fast_track) return S::kApproved;
      break;
    case E::kRefinementComplete:
      if (s == S::kRefinement) return S::kReportPhase;
      break;
    case E::kIssueConsultation:
      if (s == S::kRefinement || s == S::kReportPhase) return S::kConsultation;
      break;
    case E::kCloseConsultation:
      if (s == S::kConsultation) return S::kChangeBoard;
      break;
    case E::kChangeBoardApprove:
      if (s == S::kChangeBoard && p3) return S::kApproved;
      break;
    case E::kChangeBoardReject:
      if (s == S::kChangeBoard && p3) return S::kRejected;
      break;
    case E::kChangeBoardRecommend:
      if (s == S::kChangeBoard && p12) return S::kAwaitingAuthority;
      break;
    case E::kAuthorityApprove:
      if (s == S::kAwaitingAuthority) return S::kApproved;
      break;
    case E::kAuthorityReject:
      if (s == S::kAwaitingAuthority) return S::kRejected;
      break;
    case E::kAuthoritySendBack:
      if (s == S::kAwaitingAuthority) return S::kReportPhase;
      break;
    case E::kImplement:
      if (s == S::kApproved) return S::kImplemented;
      break;
    case E::kWithdraw:
      if (Open(s)) return S::kWithdrawn;
      break;
    case E::kSuspend:
      if (Open(s) && s != S::kSuspended) return S::kSuspended;
      break;
    case E::kLiftSuspension:
      if (s == S::kSuspended) return *st.suspended_from;
      break;
    case E::kCancel:
      if (Open(s)) return S::kCancelled;
      break;
    case E::kReferToSecretaryOfState:
      if (Open(s)) return s;
      break;
  }
  return std::nullopt;
}

// Every state the rules can distinguish: each status with each path and fast-track setting.
std::vector<LifecycleState> AllStates() {
  std::vector<LifecycleState> out;
  for (ModStatus s : kAllStatuses) {
    for (ModPath p : kAllPaths) {
      for (bool ft : {false, true}) out.push_back(State(s, ft, p));
    }
  }
  return out;
}

std::string Describe(const LifecycleState& st, LifecycleEvent e) {
  return std::string(StatusCode(st.status)) + " path=" + PathCode(st.path) +
         " fast_track=" + (st.fast_track ? "1" : "0") + " event=" + LifecycleEventName(e);
}

TEST(LifecycleTest, EveryStatusEventPairFollowsTheTable) {
  int allowed = 0;
  int refused = 0;
  for (const LifecycleState& st : AllStates()) {
    for (LifecycleEvent e : kAllEvents) {
      SCOPED_TRACE(Describe(st, e));
      absl::StatusOr<Transition> t = DecideEvent(st, e, Everyone());
      std::optional<ModStatus> want = Expected(st, e);
      if (want.has_value()) {
        ++allowed;
        ASSERT_TRUE(t.ok()) << t.status();
        EXPECT_EQ(t->to, *want);
      } else {
        ++refused;
        EXPECT_EQ(t.status().code(), absl::StatusCode::kFailedPrecondition) << t.status();
      }
    }
  }
  // Guards against a vacuous loop: both branches must actually be exercised.
  EXPECT_GT(allowed, 100);
  EXPECT_GT(refused, 500);
}

TEST(LifecycleTest, AllowedEventsAgreesWithDecideEvent) {
  for (const LifecycleState& st : AllStates()) {
    std::vector<LifecycleEvent> want;
    for (LifecycleEvent e : kAllEvents) {
      if (Expected(st, e).has_value()) want.push_back(e);
    }
    std::vector<LifecycleEvent> got = AllowedEvents(st);
    EXPECT_THAT(got, ::testing::UnorderedElementsAreArray(want)) << StatusCode(st.status);
  }
}

// One row of SPEC 2 with the roles that may cause it.
struct Row {
  ModStatus from;
  LifecycleEvent event;
  ModStatus to;
  std::vector<Role> who;
  bool fast_track = false;
  ModPath path = ModPath::kPath3;
};

std::vector<Row> TableRows() {
  using S = ModStatus;
  using E = LifecycleEvent;
  return {
      {S::kSubmitted, E::kAcceptToRefinement, S::kRefinement, {Role::kPanel}},
      {S::kSubmitted, E::kAcceptToReportPhase, S::kReportPhase, {Role::kPanel}},
      {S::kSubmitted, E::kApproveFastTrack, S::kApproved, {Role::kPanel}, true},
      {S::kRefinement, E::kRefinementComplete, S::kReportPhase, {Role::kPanel}},
      {S::kRefinement, E::kIssueConsultation, S::kConsultation, {Role::kPanel, Role::kSecas}},
      {S::kReportPhase, E::kIssueConsultation, S::kConsultation, {Role::kPanel, Role::kSecas}},
      {S::kConsultation, E::kCloseConsultation, S::kChangeBoard, {Role::kSecas}},
      {S::kChangeBoard, E::kChangeBoardApprove, S::kApproved, {Role::kChangeBoard}},
      {S::kChangeBoard, E::kChangeBoardReject, S::kRejected, {Role::kChangeBoard}},
      {S::kChangeBoard,
       E::kChangeBoardRecommend,
       S::kAwaitingAuthority,
       {Role::kChangeBoard},
       false,
       ModPath::kPath1},
      {S::kChangeBoard,
       E::kChangeBoardRecommend,
       S::kAwaitingAuthority,
       {Role::kChangeBoard},
       false,
       ModPath::kPath2},
      {S::kAwaitingAuthority,
       E::kAuthorityApprove,
       S::kApproved,
       {Role::kAuthority},
       false,
       ModPath::kPath2},
      {S::kAwaitingAuthority,
       E::kAuthorityReject,
       S::kRejected,
       {Role::kAuthority},
       false,
       ModPath::kPath2},
      {S::kAwaitingAuthority,
       E::kAuthoritySendBack,
       S::kReportPhase,
       {Role::kAuthority},
       false,
       ModPath::kPath2},
      {S::kApproved, E::kImplement, S::kImplemented, {Role::kSecas}},
      {S::kRefinement, E::kSuspend, S::kSuspended, {Role::kSecretaryOfState}},
      {S::kSuspended, E::kLiftSuspension, kSuspendedFrom, {Role::kSecretaryOfState}},
      {S::kChangeBoard, E::kCancel, S::kCancelled, {Role::kSecretaryOfState}},
      {S::kSubmitted, E::kReferToSecretaryOfState, S::kSubmitted, {Role::kPanel}},
  };
}

TEST(LifecycleTest, EachRowIsAllowedForEachRoleItNames) {
  for (const Row& row : TableRows()) {
    for (Role r : row.who) {
      SCOPED_TRACE(std::string(LifecycleEventName(row.event)) + " by " + RoleName(r));
      absl::StatusOr<Transition> t =
          DecideEvent(State(row.from, row.fast_track, row.path), row.event, With({r}));
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_EQ(t->to, row.to);
    }
  }
}

TEST(LifecycleTest, EachRowIsRefusedToEveryOtherRole) {
  for (const Row& row : TableRows()) {
    std::vector<Role> others;
    for (Role r : kAllRoles) {
      if (std::find(row.who.begin(), row.who.end(), r) == row.who.end()) others.push_back(r);
    }
    SCOPED_TRACE(LifecycleEventName(row.event));
    // Even the proposer itself, holding every other role, is refused.
    absl::StatusOr<Transition> t =
        DecideEvent(State(row.from, row.fast_track, row.path), row.event, With(others, kProposer));
    ASSERT_EQ(t.status().code(), absl::StatusCode::kPermissionDenied) << t.status();
    for (Role r : row.who) EXPECT_THAT(t.status().message(), HasSubstr(RoleName(r)));
  }
}

TEST(LifecycleTest, SecasCannotRecordPanelOrBoardOutcomes) {
  Principal secas = With({Role::kSecas});
  EXPECT_EQ(DecideEvent(State(ModStatus::kSubmitted), LifecycleEvent::kAcceptToRefinement, secas)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(DecideEvent(State(ModStatus::kChangeBoard), LifecycleEvent::kChangeBoardApprove, secas)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      DecideEvent(State(ModStatus::kRefinement), LifecycleEvent::kCancel, secas).status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST(LifecycleTest, WithdrawOnlyByTheProposerFromAnyOpenStatus) {
  Principal proposer = With({Role::kParty}, kProposer);
  Principal other_party = With({Role::kParty}, "edf-energy");
  Principal secas = With({Role::kSecas, Role::kPanel});
  for (ModStatus s : kAllStatuses) {
    SCOPED_TRACE(StatusCode(s));
    absl::StatusOr<Transition> t = DecideEvent(State(s), LifecycleEvent::kWithdraw, proposer);
    if (Open(s)) {
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_EQ(t->to, ModStatus::kWithdrawn);
      EXPECT_FALSE(t->suspended_from.has_value());
    } else {
      EXPECT_EQ(t.status().code(), absl::StatusCode::kFailedPrecondition);
    }
    absl::Status other = DecideEvent(State(s), LifecycleEvent::kWithdraw, other_party).status();
    EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_THAT(other.message(), HasSubstr(kProposer));
    EXPECT_EQ(DecideEvent(State(s), LifecycleEvent::kWithdraw, secas).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(LifecycleTest, SuspendRemembersAndLiftRestores) {
  Principal sos = With({Role::kSecretaryOfState});
  for (ModStatus s : kAllStatuses) {
    if (!Open(s) || s == ModStatus::kSuspended) continue;
    SCOPED_TRACE(StatusCode(s));
    LifecycleState st = State(s);
    absl::StatusOr<Transition> suspended = DecideEvent(st, LifecycleEvent::kSuspend, sos);
    ASSERT_TRUE(suspended.ok()) << suspended.status();
    EXPECT_EQ(suspended->to, ModStatus::kSuspended);
    ASSERT_TRUE(suspended->suspended_from.has_value());
    EXPECT_EQ(*suspended->suspended_from, s);

    st.status = suspended->to;
    st.suspended_from = suspended->suspended_from;
    absl::StatusOr<Transition> lifted = DecideEvent(st, LifecycleEvent::kLiftSuspension, sos);
    ASSERT_TRUE(lifted.ok()) << lifted.status();
    EXPECT_EQ(lifted->to, s);
    EXPECT_FALSE(lifted->suspended_from.has_value());
  }
}

TEST(LifecycleTest, SuspendedProposalCanBeCancelledButNotSuspendedAgain) {
  Principal sos = With({Role::kSecretaryOfState});
  absl::StatusOr<Transition> t =
      DecideEvent(State(ModStatus::kSuspended), LifecycleEvent::kCancel, sos);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->to, ModStatus::kCancelled);
  EXPECT_EQ(
      DecideEvent(State(ModStatus::kSuspended), LifecycleEvent::kSuspend, sos).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(LifecycleTest, LiftWithoutRememberedStatusIsRefused) {
  LifecycleState st = State(ModStatus::kSuspended);
  st.suspended_from.reset();
  EXPECT_EQ(DecideEvent(st, LifecycleEvent::kLiftSuspension, With({Role::kSecretaryOfState}))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LifecycleTest, ReferralLeavesStatusAsItIs) {
  Principal panel = With({Role::kPanel});
  for (ModStatus s : kAllStatuses) {
    if (!Open(s)) continue;
    SCOPED_TRACE(StatusCode(s));
    absl::StatusOr<Transition> t =
        DecideEvent(State(s), LifecycleEvent::kReferToSecretaryOfState, panel);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->to, s);
    // A referral while suspended must not forget where the proposal returns to.
    if (s == ModStatus::kSuspended) {
      ASSERT_TRUE(t->suspended_from.has_value());
      EXPECT_EQ(*t->suspended_from, kSuspendedFrom);
    }
  }
  EXPECT_EQ(DecideEvent(State(ModStatus::kSubmitted), LifecycleEvent::kReferToSecretaryOfState,
                        With({Role::kSecretaryOfState}))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(LifecycleTest, TallyMustMatchThePath) {
  Principal board = With({Role::kChangeBoard});
  absl::Status approve_p1 = DecideEvent(State(ModStatus::kChangeBoard, false, ModPath::kPath1),
                                        LifecycleEvent::kChangeBoardApprove, board)
                                .status();
  EXPECT_EQ(approve_p1.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(approve_p1.message(), HasSubstr("PATH_1"));
  EXPECT_THAT(approve_p1.message(), HasSubstr("change_board_recommend"));

  absl::Status reject_p2 = DecideEvent(State(ModStatus::kChangeBoard, false, ModPath::kPath2),
                                       LifecycleEvent::kChangeBoardReject, board)
                               .status();
  EXPECT_EQ(reject_p2.code(), absl::StatusCode::kFailedPrecondition);

  absl::Status recommend_p3 = DecideEvent(State(ModStatus::kChangeBoard, false, ModPath::kPath3),
                                          LifecycleEvent::kChangeBoardRecommend, board)
                                  .status();
  EXPECT_EQ(recommend_p3.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(recommend_p3.message(), HasSubstr("PATH_3"));
}

TEST(LifecycleTest, FastTrackApprovalNeedsTheFlag) {
  Principal panel = With({Role::kPanel});
  absl::Status s = DecideEvent(State(ModStatus::kSubmitted, /*fast_track=*/false),
                               LifecycleEvent::kApproveFastTrack, panel)
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("fast-track"));
  EXPECT_TRUE(DecideEvent(State(ModStatus::kSubmitted, /*fast_track=*/true),
                          LifecycleEvent::kApproveFastTrack, panel)
                  .ok());
}

TEST(LifecycleTest, RefusalNamesStatusInBothFormsAndAllowedEvents) {
  absl::Status s =
      DecideEvent(State(ModStatus::kRefinement), LifecycleEvent::kCloseConsultation, Everyone())
          .status();
  ASSERT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("REFINEMENT"));
  EXPECT_THAT(s.message(), HasSubstr("Refinement"));
  for (LifecycleEvent e : AllowedEvents(State(ModStatus::kRefinement))) {
    EXPECT_THAT(s.message(), HasSubstr(LifecycleEventName(e)));
  }
  EXPECT_THAT(s.message(), HasSubstr("refinement_complete"));
  EXPECT_THAT(s.message(), HasSubstr("issue_consultation"));

  absl::Status closed =
      DecideEvent(State(ModStatus::kImplemented), LifecycleEvent::kWithdraw, Everyone()).status();
  EXPECT_THAT(closed.message(), HasSubstr("Implemented"));
  EXPECT_THAT(closed.message(), HasSubstr("none"));

  absl::Status suspended =
      DecideEvent(State(ModStatus::kSuspended), LifecycleEvent::kRefinementComplete, Everyone())
          .status();
  EXPECT_THAT(suspended.message(), HasSubstr("SUSPENDED"));
  EXPECT_THAT(suspended.message(), HasSubstr("lift_suspension"));
}

TEST(LifecycleTest, EventNamesAreDistinctSnakeCase) {
  std::vector<std::string> seen;
  for (LifecycleEvent e : kAllEvents) {
    std::string name = LifecycleEventName(e);
    EXPECT_THAT(name, ::testing::MatchesRegex("[a-z][a-z_]*"));
    EXPECT_THAT(seen, ::testing::Not(::testing::Contains(name)));
    seen.push_back(name);
  }
  EXPECT_STREQ(LifecycleEventName(LifecycleEvent::kWithdraw), "withdraw");
  EXPECT_STREQ(LifecycleEventName(LifecycleEvent::kSuspend), "suspend");
}

// modification.h's names and validation: the lifecycle's messages are built from them.

TEST(ModificationTest, StatusCodesTitlesAndParsingRoundTrip) {
  const char* titles[] = {"Modification Proposal Submitted",
                          "Refinement",
                          "Report Phase",
                          "Modification Report Consultation",
                          "Change Board",
                          "Awaiting Authority Decision",
                          "Approved",
                          "Rejected",
                          "Implemented",
                          "Withdrawn",
                          "Cancelled",
                          "Suspended"};
  int i = 0;
  for (ModStatus s : kAllStatuses) {
    EXPECT_STREQ(StatusTitle(s), titles[i++]);
    ModStatus parsed;
    ASSERT_TRUE(ParseStatus(StatusCode(s), &parsed)) << StatusCode(s);
    EXPECT_EQ(parsed, s);
    EXPECT_EQ(IsOpen(s), Open(s)) << StatusCode(s);
  }
  EXPECT_STREQ(StatusCode(ModStatus::kAwaitingAuthority), "AWAITING_AUTHORITY");
  ModStatus ignored;
  EXPECT_FALSE(ParseStatus("Refinement", &ignored));
  EXPECT_FALSE(ParseStatus("", &ignored));
}

TEST(ModificationTest, PathsRoundTrip) {
  for (ModPath p : {ModPath::kPath1, ModPath::kPath2, ModPath::kPath3}) {
    ModPath parsed;
    ASSERT_TRUE(ParsePath(PathCode(p), &parsed));
    EXPECT_EQ(parsed, p);
  }
  EXPECT_STREQ(PathCode(ModPath::kPath3), "PATH_3");
  EXPECT_STREQ(PathCode(ModPath::kUnset), "");
  ModPath ignored;
  EXPECT_FALSE(ParsePath("", &ignored));
  EXPECT_FALSE(ParsePath("PATH_4", &ignored));
}

TEST(ModificationTest, References) {
  EXPECT_EQ(FormatReference(34), "SECMP0034");
  EXPECT_EQ(FormatReference(9999), "SECMP9999");
  EXPECT_EQ(*ParseReference("SECMP0034"), 34);
  EXPECT_EQ(*ParseReference("SECMP0001"), 1);
  EXPECT_EQ(*ParseReference("SECMP9999"), 9999);
  for (const char* bad : {"SECMP0000", "SECMP034", "SECMP00034", "secmp0034", "SECMP+034",
                          "SECMP 034", "SECMP-034", "0034", "", "SECMP003a"}) {
    absl::StatusOr<int> r = ParseReference(bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

Modification ValidText() {
  Modification m;
  m.title = "Changes to the SEC Section D for DCC analysis provisions";
  m.sections = {"D", "G7.6-7.12",
                "G 7.6\xE2\x80\x93"
                "7.12",
                "A", "J"};
  m.problem_statement = "The SEC does not recognise the DCC's PA and IA processes.";
  m.intended_changes = {"recognise PA and IA", "clear delivery timescales",
                        "progress reporting to the SEC Panel"};
  return m;
}

absl::Status Validate(void (*mutate)(Modification*)) {
  Modification m = ValidText();
  mutate(&m);
  return ValidateModificationText(m);
}

TEST(ModificationTest, ValidTextPasses) { EXPECT_TRUE(ValidateModificationText(ValidText()).ok()); }

TEST(ModificationTest, InvalidTextNamesTheField) {
  struct Case {
    void (*mutate)(Modification*);
    const char* field;
  };
  const Case cases[] = {
      {[](Modification* m) { m->title = ""; }, "title"},
      {[](Modification* m) { m->title = "   "; }, "title"},
      {[](Modification* m) { m->title = std::string(301, 'x'); }, "title"},
      {[](Modification* m) { m->sections.push_back(""); }, "sections[5]"},
      {[](Modification* m) { m->sections = {"d"}; }, "sections[0]"},
      {[](Modification* m) { m->sections = {"G7;DROP"}; }, "sections[0]"},
      {[](Modification* m) { m->sections = {"G" + std::string(32, '1')}; }, "sections[0]"},
      {[](Modification* m) { m->problem_statement = std::string(10001, 'x'); },
       "problem_statement"},
      {[](Modification* m) { m->intended_changes.assign(51, "x"); }, "intended_changes"},
      {[](Modification* m) { m->intended_changes[1] = std::string(2001, 'x'); },
       "intended_changes[1]"},
  };
  for (const Case& c : cases) {
    absl::Status s = Validate(c.mutate);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(s.message(), HasSubstr(c.field));
  }
}

TEST(ModificationTest, LimitsAreInclusiveAndCountCharactersNotBytes) {
  EXPECT_TRUE(Validate([](Modification* m) { m->title = std::string(300, 'x'); }).ok());
  // 300 en dashes are 900 bytes but 300 characters.
  EXPECT_TRUE(Validate([](Modification* m) {
                m->title.clear();
                for (int i = 0; i < 300; ++i) m->title += "\xE2\x80\x93";
              }).ok());
  EXPECT_TRUE(Validate([](Modification* m) { m->sections = {"G" + std::string(31, '1')}; }).ok());
  EXPECT_TRUE(
      Validate([](Modification* m) { m->problem_statement = std::string(10000, 'x'); }).ok());
  EXPECT_TRUE(Validate([](Modification* m) { m->intended_changes.assign(50, "x"); }).ok());
}

}  // namespace
}  // namespace sec
