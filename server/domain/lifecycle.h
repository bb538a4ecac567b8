#ifndef SEC_DOMAIN_LIFECYCLE_H_
#define SEC_DOMAIN_LIFECYCLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/authorization.h"
#include "domain/dates.h"
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
  // The date of its latest event (its raise, at least): nothing is recorded before it.
  std::optional<Date> latest_event;
};

// What the rules need of a stored proposal.
LifecycleState StateOf(const Modification& m);

struct Transition {
  ModStatus to;
  std::optional<ModStatus> suspended_from;  // what SUSPENDED remembers; empty otherwise
};

// The one function deciding an event. Allowed -> the new status. Not allowed ->
// FAILED_PRECONDITION naming the current status and the events allowed from it (reason
// EVENT_NOT_ALLOWED); a principal without the role the table names -> PERMISSION_DENIED
// (ROLE_REQUIRED), or for withdraw, one that is not the proposer (NOT_PROPOSER). With `day`,
// an event dated before the proposal's latest event is FAILED_PRECONDITION (TIMELINE_ORDER):
// a proposal's timeline stays ordered.
absl::StatusOr<Transition> DecideEvent(const LifecycleState& state, LifecycleEvent event,
                                       const Principal& who,
                                       std::optional<Date> day = std::nullopt);

// The timeline rule alone, for what is recorded against a proposal without moving it (a vote,
// a consultation response, an update): `day` not before `state.latest_event`.
absl::Status CheckTimeline(const LifecycleState& state, Date day, absl::string_view what);

// An action possible only while the proposal is in `status` (a vote while it is at the Change
// Board): FAILED_PRECONDITION naming the current status and the events allowed from it.
absl::Status RequireStatus(const LifecycleState& state, ModStatus status, absl::string_view action);

// The roles that may cause the event (its row of the table); PARTY for the proposer's events.
RoleSet EventRoles(LifecycleEvent event);
// The kind of decision an event records ("IMR_ACCEPTED", "AUTHORITY_SEND_BACK", ...).
const char* DecisionKind(LifecycleEvent event);

// Events allowed from a status (ignoring roles), for messages and for clients.
std::vector<LifecycleEvent> AllowedEvents(const LifecycleState& state);

}  // namespace sec

#endif  // SEC_DOMAIN_LIFECYCLE_H_
