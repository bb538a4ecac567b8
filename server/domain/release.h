#ifndef SEC_DOMAIN_RELEASE_H_
#define SEC_DOMAIN_RELEASE_H_

// Releases of the SEC and the rules of implementing proposals in them (README "Releases"):
// the cut-off, who may change a release's scope and when, the appeal window, and what
// implementing a release requires.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/calendar.h"
#include "domain/dates.h"
#include "domain/decision.h"
#include "domain/modification.h"

namespace sec {

enum class ReleaseKind { kPlanned, kAdHoc };
const char* ReleaseKindCode(ReleaseKind k);  // "PLANNED", "AD_HOC"
bool ParseReleaseKind(absl::string_view code, ReleaseKind* k);

// What was done to a release. PLANNING and SCOPED are not stored: an open release is one or the
// other by the day (ReleaseStatusOn).
enum class ReleaseState { kOpen, kImplemented, kCancelled };
const char* ReleaseStateCode(ReleaseState s);  // "OPEN", "IMPLEMENTED", "CANCELLED"
bool ParseReleaseState(absl::string_view code, ReleaseState* s);

enum class ReleaseStatus { kPlanning, kScoped, kImplemented, kCancelled };

// [policy] The cut-off for inclusion: this many working days before the target date, unless the
// release says otherwise (1 to kMaxCutoffWorkingDays).
inline constexpr int kDefaultCutoffWorkingDays = 20;
inline constexpr int kMaxCutoffWorkingDays = 260;
// [policy] After the Change Board decides a Path 3 proposal, parties may appeal to the
// Authority for this many working days; the proposal is not implemented meanwhile.
inline constexpr int kAppealWorkingDays = 15;

struct Release {
  std::string id;  // "2017-06"
  ReleaseKind kind = ReleaseKind::kPlanned;
  Date target;
  int cutoff_working_days = kDefaultCutoffWorkingDays;
  Date cutoff;  // from the calendar when the release was planned
  ReleaseState state = ReleaseState::kOpen;
  std::string version;                     // the number it designated, once implemented
  std::vector<std::string> modifications;  // references, in reference order (from storage)
  std::string title;
  std::string comment;
  int64_t version_counter = 0;  // bumped on every write; the etag
  int64_t create_time_us = 0;
  int64_t update_time_us = 0;
};

// A proposal moved from one release to another (MoveModification), kept so the status report
// can show a release's slips.
struct ReleaseMove {
  std::string modification;  // "SECMP0034"
  std::string from;          // release ids
  std::string to;
  Date day;
  std::string authority_decision;  // when the scope rule needed one
};

// "2017-06", or "2017-06-" then lower-case letters, digits and '-' (at most 32 characters).
absl::Status ValidateReleaseId(absl::string_view id, absl::string_view field);

// A new release: the id's month is the target date's; the cut-off computed from the calendar.
// INVALID_ARGUMENT naming the field otherwise.
absl::StatusOr<Release> PlanRelease(std::string id, ReleaseKind kind, Date target,
                                    int cutoff_working_days, const WorkingDayCalendar& calendar);

// PLANNING until and on its cut-off day, SCOPED after; IMPLEMENTED and CANCELLED as recorded.
ReleaseStatus ReleaseStatusOn(const Release& r, Date day);

// Changing a release's scope on `day`: `leaving` (the release a proposal leaves, if any) and
// `joining` (the one it joins, if any) must be open (FAILED_PRECONDITION, NOT_OPEN), and when
// either is past its cut-off the change needs an Authority decision (FAILED_PRECONDITION,
// CUTOFF_PASSED, naming the release and its cut-off) unless `authority_decision` is given.
absl::Status CheckScopeChange(const Release* leaving, const Release* joining, Date day,
                              absl::string_view authority_decision);

// Only an APPROVED proposal joins a release (FAILED_PRECONDITION, EVENT_NOT_ALLOWED otherwise).
absl::Status CheckAssignable(const Modification& m);

// The last day of a Path 3 proposal's appeal window: kAppealWorkingDays working days after the
// Change Board's decision approving it (the latest CHANGE_BOARD_TALLY decision leaving it
// APPROVED among `decisions`). nullopt when it has none (other paths, or loaded as history).
std::optional<Date> AppealWindowEnd(const Modification& m, const std::vector<Decision>& decisions,
                                    const WorkingDayCalendar& calendar);

// A proposal implemented on `effective`: refused (FAILED_PRECONDITION, APPEAL_WINDOW_OPEN,
// naming the window's end) while its appeal window is open on that day.
absl::Status CheckAppealWindow(const Modification& m, const std::vector<Decision>& decisions,
                               Date effective, const WorkingDayCalendar& calendar);

// Implementing a release: open (NOT_OPEN), with at least one proposal (FAILED_PRECONDITION,
// EMPTY_RELEASE: cancel it instead).
absl::Status CheckImplementable(const Release& r);
// Cancelling a release: open, and empty (FAILED_PRECONDITION, RELEASE_NOT_EMPTY, naming them).
absl::Status CheckCancellable(const Release& r);

}  // namespace sec

#endif  // SEC_DOMAIN_RELEASE_H_
