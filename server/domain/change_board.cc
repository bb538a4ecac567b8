#include "domain/change_board.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/citations.h"
#include "domain/errors.h"

namespace sec {

namespace {

constexpr CodeOf<VoteChoice> kChoices[] = {
    {VoteChoice::kApprove, "APPROVE"},
    {VoteChoice::kReject, "REJECT"},
    {VoteChoice::kAbstain, "ABSTAIN"},
};

constexpr size_t kMaxReasonChars = 2000;

size_t CountChars(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

GroupView ViewOf(const GroupTally& g, const TallyRules& rules) {
  const int cast = g.approve + g.reject + (rules.abstentions_count_as_cast ? g.abstain : 0);
  // A strict majority of the votes cast; equal approve/reject can never reach it, so a tie
  // (and a group with nothing cast) has no view.
  if (2 * g.approve > cast) return GroupView::kApprove;
  if (2 * g.reject > cast) return GroupView::kReject;
  return GroupView::kNone;
}

}  // namespace

const char* VoteChoiceCode(VoteChoice c) { return CodeIn(kChoices, c); }

bool ParseVoteChoice(absl::string_view code, VoteChoice* c) {
  return ParseCodeIn(kChoices, code, c);
}

const char* GroupViewCode(GroupView v) {
  switch (v) {
    case GroupView::kNone:
      return "NONE";
    case GroupView::kApprove:
      return "APPROVE";
    case GroupView::kReject:
      return "REJECT";
  }
  return "UNKNOWN";
}

absl::Status ValidateVote(const Vote& v) {
  if (absl::StripAsciiWhitespace(v.member).empty()) {
    return absl::InvalidArgumentError("vote.member: required");
  }
  // The tally and every reason are kept (SPEC 3); a vote without its reason is not reviewable.
  if (absl::StripAsciiWhitespace(v.reason).empty()) {
    return absl::InvalidArgumentError(absl::StrCat("vote.reason: required (member \"", v.member,
                                                   "\", ", VoteChoiceCode(v.choice), ")"));
  }
  if (CountChars(v.reason) > kMaxReasonChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("vote.reason: at most ", kMaxReasonChars, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Tally> TallyVotes(const std::vector<Vote>& votes, const TallyRules& rules) {
  Tally t;
  absl::flat_hash_map<std::string, size_t> position;  // member -> index in t.counted
  for (size_t at = 0; at < votes.size(); ++at) {
    const Vote& v = votes[at];
    if (absl::Status s = ValidateVote(v); !s.ok()) return s;
    auto [it, inserted] = position.try_emplace(v.member, t.counted.size());
    if (inserted) {
      t.counted.push_back(v);
      t.counted_at.push_back(at);
    } else {
      t.counted[it->second] = v;
      t.counted_at[it->second] = at;
    }
  }
  if (t.counted.empty()) {
    return Refused(absl::StatusCode::kFailedPrecondition, "NO_VOTES",
                   "no Change Board member has voted; nothing to tally");
  }

  // std::map keeps groups in PartyCategory order so the tally reads the same every time.
  std::map<PartyCategory, GroupTally> by_group;
  for (const Vote& v : t.counted) {
    GroupTally& g = by_group[v.voting_group];
    g.group = v.voting_group;
    switch (v.choice) {
      case VoteChoice::kApprove:
        ++g.approve;
        break;
      case VoteChoice::kReject:
        ++g.reject;
        break;
      case VoteChoice::kAbstain:
        ++g.abstain;
        break;
    }
  }
  for (auto& [group, g] : by_group) {
    g.view = ViewOf(g, rules);
    switch (g.view) {
      case GroupView::kApprove:
        ++t.groups_approving;
        break;
      case GroupView::kReject:
        ++t.groups_rejecting;
        break;
      case GroupView::kNone:
        ++t.groups_without_view;
        break;
    }
    t.groups.push_back(g);
  }
  // SPEC 3 in its own words; the second clause already follows from the first.
  t.approved = t.groups_approving > t.groups_rejecting && t.groups_approving >= 1;
  return t;
}

absl::StatusOr<Vote> CastAs(const Principal& who, absl::string_view member,
                            std::optional<PartyCategory> group, VoteChoice choice,
                            std::string reason) {
  if (!who.voting_group.has_value()) {
    return UnderRule(absl::FailedPreconditionError(absl::StrCat(
                         who.name,
                         " has no voting group in the tokens file (group=CATEGORY), so it cannot "
                         "vote")),
                     CitedRule::kVoteNotAMember);
  }
  if (!member.empty() && member != who.name) {
    return UnderRule(Refused(absl::StatusCode::kPermissionDenied, "NOT_THE_MEMBER",
                             absl::StrCat("vote.member: ", who.name,
                                          " votes only as itself, not as \"", member, "\""),
                             {{"member", who.name}}),
                     CitedRule::kVoteForAnother);
  }
  if (group.has_value() && *group != *who.voting_group) {
    return UnderRule(Refused(absl::StatusCode::kPermissionDenied, "NOT_THE_MEMBER",
                             absl::StrCat("vote.voting_group: ", who.name, " sits for ",
                                          CategoryCode(*who.voting_group), ", not ",
                                          CategoryCode(*group)),
                             {{"voting_group", CategoryCode(*who.voting_group)}}),
                     CitedRule::kVoteForAnother);
  }
  Vote v{who.name, *who.voting_group, choice, std::move(reason)};
  if (absl::Status s = ValidateVote(v); !s.ok()) return s;
  return v;
}

std::string TallyOutcome(const Tally& tally, LifecycleEvent event) {
  const char* words = event == LifecycleEvent::kChangeBoardRecommend
                          ? (tally.approved ? "recommends approval to the Authority"
                                            : "recommends rejection to the Authority")
                          : (tally.approved ? "approved" : "rejected");
  return absl::StrCat(words, ": ", tally.groups_approving, " group(s) approve, ",
                      tally.groups_rejecting, " reject, ", tally.groups_without_view,
                      " without a view");
}

absl::StatusOr<LifecycleEvent> TallyEvent(const Tally& tally, ModPath path) {
  switch (path) {
    case ModPath::kPath3:
      return tally.approved ? LifecycleEvent::kChangeBoardApprove
                            : LifecycleEvent::kChangeBoardReject;
    case ModPath::kPath1:
    case ModPath::kPath2:
      // The recommendation's direction is in the tally itself; the status only moves on.
      return LifecycleEvent::kChangeBoardRecommend;
    case ModPath::kUnset:
      break;
  }
  return absl::FailedPreconditionError(
      "the proposal has no path set, so a tally can neither decide (Path 3) nor recommend "
      "(Path 1/2)");
}

}  // namespace sec
