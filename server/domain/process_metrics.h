#ifndef SEC_DOMAIN_PROCESS_METRICS_H_
#define SEC_DOMAIN_PROCESS_METRICS_H_

// The process metrics a code administrator sends the regulator each quarter (README "Process
// metrics"): per stage, how many proposals finished it in a period, how long it took them and
// how many finished by the Panel's planned end; and how long proposals took from raise to
// implementation. Built on the stages and plans of domain/timetable.h, never typed.

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/dates.h"
#include "domain/decision.h"
#include "domain/modification.h"
#include "domain/status_report.h"

namespace sec {

// One proposal as the metrics read it.
struct MetricsProposal {
  Date raised;
  std::vector<StatusChange> history;  // as PlanStages takes it
  std::vector<Decision> decisions;    // its decisions in recorded order (their timetables)
};

struct StageMetrics {
  ModStatus stage = ModStatus::kSubmitted;
  int finished = 0;          // proposals that left the stage in the period
  int median_days = 0;       // calendar days from entering to leaving, nearest-rank median
  int p90_days = 0;          // nearest-rank 90th percentile
  int with_planned_end = 0;  // of those finished, how many had a planned end
  int on_time = 0;           // of those, how many left by it (OnTime)
};

struct ProcessMetrics {
  Date period_start;                 // inclusive
  Date period_end;                   // inclusive
  std::vector<StageMetrics> stages;  // stages some proposal finished in the period, register order
  int implemented = 0;               // proposals that became IMPLEMENTED in the period
  std::optional<int> median_days_to_implement;  // raise -> IMPLEMENTED, nearest-rank median
};

// The nearest-rank percentile of `values` (sorted here): the smallest value with at least
// `percent`% of the values at or below it, i.e. sorted[ceil(percent/100 * n) - 1]. 0 for none.
int NearestRank(std::vector<int> values, int percent);

// The metrics over [period_start, period_end] (both inclusive; INVALID_ARGUMENT when start is
// after end). A stage counts as finished in the period when its actual end (the last time the
// proposal left it) falls in it; its duration runs from its start (the first time it entered).
absl::StatusOr<ProcessMetrics> ComputeProcessMetrics(const std::vector<MetricsProposal>& proposals,
                                                     Date period_start, Date period_end);

}  // namespace sec

#endif  // SEC_DOMAIN_PROCESS_METRICS_H_
