#include "domain/report_sections.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"

namespace sec {

ReleaseStatus ReleaseStatusAsOf(const Release& r, Date day) {
  if (r.state == ReleaseState::kImplemented && day < r.target) {
    Release open = r;
    open.state = ReleaseState::kOpen;
    return ReleaseStatusOn(open, day);
  }
  return ReleaseStatusOn(r, day);
}

std::vector<ReportReleaseRow> ReportReleases(const std::vector<Release>& releases,
                                             const std::vector<ReleaseMove>& moves,
                                             Date period_start, Date as_of) {
  absl::flat_hash_map<std::string, Date> target;
  for (const Release& r : releases) target[r.id] = r.target;
  std::vector<ReportReleaseRow> out;
  for (const Release& r : releases) {
    const ReleaseStatus status = ReleaseStatusAsOf(r, as_of);
    const bool open = status == ReleaseStatus::kPlanning || status == ReleaseStatus::kScoped;
    const bool in_period = period_start < r.target && r.target <= as_of;
    if (!in_period && !(r.target > as_of && open)) continue;
    ReportReleaseRow row{r, status, {}};
    for (const ReleaseMove& m : moves) {
      if (m.from != r.id || m.day > as_of) continue;
      auto to = target.find(m.to);
      if (to != target.end() && to->second > r.target) row.slips.push_back(m);
    }
    out.push_back(std::move(row));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ReportReleaseRow& a, const ReportReleaseRow& b) {
                     return a.release.target < b.release.target;
                   });
  return out;
}

std::vector<ReportWaiting> WaitingOnAsOf(const std::vector<ReportProposal>& proposals,
                                         const std::vector<DccAssessment>& assessments,
                                         Date as_of) {
  absl::flat_hash_map<std::string, int> outstanding;
  for (const DccAssessment& a : assessments) {
    if (a.requested_on > as_of) continue;
    if (a.delivered_on.has_value() && *a.delivered_on <= as_of) continue;
    ++outstanding[a.modification];
  }
  absl::flat_hash_map<WaitingOn, std::vector<std::string>> by_body;
  for (const ReportProposal& p : proposals) {
    const std::optional<ModStatus> status = StatusOn(p, as_of);
    if (!status.has_value() || !IsOpen(*status)) continue;
    Modification m;
    m.status = *status;
    auto it = outstanding.find(p.reference);
    m.dcc_outstanding = it == outstanding.end() ? 0 : it->second;
    const WaitingOn who = WaitingOnOf(m);
    if (who != WaitingOn::kNobody) by_body[who].push_back(p.reference);
  }
  std::vector<ReportWaiting> out;
  for (const std::string& code : WaitingOnCodes()) {
    WaitingOn who = WaitingOn::kNobody;
    if (!ParseWaitingOn(code, &who)) continue;
    auto it = by_body.find(who);
    if (it == by_body.end()) continue;
    std::sort(it->second.begin(), it->second.end());
    out.push_back({who, std::move(it->second)});
  }
  return out;
}

}  // namespace sec
