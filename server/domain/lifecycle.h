#ifndef SEC_DOMAIN_LIFECYCLE_H_
#define SEC_DOMAIN_LIFECYCLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/modification.h"
#include "domain/principal.h"

namespace sec {

// Every event of SPEC 2's transition table. Raise is not here: it creates the proposal.
enum class LifecycleEvent {
  kAcceptToRefinement,    // Panel accepts IMR, sends to refinement (sets path)
  kAcceptToReportPhase,   // Panel accepts IMR, straight to report phase (sets path)
  kApproveFastTrack,      // Panel approves a fast-track proposal
  kRefinementComplete,
  kIssueConsultation,
  kCloseConsultation,
  kChangeBoardApprove,    // tally, Path 3
  kChangeBoardReject,     // tally, Path 3
  kChangeBoardRecommend,  // tally, Path 1/2: goes to the Authority
  kAuthorityApprove,
  kAuthorityReject,
  kAuthoritySendBack,
  kImplement,             // included in a designated SEC version that took effect
  kWithdraw,
  kSuspend,
  kLiftSuspension,
  kCancel,
  kReferToSecretaryOfState,  // X2.3(d) referral: recorded, status unchanged
};

// Stable lower_snake name used as the history event kind ("withdraw", "suspend", ...).
const char* LifecycleEventName(LifecycleEvent e);

// What the rules need to know about a proposal.
struct LifecycleState {
  ModStatus status = ModStatus::kSubmitted;
  std::optional<ModStatus> suspended_from;
  bool fast_track = false;
  ModPath path = ModPath::kUnset;
  std::string proposer;
};

struct Transition {
  ModStatus to;
  std::optional<ModStatus> suspended_from;  // what SUSPENDED remembers; empty otherwise
};

// The one function deciding an event. Allowed -> the new status. Not allowed ->
// FAILED_PRECONDITION naming the current status and the events allowed from it; a principal
// without the role the table names (or, for withdraw, not the proposer) -> PERMISSION_DENIED.
absl::StatusOr<Transition> DecideEvent(const LifecycleState& state, LifecycleEvent event,
                                       const Principal& who);

// Events allowed from a status (ignoring roles), for messages and for clients.
std::vector<LifecycleEvent> AllowedEvents(const LifecycleState& state);

}  // namespace sec

#endif  // SEC_DOMAIN_LIFECYCLE_H_
