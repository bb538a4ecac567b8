#ifndef SEC_SERVICE_GOVERNANCE_SERVICE_INTERNAL_H_
#define SEC_SERVICE_GOVERNANCE_SERVICE_INTERNAL_H_

// Steps the governance handlers (governance_*.cc) share; defined in governance_meetings.cc.

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/calendar.h"
#include "domain/dates.h"
#include "domain/legal_text.h"
#include "domain/lifecycle.h"
#include "domain/meeting.h"
#include "domain/modification.h"
#include "domain/release.h"
#include "domain/sec_version.h"
#include "sec/v1/governance.pb.h"
#include "sec/v1/register.pb.h"
#include "service/call.h"
#include "storage/governance_store.h"
#include "storage/store.h"

namespace sec::service {

// What one lifecycle step did: the proposal before and after.
struct Moved {
  v1::Modification before;
  Modification after;
};

// Moves a proposal by one event of the lifecycle table: DecideEvent (the only place that
// decides: roles, status, guards, and that the timeline stays ordered), a version-checked
// update, and a history event whose status is the new status and whose effective date is the
// business date of the decision. `path` is set when the Panel accepts an IMR.
absl::StatusOr<Moved> ApplyEvent(const Call& call, storage::Tx& tx, const std::string& reference,
                                 LifecycleEvent event, Date day, const std::string& note,
                                 std::optional<ModPath> path = std::nullopt);

// Changes what a proposal holds without moving it through the lifecycle (its release, its
// outstanding DCC assessments): `change` on the stored proposal, a version-checked update, and a
// history event of `kind` dated `day` that records no status (so the status report's history of
// statuses is untouched) and does not move the proposal's latest event date.
absl::StatusOr<Moved> ChangeProposal(const Call& call, storage::Tx& tx,
                                     const std::string& reference, Date day, std::string kind,
                                     std::string note,
                                     absl::FunctionRef<void(Modification&)> change);

// Designates `v` and implements each proposal it names (APPROVED -> IMPLEMENTED, effective the
// day it takes effect), in the caller's transaction: refused for a proposal inside its appeal
// window, or assigned to a release other than `release` (a proposal in a release is implemented
// with it: ImplementRelease).
absl::Status DesignateAndImplement(const Call& call, storage::Tx& tx, const SecVersion& v,
                                   const Release* release);

// The latest redlines of the proposals that hold one (open or approved; in `release` when
// given), for conflicts (text_handlers.cc).
absl::StatusOr<std::vector<RedlineRevision>> OpenRedlines(storage::Tx& tx,
                                                          const std::string& release);
// Applies the redlines of the proposals `v` implements to make its text (domain Consolidate),
// in the designation's transaction: refused on a conflict or a stale base.
absl::Status ConsolidateText(storage::Tx& tx, const SecVersion& v, int64_t now_us);

// Records the decision an event took (its kind from the lifecycle table) against the moved
// proposal.
absl::StatusOr<v1::Decision> RecordDecision(const Call& call, storage::Tx& tx,
                                            const std::string& meeting, const Modification& m,
                                            LifecycleEvent event, std::string outcome,
                                            std::string reasons, std::string reference, Date day,
                                            std::vector<TimetableEntry> timetable = {});

// The latest consultation of a proposal; NOT_FOUND naming it when none was issued.
absl::StatusOr<Consultation> LoadConsultation(storage::Tx& tx, const std::string& ref);
// Votes belong to the Change Board stage that followed the latest consultation.
absl::StatusOr<int> CurrentRound(storage::Tx& tx, const std::string& ref);
// Records in the proposal's history that `act`, dated `day`, happened to it (a vote, a
// consultation response), with the status it leaves the proposal in (SPEC 3: part of its
// record): refused when it would run its timeline backwards.
absl::Status RecordInHistory(Call& call, storage::Tx& tx, const Modification& m, Date day,
                             absl::string_view what, std::string kind,
                             const google::protobuf::Message& act, std::string note = "");

// The Panel meeting ("meetings/panel-42", request field `meeting`) a Panel decision is taken at,
// which dates it: INVALID_ARGUMENT when it is another body's.
absl::StatusOr<Meeting> PanelMeeting(storage::Tx& tx, const std::string& name);

// A request's timetable entries ("timetable[2].target_date" named in errors).
absl::StatusOr<std::vector<TimetableEntry>> ParseTimetable(
    const google::protobuf::RepeatedPtrField<v1::TimetableEntry>& in);

// The DCC-assessment guard (domain CheckNoAssessmentOutstanding) on the proposal's stored
// assessments and waivers: FAILED_PRECONDITION, reason ASSESSMENT_OUTSTANDING, prefixed with
// the reference, unless each assessment is delivered or waived. `act` says what is refused.
absl::Status CheckAssessmentsSettled(storage::Tx& tx, const std::string& ref,
                                     absl::string_view act);

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_SERVICE_INTERNAL_H_
