#include "domain/process_metrics.h"

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/timetable.h"

namespace sec {

int NearestRank(std::vector<int> values, int percent) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  // ceil(percent * n / 100) in integers; at least rank 1.
  size_t rank = (static_cast<size_t>(percent) * n + 99) / 100;
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return values[rank - 1];
}

absl::StatusOr<ProcessMetrics> ComputeProcessMetrics(const std::vector<MetricsProposal>& proposals,
                                                     Date period_start, Date period_end) {
  if (period_start > period_end) {
    return absl::InvalidArgumentError(absl::StrCat("period_start: ", FormatDate(period_start),
                                                   " is after period_end ",
                                                   FormatDate(period_end)));
  }
  auto in_period = [&](Date d) { return period_start <= d && d <= period_end; };
  struct Acc {
    std::vector<int> days;
    int with_plan = 0;
    int on_time = 0;
  };
  std::map<int, Acc> by_stage;  // keyed by position in AllStatuses: the register's order
  const std::vector<ModStatus> order = AllStatuses();
  auto position = [&](ModStatus s) {
    return static_cast<int>(std::find(order.begin(), order.end(), s) - order.begin());
  };
  std::vector<int> to_implement;
  for (const MetricsProposal& p : proposals) {
    for (const StagePlan& plan : PlanStages(p.raised, p.history, p.decisions)) {
      if (plan.stage == ModStatus::kImplemented && plan.start.has_value() &&
          in_period(*plan.start)) {
        to_implement.push_back(static_cast<int>(*plan.start - p.raised));
      }
      if (!plan.start.has_value() || !plan.actual_end.has_value() || !in_period(*plan.actual_end)) {
        continue;
      }
      Acc& acc = by_stage[position(plan.stage)];
      acc.days.push_back(static_cast<int>(*plan.actual_end - *plan.start));
      if (const std::optional<bool> on_time = OnTime(plan); on_time.has_value()) {
        ++acc.with_plan;
        if (*on_time) ++acc.on_time;
      }
    }
  }
  ProcessMetrics out;
  out.period_start = period_start;
  out.period_end = period_end;
  for (const auto& [pos, acc] : by_stage) {
    StageMetrics m;
    m.stage = order[static_cast<size_t>(pos)];
    m.finished = static_cast<int>(acc.days.size());
    m.median_days = NearestRank(acc.days, 50);
    m.p90_days = NearestRank(acc.days, 90);
    m.with_planned_end = acc.with_plan;
    m.on_time = acc.on_time;
    out.stages.push_back(m);
  }
  out.implemented = static_cast<int>(to_implement.size());
  if (!to_implement.empty()) out.median_days_to_implement = NearestRank(to_implement, 50);
  return out;
}

}  // namespace sec
