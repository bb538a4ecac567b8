#include "domain/timetable.h"

#include <algorithm>

namespace sec {

std::vector<Stage> StagesOf(Date raised, const std::vector<StatusChange>& history) {
  std::vector<StatusChange> changes = history;
  std::stable_sort(
      changes.begin(), changes.end(),
      [](const StatusChange& a, const StatusChange& b) { return a.effective < b.effective; });
  std::vector<Stage> out = {Stage{ModStatus::kSubmitted, raised, std::nullopt}};
  for (const StatusChange& c : changes) {
    if (c.status == out.back().status) continue;
    out.back().end = c.effective;
    out.push_back(Stage{c.status, c.effective, std::nullopt});
  }
  return out;
}

std::vector<StagePlan> PlanStages(Date raised, const std::vector<StatusChange>& history,
                                  const std::vector<Decision>& decisions) {
  std::vector<StagePlan> out;
  auto find = [&](ModStatus s) -> StagePlan& {
    for (StagePlan& p : out) {
      if (p.stage == s) return p;
    }
    out.emplace_back();
    out.back().stage = s;
    return out.back();
  };
  for (const Stage& s : StagesOf(raised, history)) {
    StagePlan& p = find(s.status);
    if (!p.start.has_value()) p.start = s.start;
    p.actual_end = s.end;  // the last time it left (none while it is there)
  }
  const size_t reached = out.size();
  for (const Decision& d : decisions) {
    for (const TimetableEntry& e : d.timetable) {
      if (!e.stage.has_value()) continue;
      StagePlan& p = find(*e.stage);
      if (!p.planned_end.has_value()) {
        p.planned_end = e.target;
      } else if (e.target != ExpectedEnd(p)) {
        p.revised_end = e.target;
      }
    }
  }
  std::stable_sort(
      out.begin() + static_cast<std::ptrdiff_t>(reached), out.end(),
      [](const StagePlan& a, const StagePlan& b) { return *a.planned_end < *b.planned_end; });
  return out;
}

std::optional<Date> ExpectedEnd(const StagePlan& p) {
  return p.revised_end.has_value() ? p.revised_end : p.planned_end;
}

std::optional<bool> OnTime(const StagePlan& p) {
  if (!p.planned_end.has_value() || !p.actual_end.has_value()) return std::nullopt;
  return *p.actual_end <= *p.planned_end;
}

Timeliness TimelinessOn(const StagePlan& p, Date day) {
  if (std::optional<bool> on_time = OnTime(p)) {
    return *on_time ? Timeliness::kOnTime : Timeliness::kLate;
  }
  const std::optional<Date> expected = ExpectedEnd(p);
  if (!expected.has_value()) return Timeliness::kUnplanned;
  return day > *expected ? Timeliness::kOverdue : Timeliness::kNotDue;
}

}  // namespace sec
