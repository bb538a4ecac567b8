#ifndef SEC_DOMAIN_MODIFICATION_H_
#define SEC_DOMAIN_MODIFICATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/impact.h"
#include "domain/list_filter.h"
#include "domain/principal.h"

namespace sec {

// Register statuses (SPEC 2). Stored and sent by their upper-case names.
enum class ModStatus {
  kSubmitted,
  kRefinement,
  kReportPhase,
  kConsultation,
  kChangeBoard,
  kAwaitingAuthority,
  kApproved,
  kRejected,
  kImplemented,
  kWithdrawn,
  kCancelled,
  kSuspended,
};

enum class ModPath { kUnset, kPath1, kPath2, kPath3 };

// "SUBMITTED", "REFINEMENT", ... (the wire and storage name).
const char* StatusCode(ModStatus s);
// The register's own words: "Modification Proposal Submitted", "Refinement", ...
const char* StatusTitle(ModStatus s);
bool ParseStatus(absl::string_view code, ModStatus* s);
// Every status, in the register's order.
std::vector<ModStatus> AllStatuses();
// Open: not APPROVED, REJECTED, IMPLEMENTED, WITHDRAWN or CANCELLED (SUSPENDED is open).
bool IsOpen(ModStatus s);
// When a ListModifications filter says nothing but `status` and `open` terms (or is empty),
// the statuses whose proposals it matches: the listing's total is then the sum of those
// statuses' tallies. nullopt when it filters on anything else.
std::optional<std::vector<ModStatus>> StatusesMatching(const std::vector<FilterTerm>& filter);

const char* PathCode(ModPath p);  // "PATH_1", ... ; "" for kUnset
bool ParsePath(absl::string_view code, ModPath* p);

// "SECMP0034" <-> 34. References are SECMP followed by exactly four digits.
std::string FormatReference(int number);
absl::StatusOr<int> ParseReference(absl::string_view reference);

struct Modification {
  std::string reference;  // SECMP0034
  std::string title;
  std::string proposer;   // party id
  Date date_raised;
  ModStatus status = ModStatus::kSubmitted;
  std::optional<ModStatus> suspended_from;  // set while SUSPENDED
  ModPath path = ModPath::kUnset;
  bool fast_track = false;
  bool urgent = false;
  std::vector<std::string> sections;          // "D", "G7.6-7.12"
  std::string problem_statement;
  std::vector<std::string> intended_changes;  // bullet points
  std::string comment;                        // e.g. why a date is assumed
  std::vector<Impact> impacts;                // one per category graded, in category order
  // The date of its latest event (unset: none since the raise). Its timeline stays ordered.
  std::optional<Date> last_event_date;
  std::string release;                        // "2017-06", once assigned (ReleaseService)
  // DCC assessments requested and not yet delivered (kept by the assessment writes).
  int dcc_outstanding = 0;
  int64_t version = 0;                        // bumped on every write; the etag
  int64_t create_time_us = 0;
  int64_t update_time_us = 0;
};

// Who a proposal waits on, derived from its status and its open items (register.proto's
// WaitingOn table); kNobody once it is closed.
enum class WaitingOn { kNobody, kSecas, kPanel, kDcc, kChangeBoard, kAuthority, kSecretaryOfState };
WaitingOn WaitingOnOf(const Modification& m);
// "SECAS", "PANEL", "DCC", "CHANGE_BOARD", "AUTHORITY", "SECRETARY_OF_STATE"; "" for kNobody.
const char* WaitingOnCode(WaitingOn w);
bool ParseWaitingOn(absl::string_view code, WaitingOn* w);
// The codes of every body a proposal can wait on (not kNobody), for the register's filter.
std::vector<std::string> WaitingOnCodes();

// Validates the fields a proposer supplies (title, sections, text sizes).
absl::Status ValidateModificationText(const Modification& m);

// The reference of the n-th proposal raised: RESOURCE_EXHAUSTED past SECMP9999.
absl::StatusOr<std::string> NthReference(int64_t n);

// What a raise may give besides its text: a party raises with the next reference, today, as
// SUBMITTED; only SECAS, loading history, gives a reference, a date raised, an initial status
// or a path (PERMISSION_DENIED otherwise), and no proposal is loaded SUSPENDED (it would have no
// status to return to).
struct RaiseHistory {
  bool reference = false;
  bool date_raised = false;
  std::optional<ModStatus> status;
  bool path = false;
};
absl::Status CheckRaise(const Principal& who, const RaiseHistory& given);

// Who may change a proposal's text: its proposer, or SECAS (PERMISSION_DENIED, NOT_PROPOSER),
// and only while it is open (FAILED_PRECONDITION, NOT_OPEN).
absl::Status CheckMayEdit(const Modification& m, const Principal& who);
// A proposal's redline counts (for conflicts) while it is open or APPROVED and not yet
// implemented. Its proposer or SECAS may rebase it then (CheckMayEdit's refusals otherwise);
// its text changes only while it is open (SetRedline: CheckMayEdit).
bool HoldsRedline(const Modification& m);
absl::Status CheckMayRebase(const Modification& m, const Principal& who);
// Only an open proposal changes (FAILED_PRECONDITION, NOT_OPEN): its text, its impacts.
absl::Status CheckOpen(const Modification& m);

}  // namespace sec

#endif  // SEC_DOMAIN_MODIFICATION_H_
