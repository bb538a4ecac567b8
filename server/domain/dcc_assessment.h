#ifndef SEC_DOMAIN_DCC_ASSESSMENT_H_
#define SEC_DOMAIN_DCC_ASSESSMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/calendar.h"
#include "domain/dates.h"

namespace sec {

// DCC Preliminary and Impact Assessments of a proposal (SECMP0034): requested, progressed,
// delivered; late ones are reported to the Panel.

enum class AssessmentKind { kPreliminary, kImpact };
const char* AssessmentKindCode(AssessmentKind k);  // "PRELIMINARY", "IMPACT"
bool ParseAssessmentKind(absl::string_view code, AssessmentKind* k);

enum class AssessmentState { kRequested, kInProgress, kDelivered };
const char* AssessmentStateCode(AssessmentState s);  // "REQUESTED", "IN_PROGRESS", "DELIVERED"
bool ParseAssessmentState(absl::string_view code, AssessmentState* s);

// [policy] Standard delivery timescales in working days after the request date.
struct AssessmentTimescales {
  int preliminary_working_days = 10;
  int impact_working_days = 30;
};
// Each at least 1.
absl::Status ValidateTimescales(const AssessmentTimescales& t);
int StandardWorkingDays(const AssessmentTimescales& t, AssessmentKind kind);

struct ProgressUpdate {
  Date date;
  std::string note;
};

struct DccAssessment {
  std::string modification;  // "SECMP0034"
  AssessmentKind kind = AssessmentKind::kPreliminary;
  Date requested_on;
  Date due_on;
  bool due_explicit = false;  // set by the Panel rather than from the standard timescale
  AssessmentState state = AssessmentState::kRequested;
  std::vector<ProgressUpdate> updates;  // in date order
  std::optional<Date> delivered_on;
};

// The standard due date: the n-th working day after `requested_on` (the request day not counted).
Date StandardDueDate(AssessmentKind kind, Date requested_on, const WorkingDayCalendar& calendar,
                     const AssessmentTimescales& timescales);

// A new request. `explicit_due`, when given, overrides the standard timescale and must not be
// before the request date. INVALID_ARGUMENT for a bad reference or date.
absl::StatusOr<DccAssessment> RequestAssessment(absl::string_view modification, AssessmentKind kind,
                                                Date requested_on, std::optional<Date> explicit_due,
                                                const WorkingDayCalendar& calendar,
                                                const AssessmentTimescales& timescales);

// REQUESTED or IN_PROGRESS -> IN_PROGRESS, appending the update. Refused once DELIVERED
// (FAILED_PRECONDITION); a date before the request or the last update, or an empty note, is
// INVALID_ARGUMENT.
absl::StatusOr<DccAssessment> RecordProgress(const DccAssessment& a, Date date,
                                             absl::string_view note);

// REQUESTED or IN_PROGRESS -> DELIVERED on `date` (not before the request or the last update).
absl::StatusOr<DccAssessment> Deliver(const DccAssessment& a, Date date);

// Overdue on `on`: past its due date and not delivered by `on`. Due on the due date itself.
bool IsOverdue(const DccAssessment& a, Date on);
// Delivered after its due date.
bool DeliveredLate(const DccAssessment& a);
// Working days past due as of `on` (or as of delivery, if delivered by then); 0 when not late.
int WorkingDaysLate(const DccAssessment& a, Date on, const WorkingDayCalendar& calendar);

// --- The guard: a proposal does not go to consultation or to a vote without its assessments --
//
// While an assessment of a proposal is requested and not delivered (REQUESTED or IN_PROGRESS),
// and the Panel has not waived it, the proposal's Modification Report Consultation is not
// issued and its Change Board neither votes nor tallies. A delivered assessment, or a waived
// one, holds nothing up.

// An assessment with its number ("assessments/7").
struct NumberedAssessment {
  int64_t id = 0;
  DccAssessment assessment;
};

// The Panel's decision to go ahead without an assessment.
struct AssessmentWaiver {
  int64_t assessment_id = 0;
  std::string modification;  // "SECMP0034"
  Date day;                  // the Panel meeting's date
  std::string reason;
  int64_t decision_id = 0;  // the Decision that records it
};

// The assessments that hold the proposal up: requested or in progress, and not waived; in the
// order given.
std::vector<NumberedAssessment> OutstandingAssessments(
    const std::vector<NumberedAssessment>& assessments,
    const std::vector<AssessmentWaiver>& waivers);

// OK when nothing is outstanding; else FAILED_PRECONDITION, reason ASSESSMENT_OUTSTANDING
// (metadata: assessments, the names, comma-separated), whose message says that `act` (e.g. "a
// Modification Report Consultation cannot be issued") and names each outstanding assessment:
// "the DCC Impact Assessment requested on 2017-03-01 (assessments/7) is not delivered".
absl::Status CheckNoAssessmentOutstanding(absl::string_view act,
                                          const std::vector<NumberedAssessment>& assessments,
                                          const std::vector<AssessmentWaiver>& waivers);

// Whether the Panel may waive `a`: it must be outstanding (delivered, or waived already:
// FAILED_PRECONDITION), and the reason is required (INVALID_ARGUMENT, field "reason").
absl::Status CheckWaivable(const NumberedAssessment& a,
                           const std::vector<AssessmentWaiver>& waivers, absl::string_view reason);

}  // namespace sec

#endif  // SEC_DOMAIN_DCC_ASSESSMENT_H_
