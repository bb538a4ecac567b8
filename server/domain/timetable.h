#ifndef SEC_DOMAIN_TIMETABLE_H_
#define SEC_DOMAIN_TIMETABLE_H_

// A proposal's stages and their timetable (README "Timetables"): how long it spent in each
// status, what the Panel planned for each, and whether it finished on time. Computed from the
// status history and the decisions' timetables, never typed.

#include <optional>
#include <vector>

#include "domain/dates.h"
#include "domain/decision.h"
#include "domain/modification.h"
#include "domain/status_report.h"

namespace sec {

// A stretch of a proposal's life in one status: from the change that put it there to the one
// that moved it on (none while it is still there).
struct Stage {
  ModStatus status = ModStatus::kSubmitted;
  Date start;
  std::optional<Date> end;
};

// The stages of a proposal raised on `raised` with `history` (its status changes; same-day
// changes apply in list order): SUBMITTED from the raise to the first change, consecutive
// entries of one status one stage (a vote recorded in CHANGE_BOARD does not start another).
std::vector<Stage> StagesOf(Date raised, const std::vector<StatusChange>& history);

// One stage's timetable.
struct StagePlan {
  ModStatus stage = ModStatus::kSubmitted;
  std::optional<Date> start;        // when it entered the stage (the first time)
  std::optional<Date> actual_end;   // when it left (the last time)
  std::optional<Date> planned_end;  // the first timetable's target for the stage
  std::optional<Date> revised_end;  // the latest target, when a later timetable moved it
};

// Every stage the proposal has been in or has a plan for, in the order first met (stages
// entered, then planned ones not reached yet, by planned end). `decisions` in recorded order.
std::vector<StagePlan> PlanStages(Date raised, const std::vector<StatusChange>& history,
                                  const std::vector<Decision>& decisions);

// The end the stage is expected at now: the revised end if any, else the planned end.
std::optional<Date> ExpectedEnd(const StagePlan& p);
// Finished by its planned end (the first plan, as timeliness is reported): nullopt when it has
// no plan or has not finished.
std::optional<bool> OnTime(const StagePlan& p);

// Whether a stage keeps to its plan on `day`: unplanned; not finished and not yet due (against
// the expected end); finished on time or late (against the first plan); or not finished past
// its expected end.
enum class Timeliness { kUnplanned, kNotDue, kOnTime, kLate, kOverdue };
Timeliness TimelinessOn(const StagePlan& p, Date day);

}  // namespace sec

#endif  // SEC_DOMAIN_TIMETABLE_H_
