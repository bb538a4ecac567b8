#ifndef SEC_DOMAIN_FORECAST_H_
#define SEC_DOMAIN_FORECAST_H_

// The release forecast (README "Forecast"): from an open proposal's status, its stages'
// planned ends, the DCC assessments holding it up and the release calendar, the earliest
// release it can land in; run again with one assessment late, which proposals slip.

#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/dates.h"
#include "domain/modification.h"
#include "domain/release.h"
#include "domain/timetable.h"

namespace sec {

// [policy] Working days a stage takes when no timetable plans its end.
struct StageDurations {
  int submitted = 10;           // to the Panel's decision on the Initial Modification Report
  int refinement = 40;          // the Working Group
  int report_phase = 15;        // the Modification Report
  int consultation = 15;        // the Modification Report Consultation
  int change_board = 10;        // to the tally
  int awaiting_authority = 25;  // to the Authority's decision
};
int StandardWorkingDays(const StageDurations& d, ModStatus stage);

struct ForecastProposal {
  std::string reference;
  ModStatus status = ModStatus::kSubmitted;
  ModPath path = ModPath::kUnset;
  std::string release;           // assigned, once APPROVED
  std::vector<StagePlan> plans;  // domain/timetable.h PlanStages
  // When each DCC assessment holding it up (requested, not delivered, not waived) is expected:
  // its due date, or later when the scenario makes it late.
  std::vector<Date> assessments_due;
};

struct Landing {
  std::string reference;
  std::optional<Date> approval;       // when it is expected to be APPROVED (or was)
  std::optional<Date> implementable;  // the first day a version may implement it
  std::string release;                // the earliest release it can land in; "" when none
  std::string note;                   // why, when there is no release or no forecast
};

// The stages still ahead of `status` on the way to APPROVED, in order: a proposal not yet past
// its IMR is assumed to go through refinement, and one without a path through the Authority
// (the longer way) unless it is Path 3.
std::vector<ModStatus> StagesAhead(ModStatus status, ModPath path);

// Where one proposal lands, as of `as_of`:
// - each stage ends on its expected end (ExpectedEnd of its plan) when that is after the
//   previous stage's end, else that end plus its standard working days; the current stage
//   ends no earlier than `as_of`;
// - an outstanding DCC assessment holds the stages the guard stops (the report phase, which
//   ends by issuing the consultation, and the Change Board's vote) until it is due;
// - a Path 3 proposal is implementable the day after its appeal window (kAppealWorkingDays
//   after approval), others the day they are approved;
// - it lands in its assigned release, or else the first open release (by target date) whose
//   cut-off is on or after its approval (and not before `as_of`) and whose target is on or
//   after the day it is implementable. SUSPENDED proposals are not forecast.
Landing ForecastLanding(const ForecastProposal& p, const std::vector<Release>& releases, Date as_of,
                        const WorkingDayCalendar& calendar,
                        const StageDurations& durations = StageDurations());

}  // namespace sec

#endif  // SEC_DOMAIN_FORECAST_H_
