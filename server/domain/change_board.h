#ifndef SEC_DOMAIN_CHANGE_BOARD_H_
#define SEC_DOMAIN_CHANGE_BOARD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/lifecycle.h"
#include "domain/modification.h"
#include "domain/party.h"
#include "domain/principal.h"

namespace sec {

// Change Board votes on a Modification Report (SPEC 3).
enum class VoteChoice { kApprove, kReject, kAbstain };

const char* VoteChoiceCode(VoteChoice c);  // "APPROVE", "REJECT", "ABSTAIN"
bool ParseVoteChoice(absl::string_view code, VoteChoice* c);

struct Vote {
  std::string member;                                          // the Change Board member casting it
  PartyCategory voting_group = PartyCategory::kOtherSecParty;  // the category the member sits for
  VoteChoice choice = VoteChoice::kAbstain;
  std::string reason;
};

// Member and reason required; reason at most 2000 characters.
absl::Status ValidateVote(const Vote& v);

// A vote cast by `who`, a Change Board member: the member is the caller and the voting group
// the one its credentials name (SPEC 1), never anyone else. A request may repeat them
// (`member`, `group` as given; empty/unset: not given); naming another member or group is
// PERMISSION_DENIED (reason NOT_THE_MEMBER). A principal without a voting group in the tokens
// file cannot vote (FAILED_PRECONDITION).
absl::StatusOr<Vote> CastAs(const Principal& who, absl::string_view member,
                            std::optional<PartyCategory> group, VoteChoice choice,
                            std::string reason);

// [policy] How abstentions weigh. Default (false): as in most standing orders, an abstention is
// recorded but is not a vote cast, so a group's view is whichever of approve/reject has more
// votes. When true, abstentions count in the denominator: a view needs more than half of all
// votes including abstentions, so a group that mostly abstains has no view.
struct TallyRules {
  bool abstentions_count_as_cast = false;
};

enum class GroupView { kNone, kApprove, kReject };
const char* GroupViewCode(GroupView v);  // "NONE", "APPROVE", "REJECT"

struct GroupTally {
  PartyCategory group = PartyCategory::kOtherSecParty;
  int approve = 0;
  int reject = 0;
  int abstain = 0;
  GroupView view = GroupView::kNone;  // kNone on a tie, including when nobody in it voted
};

struct Tally {
  std::vector<GroupTally> groups;  // groups with at least one vote, in PartyCategory order
  std::vector<Vote> counted;       // the effective vote of each member, in first-cast order
  std::vector<size_t> counted_at;  // where each of `counted` is in the votes tallied
  int groups_approving = 0;
  int groups_rejecting = 0;
  int groups_without_view = 0;
  // More groups approve than reject, and at least one approves (SPEC 3).
  bool approved = false;
};

// Tallies votes in the order cast. A member may change their vote while it is open: the last
// vote of each member is the one counted (so the storage layer may pass the full vote log).
// INVALID_ARGUMENT for an invalid vote; FAILED_PRECONDITION when no vote was cast at all, since
// closing an empty vote would silently reject the proposal.
absl::StatusOr<Tally> TallyVotes(const std::vector<Vote>& votes,
                                 const TallyRules& rules = TallyRules());

// The lifecycle event a tally causes: on Path 3 the Board decides (approve/reject); on Path 1/2
// it recommends to the Authority. FAILED_PRECONDITION when the path is unset.
absl::StatusOr<LifecycleEvent> TallyEvent(const Tally& tally, ModPath path);

// The words the decision records: "approved: 2 group(s) approve, 1 reject, 0 without a view",
// or for Path 1/2 "recommends approval to the Authority: ...".
std::string TallyOutcome(const Tally& tally, LifecycleEvent event);

// A vote as cast and kept: every vote is kept, the tally counts each member's last.
struct RecordedVote {
  int64_t sequence = 0;  // allocated when stored
  std::string modification;
  int round = 1;
  Vote vote;
  Date day;
};

}  // namespace sec

#endif  // SEC_DOMAIN_CHANGE_BOARD_H_
