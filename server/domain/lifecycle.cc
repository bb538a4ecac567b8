#include "domain/lifecycle.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/citations.h"
#include "domain/errors.h"

namespace sec {

namespace {

constexpr uint32_t Bit(ModStatus s) { return uint32_t{1} << static_cast<int>(s); }

// Where a row's event may start.
struct From {
  // When true the row applies from every status IsOpen() calls open, less `statuses`; when false
  // it applies from exactly `statuses`. Deferring to IsOpen keeps one definition of "open".
  bool any_open;
  uint32_t statuses;
};
constexpr From Only(uint32_t statuses) { return {false, statuses}; }
constexpr From AnyOpen() { return {true, 0}; }
constexpr From AnyOpenExcept(uint32_t statuses) { return {true, statuses}; }

// What the row does to the status.
enum class Effect {
  kGoTo,       // to `Rule::to`
  kSuspend,    // to SUSPENDED, remembering the current status
  kRestore,    // back to the status remembered at suspension
  kUnchanged,  // recorded in the history only (X2.3(d) referral)
};

// Conditions on the proposal beyond its status. Failing one is FAILED_PRECONDITION: the event
// is wrong for this proposal, whoever asks.
enum class Guard {
  kNone,
  kFastTrack,       // the Panel may approve outright only a fast-track proposal
  kSelfGovernance,  // Path 3: the Change Board decides
  kAuthorityPath,   // Path 1/2: the Change Board only recommends
};

// Who may cause the event. Either roles (any one suffices) or the proposer itself.
struct Who {
  bool proposer;
  Role roles[2];
  int role_count;
};
constexpr Who Roles(Role r) { return {false, {r, r}, 1}; }
constexpr Who Roles(Role a, Role b) { return {false, {a, b}, 2}; }
constexpr Who Proposer() { return {true, {Role::kParty, Role::kParty}, 0}; }

struct Rule {
  From from;
  LifecycleEvent event;
  Effect effect;
  ModStatus to;  // for kGoTo only
  Guard guard;
  Who who;
};

using S = ModStatus;
using E = LifecycleEvent;

// SPEC 2's transition table, one row per (event, destination). Raise is absent: it creates the
// proposal rather than moving one. Order is the order AllowedEvents lists events in.
constexpr Rule kRules[] = {
    {Only(Bit(S::kSubmitted)), E::kAcceptToRefinement, Effect::kGoTo, S::kRefinement, Guard::kNone,
     Roles(Role::kPanel)},
    {Only(Bit(S::kSubmitted)), E::kAcceptToReportPhase, Effect::kGoTo, S::kReportPhase,
     Guard::kNone, Roles(Role::kPanel)},
    {Only(Bit(S::kSubmitted)), E::kApproveFastTrack, Effect::kGoTo, S::kApproved, Guard::kFastTrack,
     Roles(Role::kPanel)},
    {Only(Bit(S::kRefinement)), E::kRefinementComplete, Effect::kGoTo, S::kReportPhase,
     Guard::kNone, Roles(Role::kPanel)},
    {Only(Bit(S::kRefinement) | Bit(S::kReportPhase)), E::kIssueConsultation, Effect::kGoTo,
     S::kConsultation, Guard::kNone, Roles(Role::kPanel, Role::kSecas)},
    // "Not before its deadline" is the consultation's rule: the caller checks the date, which
    // the lifecycle state does not carry.
    {Only(Bit(S::kConsultation)), E::kCloseConsultation, Effect::kGoTo, S::kChangeBoard,
     Guard::kNone, Roles(Role::kSecas)},
    {Only(Bit(S::kChangeBoard)), E::kChangeBoardApprove, Effect::kGoTo, S::kApproved,
     Guard::kSelfGovernance, Roles(Role::kChangeBoard)},
    {Only(Bit(S::kChangeBoard)), E::kChangeBoardReject, Effect::kGoTo, S::kRejected,
     Guard::kSelfGovernance, Roles(Role::kChangeBoard)},
    {Only(Bit(S::kChangeBoard)), E::kChangeBoardRecommend, Effect::kGoTo, S::kAwaitingAuthority,
     Guard::kAuthorityPath, Roles(Role::kChangeBoard)},
    {Only(Bit(S::kAwaitingAuthority)), E::kAuthorityApprove, Effect::kGoTo, S::kApproved,
     Guard::kNone, Roles(Role::kAuthority)},
    {Only(Bit(S::kAwaitingAuthority)), E::kAuthorityReject, Effect::kGoTo, S::kRejected,
     Guard::kNone, Roles(Role::kAuthority)},
    {Only(Bit(S::kAwaitingAuthority)), E::kAuthoritySendBack, Effect::kGoTo, S::kReportPhase,
     Guard::kNone, Roles(Role::kAuthority)},
    {Only(Bit(S::kApproved)), E::kImplement, Effect::kGoTo, S::kImplemented, Guard::kNone,
     Roles(Role::kSecas)},
    {AnyOpen(), E::kWithdraw, Effect::kGoTo, S::kWithdrawn, Guard::kNone, Proposer()},
    // Suspending a suspended proposal would overwrite the status it must return to.
    {AnyOpenExcept(Bit(S::kSuspended)), E::kSuspend, Effect::kSuspend, S::kSuspended, Guard::kNone,
     Roles(Role::kSecretaryOfState)},
    {Only(Bit(S::kSuspended)), E::kLiftSuspension, Effect::kRestore, S::kSuspended, Guard::kNone,
     Roles(Role::kSecretaryOfState)},
    {AnyOpen(), E::kCancel, Effect::kGoTo, S::kCancelled, Guard::kNone,
     Roles(Role::kSecretaryOfState)},
    // The Panel decides to refer (SECMP0031/0032); the Secretary of State then directs, or not.
    {AnyOpen(), E::kReferToSecretaryOfState, Effect::kUnchanged, S::kSubmitted, Guard::kNone,
     Roles(Role::kPanel)},
};

struct EventName {
  LifecycleEvent event;
  const char* name;
};
constexpr EventName kEventNames[] = {
    {E::kAcceptToRefinement, "accept_to_refinement"},
    {E::kAcceptToReportPhase, "accept_to_report_phase"},
    {E::kApproveFastTrack, "approve_fast_track"},
    {E::kRefinementComplete, "refinement_complete"},
    {E::kIssueConsultation, "issue_consultation"},
    {E::kCloseConsultation, "close_consultation"},
    {E::kChangeBoardApprove, "change_board_approve"},
    {E::kChangeBoardReject, "change_board_reject"},
    {E::kChangeBoardRecommend, "change_board_recommend"},
    {E::kAuthorityApprove, "authority_approve"},
    {E::kAuthorityReject, "authority_reject"},
    {E::kAuthoritySendBack, "authority_send_back"},
    {E::kImplement, "implement"},
    {E::kWithdraw, "withdraw"},
    {E::kSuspend, "suspend"},
    {E::kLiftSuspension, "lift_suspension"},
    {E::kCancel, "cancel"},
    {E::kReferToSecretaryOfState, "refer_to_secretary_of_state"},
};

struct EventDecision {
  LifecycleEvent event;
  const char* kind;
};
constexpr EventDecision kDecisionKinds[] = {
    {E::kAcceptToRefinement, "IMR_ACCEPTED"},
    {E::kAcceptToReportPhase, "IMR_ACCEPTED"},
    {E::kApproveFastTrack, "FAST_TRACK_APPROVED"},
    {E::kRefinementComplete, "REFINEMENT_COMPLETE"},
    {E::kIssueConsultation, "CONSULTATION_ISSUED"},
    {E::kCloseConsultation, "CONSULTATION_CLOSED"},
    {E::kChangeBoardApprove, "CHANGE_BOARD_TALLY"},
    {E::kChangeBoardReject, "CHANGE_BOARD_TALLY"},
    {E::kChangeBoardRecommend, "CHANGE_BOARD_TALLY"},
    {E::kAuthorityApprove, "AUTHORITY_APPROVE"},
    {E::kAuthorityReject, "AUTHORITY_REJECT"},
    {E::kAuthoritySendBack, "AUTHORITY_SEND_BACK"},
    {E::kImplement, "IMPLEMENTED"},
    {E::kWithdraw, "WITHDRAWN"},
    {E::kSuspend, "DIRECTION_SUSPEND"},
    {E::kLiftSuspension, "DIRECTION_LIFT_SUSPENSION"},
    {E::kCancel, "DIRECTION_CANCEL"},
    {E::kReferToSecretaryOfState, "REFERRAL"},
};

bool StartsFrom(const From& from, ModStatus s) {
  if (from.any_open) return IsOpen(s) && (from.statuses & Bit(s)) == 0;
  return (from.statuses & Bit(s)) != 0;
}

bool GuardHolds(Guard g, const LifecycleState& state) {
  switch (g) {
    case Guard::kNone:
      return true;
    case Guard::kFastTrack:
      return state.fast_track;
    case Guard::kSelfGovernance:
      return state.path == ModPath::kPath3;
    case Guard::kAuthorityPath:
      return state.path == ModPath::kPath1 || state.path == ModPath::kPath2;
  }
  return false;
}

std::string PathWords(ModPath p) {
  return p == ModPath::kUnset ? std::string("no path set") : absl::StrCat("path ", PathCode(p));
}

// Why a guard refused, in words a Panel secretary would recognise.
std::string GuardRefusal(Guard g, const LifecycleState& state) {
  switch (g) {
    case Guard::kNone:
      return "";
    case Guard::kFastTrack:
      return "the proposal is not fast-track, so the Panel cannot approve it outright";
    case Guard::kSelfGovernance:
      return absl::StrCat(
          "the Change Board decides only Path 3 (Self-Governance) proposals and this one has ",
          PathWords(state.path), "; a Path 1/2 tally is a recommendation (change_board_recommend)");
    case Guard::kAuthorityPath:
      return absl::StrCat(
          "a recommendation to the Authority is for Path 1 or Path 2 proposals and this one has ",
          PathWords(state.path),
          "; a Path 3 tally decides (change_board_approve or change_board_reject)");
  }
  return "";
}

std::string DescribeStatus(const LifecycleState& state) {
  std::string out = absl::StrCat(StatusCode(state.status), " (", StatusTitle(state.status));
  if (state.status == ModStatus::kSuspended && state.suspended_from.has_value()) {
    absl::StrAppend(&out, ", suspended from ", StatusTitle(*state.suspended_from));
  }
  absl::StrAppend(&out, ")");
  return out;
}

std::string AllowedList(const LifecycleState& state) {
  std::vector<LifecycleEvent> allowed = AllowedEvents(state);
  if (allowed.empty()) return "none: the proposal is closed";
  return absl::StrJoin(allowed, ", ", [](std::string* out, LifecycleEvent e) {
    out->append(LifecycleEventName(e));
  });
}

bool Permits(const Who& who, const LifecycleState& state, const Principal& p) {
  if (who.proposer) return p.ActsFor(state.proposer);
  for (int i = 0; i < who.role_count; ++i) {
    if (p.Has(who.roles[i])) return true;
  }
  return false;
}

std::string WhoNeeded(const Who& who, const LifecycleState& state) {
  if (who.proposer) {
    return absl::StrCat("only the proposer (party \"", state.proposer, "\") may do this");
  }
  std::vector<const char*> names;
  for (int i = 0; i < who.role_count; ++i) names.push_back(RoleName(who.roles[i]));
  return absl::StrCat("requires the ", absl::StrJoin(names, " or "), " role");
}

absl::Status PermissionDenied(LifecycleEvent event, const Who& who, const LifecycleState& state,
                              const Principal& p) {
  return Refused(absl::StatusCode::kPermissionDenied,
                 who.proposer ? "NOT_PROPOSER" : "ROLE_REQUIRED",
                 absl::StrCat(LifecycleEventName(event), ": ", WhoNeeded(who, state), "; \"",
                              p.name, "\" does not qualify"),
                 {{"event", LifecycleEventName(event)}, {"principal", p.name}});
}

// FAILED_PRECONDITION naming the current status and the events allowed from it.
absl::Status NotAllowed(const LifecycleState& state, absl::string_view what) {
  return Refused(absl::StatusCode::kFailedPrecondition, "EVENT_NOT_ALLOWED",
                 absl::StrCat(what, "; the proposal is ", DescribeStatus(state),
                              "; allowed from there: ", AllowedList(state)),
                 {{"status", StatusCode(state.status)}, {"allowed_events", AllowedList(state)}});
}

const Rule* FirstRule(LifecycleEvent event) {
  for (const Rule& r : kRules) {
    if (r.event == event) return &r;
  }
  return nullptr;
}

}  // namespace

const char* LifecycleEventName(LifecycleEvent e) {
  for (const auto& n : kEventNames) {
    if (n.event == e) return n.name;
  }
  return "unknown";
}

LifecycleState StateOf(const Modification& m) {
  LifecycleState s{m.status, m.suspended_from, m.fast_track, m.path, m.proposer, m.date_raised};
  if (m.last_event_date.has_value() && *m.last_event_date > m.date_raised) {
    s.latest_event = *m.last_event_date;
  }
  return s;
}

absl::Status CheckTimeline(const LifecycleState& state, Date day, absl::string_view what) {
  if (!state.latest_event.has_value() || day >= *state.latest_event) return absl::OkStatus();
  return UnderRule(
      Refused(absl::StatusCode::kFailedPrecondition, "TIMELINE_ORDER",
              absl::StrCat(what, " dated ", FormatDate(day),
                           " would come before the proposal's latest event, dated ",
                           FormatDate(*state.latest_event),
                           "; a proposal's history is recorded in date order"),
              {{"latest_event_date", FormatDate(*state.latest_event)}}),
      CitedRule::kTimelineOrder);
}

absl::Status RequireStatus(const LifecycleState& state, ModStatus status,
                           absl::string_view action) {
  if (state.status == status) return absl::OkStatus();
  return NotAllowed(state, absl::StrCat(action, " is possible only while the proposal is ",
                                        StatusCode(status), " (", StatusTitle(status), ")"));
}

RoleSet EventRoles(LifecycleEvent event) {
  const Rule* r = FirstRule(event);
  if (r == nullptr) return RoleSet();
  if (r->who.proposer) return RoleSet{Role::kParty};
  RoleSet roles;
  for (int i = 0; i < r->who.role_count; ++i) roles = roles.With(r->who.roles[i]);
  return roles;
}

const char* DecisionKind(LifecycleEvent event) {
  for (const EventDecision& d : kDecisionKinds) {
    if (d.event == event) return d.kind;
  }
  return "UNKNOWN";
}

std::vector<LifecycleEvent> AllowedEvents(const LifecycleState& state) {
  std::vector<LifecycleEvent> out;
  for (const Rule& r : kRules) {
    if (StartsFrom(r.from, state.status) && GuardHolds(r.guard, state)) out.push_back(r.event);
  }
  return out;
}

absl::StatusOr<Transition> DecideEvent(const LifecycleState& state, LifecycleEvent event,
                                       const Principal& who, std::optional<Date> day) {
  // Rows for this event. Every row of one event names the same "who" in SPEC 2, but looking it up
  // per row keeps that a property of the table rather than of this function.
  const Rule* from_status = nullptr;  // a row that starts from the current status
  const Rule* any_row = nullptr;
  for (const Rule& r : kRules) {
    if (r.event != event) continue;
    if (any_row == nullptr) any_row = &r;
    if (from_status == nullptr && StartsFrom(r.from, state.status)) from_status = &r;
  }
  if (any_row == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown lifecycle event ", static_cast<int>(event)));
  }

  // Permission before state: a caller who may never cause this event learns nothing from being
  // told which status the proposal is in, and gets the same answer whatever that status is.
  const Rule& authority = from_status != nullptr ? *from_status : *any_row;
  if (!Permits(authority.who, state, who)) {
    return UnderRule(PermissionDenied(event, authority.who, state, who), EventRule(event));
  }

  if (from_status == nullptr) {
    return UnderRule(
        NotAllowed(state, absl::StrCat(LifecycleEventName(event), " is not allowed")),
        EventRule(event));
  }
  const Rule& rule = *from_status;
  if (!GuardHolds(rule.guard, state)) {
    return UnderRule(NotAllowed(state, absl::StrCat(LifecycleEventName(event), " is not allowed: ",
                                                    GuardRefusal(rule.guard, state))),
                     EventRule(event));
  }
  if (day.has_value()) {
    if (absl::Status s = CheckTimeline(state, *day, LifecycleEventName(event)); !s.ok()) return s;
  }

  switch (rule.effect) {
    case Effect::kGoTo:
      return Transition{rule.to, std::nullopt};
    case Effect::kSuspend:
      return Transition{ModStatus::kSuspended, state.status};
    case Effect::kUnchanged:
      return Transition{state.status, state.suspended_from};
    case Effect::kRestore:
      if (!state.suspended_from.has_value()) {
        // Only reachable from inconsistent stored data; do not guess where it was.
        return absl::FailedPreconditionError(absl::StrCat(
            LifecycleEventName(event),
            ": the proposal is SUSPENDED but does not record the status it was suspended from"));
      }
      return Transition{*state.suspended_from, std::nullopt};
  }
  return absl::InternalError("unhandled lifecycle effect");
}

}  // namespace sec
