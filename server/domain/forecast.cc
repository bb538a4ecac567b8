#include "domain/forecast.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sec {

int StandardWorkingDays(const StageDurations& d, ModStatus stage) {
  switch (stage) {
    case ModStatus::kSubmitted:
      return d.submitted;
    case ModStatus::kRefinement:
      return d.refinement;
    case ModStatus::kReportPhase:
      return d.report_phase;
    case ModStatus::kConsultation:
      return d.consultation;
    case ModStatus::kChangeBoard:
      return d.change_board;
    case ModStatus::kAwaitingAuthority:
      return d.awaiting_authority;
    default:
      return 0;
  }
}

std::vector<ModStatus> StagesAhead(ModStatus status, ModPath path) {
  std::vector<ModStatus> order = {ModStatus::kSubmitted, ModStatus::kRefinement,
                                  ModStatus::kReportPhase, ModStatus::kConsultation,
                                  ModStatus::kChangeBoard};
  if (path != ModPath::kPath3) order.push_back(ModStatus::kAwaitingAuthority);
  auto it = std::find(order.begin(), order.end(), status);
  return std::vector<ModStatus>(it, order.end());
}

namespace {

const StagePlan* PlanOf(const ForecastProposal& p, ModStatus stage) {
  for (const StagePlan& plan : p.plans) {
    if (plan.stage == stage) return &plan;
  }
  return nullptr;
}

// When the proposal is expected to be APPROVED: walking the stages ahead (forecast.h).
Date ExpectedApproval(const ForecastProposal& p, Date as_of, const WorkingDayCalendar& calendar,
                      const StageDurations& durations) {
  std::optional<Date> hold;
  for (Date due : p.assessments_due) hold = std::max(hold.value_or(due), std::max(due, as_of));
  std::optional<Date> previous;
  for (ModStatus stage : StagesAhead(p.status, p.path)) {
    const StagePlan* plan = PlanOf(p, stage);
    const std::optional<Date> expected = plan != nullptr ? ExpectedEnd(*plan) : std::nullopt;
    // The current stage counts from when it began; the others from the one before.
    const Date from = previous.has_value()                           ? *previous
                      : (plan != nullptr && plan->start.has_value()) ? *plan->start
                                                                     : as_of;
    Date end = expected.has_value() && *expected > from
                   ? *expected
                   : calendar.AddWorkingDays(from, StandardWorkingDays(durations, stage));
    if (!previous.has_value()) end = std::max(end, as_of);
    // The guard: no consultation is issued, nor vote taken, while an assessment is outstanding.
    if (hold.has_value() &&
        (stage == ModStatus::kReportPhase || stage == ModStatus::kChangeBoard)) {
      end = std::max(end, *hold);
    }
    previous = end;
  }
  return previous.value_or(as_of);
}

}  // namespace

Landing ForecastLanding(const ForecastProposal& p, const std::vector<Release>& releases, Date as_of,
                        const WorkingDayCalendar& calendar, const StageDurations& durations) {
  Landing out;
  out.reference = p.reference;
  if (p.status == ModStatus::kSuspended) {
    out.note = "suspended: not forecast until the Secretary of State lifts the suspension";
    return out;
  }
  if (p.status != ModStatus::kApproved && !IsOpen(p.status)) {
    out.note = absl::StrCat("closed (", StatusCode(p.status), ")");
    return out;
  }
  if (p.status == ModStatus::kApproved) {
    const StagePlan* approved = PlanOf(p, ModStatus::kApproved);
    out.approval = approved != nullptr && approved->start.has_value() ? *approved->start : as_of;
  } else {
    out.approval = ExpectedApproval(p, as_of, calendar, durations);
  }
  out.implementable = *out.approval;
  if (p.path == ModPath::kPath3) {
    out.implementable = calendar.AddWorkingDays(*out.approval, kAppealWorkingDays) + 1;
  }
  if (!p.release.empty()) {
    out.release = p.release;
    return out;
  }
  std::vector<const Release*> open;
  for (const Release& r : releases) {
    if (r.state == ReleaseState::kOpen) open.push_back(&r);
  }
  std::stable_sort(open.begin(), open.end(),
                   [](const Release* a, const Release* b) { return a->target < b->target; });
  for (const Release* r : open) {
    if (r->cutoff < *out.approval || r->cutoff < as_of || r->target < *out.implementable) continue;
    out.release = r->id;
    return out;
  }
  out.note =
      absl::StrCat("no open release has a cut-off on or after ", FormatDate(*out.approval),
                   " and a target on or after ", FormatDate(*out.implementable), ": plan one");
  return out;
}

}  // namespace sec
