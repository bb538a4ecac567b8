#include "domain/change_board.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

constexpr PartyCategory kLarge = PartyCategory::kLargeSupplier;
constexpr PartyCategory kSmall = PartyCategory::kSmallSupplier;
constexpr PartyCategory kElec = PartyCategory::kElectricityNetworkParty;
constexpr PartyCategory kGas = PartyCategory::kGasNetworkParty;
constexpr PartyCategory kOther = PartyCategory::kOtherSecParty;

Vote V(const std::string& member, PartyCategory group, VoteChoice c) {
  return Vote{member, group, c, "reason of " + member};
}
constexpr VoteChoice A = VoteChoice::kApprove;
constexpr VoteChoice R = VoteChoice::kReject;
constexpr VoteChoice X = VoteChoice::kAbstain;

const GroupTally* Group(const Tally& t, PartyCategory c) {
  for (const GroupTally& g : t.groups) {
    if (g.group == c) return &g;
  }
  return nullptr;
}

TEST(ChangeBoardTest, ChoiceCodesRoundTrip) {
  for (VoteChoice c : {A, R, X}) {
    VoteChoice parsed;
    ASSERT_TRUE(ParseVoteChoice(VoteChoiceCode(c), &parsed));
    EXPECT_EQ(parsed, c);
  }
  EXPECT_STREQ(VoteChoiceCode(A), "APPROVE");
  VoteChoice ignored;
  EXPECT_FALSE(ParseVoteChoice("approve", &ignored));
  EXPECT_FALSE(ParseVoteChoice("YES", &ignored));
}

TEST(ChangeBoardTest, GroupViewIsMajorityOfItsVotes) {
  absl::StatusOr<Tally> t = TallyVotes({
      V("l1", kLarge, A), V("l2", kLarge, A), V("l3", kLarge, R),  // 2-1: approve
      V("s1", kSmall, R), V("s2", kSmall, R), V("s3", kSmall, A),  // 1-2: reject
      V("e1", kElec, A), V("e2", kElec, R),                        // tie: no view
  });
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->groups.size(), 3u);
  const GroupTally* large = Group(*t, kLarge);
  ASSERT_NE(large, nullptr);
  EXPECT_EQ(large->approve, 2);
  EXPECT_EQ(large->reject, 1);
  EXPECT_EQ(large->view, GroupView::kApprove);
  EXPECT_EQ(Group(*t, kSmall)->view, GroupView::kReject);
  EXPECT_EQ(Group(*t, kElec)->view, GroupView::kNone);
  EXPECT_EQ(Group(*t, kGas), nullptr);  // groups nobody voted for are not listed
  EXPECT_EQ(t->groups_approving, 1);
  EXPECT_EQ(t->groups_rejecting, 1);
  EXPECT_EQ(t->groups_without_view, 1);
  // 1 group approves, 1 rejects: not more approving than rejecting.
  EXPECT_FALSE(t->approved);
}

TEST(ChangeBoardTest, ApprovedWhenMoreGroupsApproveThanReject) {
  absl::StatusOr<Tally> t = TallyVotes({
      V("l1", kLarge, A), V("s1", kSmall, A), V("e1", kElec, R), V("g1", kGas, A),
      V("g2", kGas, R),  // no view: does not count either way
  });
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->groups_approving, 2);
  EXPECT_EQ(t->groups_rejecting, 1);
  EXPECT_TRUE(t->approved);
}

TEST(ChangeBoardTest, NotApprovedWhenNoGroupApproves) {
  // Every group tied: zero approve, zero reject. "More approve than reject" fails (0 > 0 is
  // false) and so does "at least one approves".
  absl::StatusOr<Tally> t =
      TallyVotes({V("l1", kLarge, A), V("l2", kLarge, R), V("o1", kOther, X)});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->groups_approving, 0);
  EXPECT_EQ(t->groups_rejecting, 0);
  EXPECT_EQ(t->groups_without_view, 2);
  EXPECT_FALSE(t->approved);
}

TEST(ChangeBoardTest, SingleGroupMajorityDecides) {
  // A group's size does not matter: one large group approving beats nothing.
  absl::StatusOr<Tally> t = TallyVotes({V("l1", kLarge, A)});
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->approved);
  // Groups count once each, however many members they have.
  t = TallyVotes({V("l1", kLarge, A), V("l2", kLarge, A), V("l3", kLarge, A), V("s1", kSmall, R),
                  V("e1", kElec, R)});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->groups_approving, 1);
  EXPECT_EQ(t->groups_rejecting, 2);
  EXPECT_FALSE(t->approved);
}

TEST(ChangeBoardTest, AbstentionsAreRecordedButNotCastByDefault) {
  absl::StatusOr<Tally> t =
      TallyVotes({V("l1", kLarge, A), V("l2", kLarge, X), V("l3", kLarge, X)});
  ASSERT_TRUE(t.ok());
  const GroupTally* large = Group(*t, kLarge);
  EXPECT_EQ(large->abstain, 2);
  EXPECT_EQ(large->view, GroupView::kApprove);  // 1 approve of 1 cast
  EXPECT_TRUE(t->approved);

  // A group of abstainers only has no view.
  t = TallyVotes({V("l1", kLarge, X), V("l2", kLarge, X)});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Group(*t, kLarge)->view, GroupView::kNone);
  EXPECT_FALSE(t->approved);
}

TEST(ChangeBoardTest, AbstentionsCanBeCountedAsCastByPolicy) {
  TallyRules rules;
  rules.abstentions_count_as_cast = true;
  absl::StatusOr<Tally> t =
      TallyVotes({V("l1", kLarge, A), V("l2", kLarge, X), V("l3", kLarge, X)}, rules);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Group(*t, kLarge)->view, GroupView::kNone);  // 1 of 3 is no majority
  EXPECT_FALSE(t->approved);

  t = TallyVotes({V("l1", kLarge, A), V("l2", kLarge, A), V("l3", kLarge, X)}, rules);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Group(*t, kLarge)->view, GroupView::kApprove);  // 2 of 3
}

TEST(ChangeBoardTest, LastVoteOfAMemberCounts) {
  absl::StatusOr<Tally> t = TallyVotes({
      V("l1", kLarge, R),
      V("l2", kLarge, A),
      Vote{"l1", kLarge, A, "persuaded by the DCC's evidence"},
  });
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->counted.size(), 2u);
  EXPECT_EQ(t->counted[0].member, "l1");  // keeps first-cast position
  EXPECT_EQ(t->counted[0].choice, A);
  EXPECT_EQ(t->counted[0].reason, "persuaded by the DCC's evidence");
  EXPECT_EQ(Group(*t, kLarge)->approve, 2);
  EXPECT_EQ(Group(*t, kLarge)->reject, 0);
  EXPECT_TRUE(t->approved);
}

TEST(ChangeBoardTest, EmptyVoteIsRefused) {
  absl::StatusOr<Tally> t = TallyVotes({});
  EXPECT_EQ(t.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ChangeBoardTest, InvalidVotesAreRefused) {
  Vote no_member = V("", kLarge, A);
  EXPECT_EQ(ValidateVote(no_member).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ValidateVote(no_member).message(), HasSubstr("member"));

  Vote no_reason = V("l1", kLarge, R);
  no_reason.reason = "  ";
  EXPECT_THAT(ValidateVote(no_reason).message(), HasSubstr("reason"));
  EXPECT_EQ(TallyVotes({V("l2", kLarge, A), no_reason}).status().code(),
            absl::StatusCode::kInvalidArgument);

  Vote long_reason = V("l1", kLarge, R);
  long_reason.reason = std::string(2001, 'x');
  EXPECT_EQ(ValidateVote(long_reason).code(), absl::StatusCode::kInvalidArgument);
  long_reason.reason = std::string(2000, 'x');
  EXPECT_TRUE(ValidateVote(long_reason).ok());
}

TEST(ChangeBoardTest, TallyEventDependsOnPath) {
  Tally approved;
  approved.approved = true;
  Tally rejected;
  EXPECT_EQ(*TallyEvent(approved, ModPath::kPath3), LifecycleEvent::kChangeBoardApprove);
  EXPECT_EQ(*TallyEvent(rejected, ModPath::kPath3), LifecycleEvent::kChangeBoardReject);
  EXPECT_EQ(*TallyEvent(approved, ModPath::kPath1), LifecycleEvent::kChangeBoardRecommend);
  EXPECT_EQ(*TallyEvent(rejected, ModPath::kPath2), LifecycleEvent::kChangeBoardRecommend);
  EXPECT_EQ(TallyEvent(approved, ModPath::kUnset).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sec
