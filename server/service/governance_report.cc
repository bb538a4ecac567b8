// GovernanceServiceImpl: the Modification Status Report.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "domain/process_metrics.h"
#include "domain/report_sections.h"
#include "domain/status_report.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"
#include "storage/release_store.h"

namespace sec::service {

namespace {

// The metrics' view of the register: each proposal's status history with its decisions.
std::vector<MetricsProposal> MetricsInput(const StatusReportInput& in,
                                          const std::vector<Decision>& decisions) {
  absl::flat_hash_map<std::string, size_t> index;
  std::vector<MetricsProposal> out;
  for (const ReportProposal& p : in.proposals) {
    index[p.reference] = out.size();
    out.push_back({p.date_raised, p.history, {}});
  }
  for (const Decision& d : decisions) {
    auto it = index.find(d.modification);
    if (it != index.end()) out[it->second].decisions.push_back(d);
  }
  return out;
}

v1::ProcessMetrics MetricsToProto(const ProcessMetrics& m) {
  v1::ProcessMetrics out;
  out.set_period_start(FormatDate(m.period_start));
  out.set_period_end(FormatDate(m.period_end));
  for (const StageMetrics& s : m.stages) {
    v1::StageMetrics* o = out.add_stages();
    o->set_stage(ToProto(s.stage));
    o->set_stage_title(StatusTitle(s.stage));
    o->set_finished(s.finished);
    o->set_median_days(s.median_days);
    o->set_p90_days(s.p90_days);
    o->set_with_planned_end(s.with_planned_end);
    o->set_on_time(s.on_time);
    if (s.with_planned_end > 0) {
      o->set_on_time_basis_points(
          static_cast<int32_t>(int64_t{s.on_time} * 10000 / s.with_planned_end));
    }
  }
  out.set_implemented(m.implemented);
  out.set_median_days_to_implement(m.median_days_to_implement.value_or(0));
  return out;
}

// "RELEASE_STATUS_SCOPED" -> "SCOPED".
std::string ReleaseStatusWord(ReleaseStatus s) {
  std::string name = v1::ReleaseStatus_Name(ReleaseStatusEnum().ToProto(s));
  absl::string_view word = name;
  absl::ConsumePrefix(&word, "RELEASE_STATUS_");
  return std::string(word);
}

}  // namespace

absl::StatusOr<v1::ProcessMetrics> GetProcessMetrics(Call& call,
                                                     const v1::GetProcessMetricsRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date start, RequiredDate(req.period_start(), "period_start"));
  SEC_ASSIGN_OR_RETURN(Date end, RequiredDate(req.period_end(), "period_end"));
  if (start > end) return InvalidField("period_end", "before period_start");
  std::vector<MetricsProposal> input;
  SEC_RETURN_IF_ERROR(call.Read([&](storage::Tx& tx) -> absl::StatusOr<bool> {
                            SEC_ASSIGN_OR_RETURN(StatusReportInput in,
                                                 storage::LoadStatusReportInput(tx));
                            SEC_ASSIGN_OR_RETURN(std::vector<Decision> decisions,
                                                 storage::ListDecisions(tx, "", ""));
                            input = MetricsInput(in, decisions);
                            return true;
                          })
                          .status());
  SEC_ASSIGN_OR_RETURN(ProcessMetrics m, ComputeProcessMetrics(input, start, end));
  return MetricsToProto(m);
}

namespace {

// Every DCC assessment, each ending when it was delivered or, if sooner, when the Panel waived
// it: from then it no longer held its proposal up (what WaitingOnAsOf counts).
absl::StatusOr<std::vector<DccAssessment>> HoldingAssessments(storage::Tx& tx) {
  SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredDccAssessment> stored,
                       storage::ListAssessments(tx, ""));
  absl::flat_hash_map<std::string, std::vector<AssessmentWaiver>> waivers;
  std::vector<DccAssessment> out;
  for (storage::StoredDccAssessment& a : stored) {
    const std::string& ref = a.assessment.modification;
    if (!waivers.contains(ref)) {
      SEC_ASSIGN_OR_RETURN(waivers[ref], storage::ListWaivers(tx, ref));
    }
    for (const AssessmentWaiver& w : waivers[ref]) {
      if (w.assessment_id != a.id) continue;
      if (!a.assessment.delivered_on.has_value() || w.day < *a.assessment.delivered_on) {
        a.assessment.delivered_on = w.day;
      }
    }
    out.push_back(std::move(a.assessment));
  }
  return out;
}

}  // namespace

// --- Modification Status Report -----------------------------------------------------------------

absl::StatusOr<v1::ModificationStatusReport> GetModificationStatusReport(
    Call& call, const v1::GetModificationStatusReportRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date as_of, call.DateOrToday(req.as_of(), "as_of"));
  std::optional<Date> start;
  if (!req.period_start().empty()) {
    SEC_ASSIGN_OR_RETURN(start, ParseDate(req.period_start(), "period_start"));
  }
  StatusReportInput input;
  absl::flat_hash_map<std::string, std::string> party_names;
  absl::flat_hash_map<std::string, std::string> version_comments;
  std::vector<Release> releases;
  std::vector<ReleaseMove> moves;
  std::vector<DccAssessment> assessments;
  std::vector<Decision> decisions;
  std::vector<TextConflict> conflicts;
  SEC_RETURN_IF_ERROR(
      call.Read([&](storage::Tx& tx) -> absl::StatusOr<bool> {
            SEC_ASSIGN_OR_RETURN(input, storage::LoadStatusReportInput(tx));
            SEC_ASSIGN_OR_RETURN(auto names, storage::ListPartyNames(tx));
            for (auto& [id, name] : names) party_names[id] = name;
            SEC_ASSIGN_OR_RETURN(std::vector<SecVersion> versions, storage::ListVersions(tx));
            for (const auto& v : versions) version_comments[v.number] = v.comment;
            SEC_ASSIGN_OR_RETURN(releases, storage::ListReleases(tx));
            SEC_ASSIGN_OR_RETURN(moves, storage::ListReleaseMoves(tx));
            SEC_ASSIGN_OR_RETURN(assessments, HoldingAssessments(tx));
            SEC_ASSIGN_OR_RETURN(decisions, storage::ListDecisions(tx, "", ""));
            SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> redlines, OpenRedlines(tx, ""));
            conflicts = FindConflicts(redlines);
            return true;
          })
          .status());
  SEC_ASSIGN_OR_RETURN(StatusReport report, BuildStatusReport(input, as_of, start));
  absl::flat_hash_map<std::string, std::string> titles;
  for (const ReportProposal& p : input.proposals) titles[p.reference] = p.title;
  auto row = [&](const ReportRow& r, v1::ReportProposal* out) {
    out->set_reference(r.reference);
    out->set_title(r.title);
    out->set_proposer(PartyName(r.proposer));
    auto it = party_names.find(r.proposer);
    if (it != party_names.end()) out->set_proposer_display_name(it->second);
    out->set_date_raised(FormatDate(r.date_raised));
    out->set_status(ToProto(r.status));
    out->set_status_title(StatusTitle(r.status));
  };
  v1::ModificationStatusReport resp;
  resp.set_as_of(FormatDate(report.as_of));
  resp.set_period_start(FormatDate(report.period_start));
  for (const ReportVersion& v : report.versions) {
    v1::ReportVersion* out = resp.add_versions();
    out->set_number(v.number);
    out->set_effective_date(FormatDate(v.effective));
    for (const std::string& ref : v.implements) {
      out->add_implements(ref);
      out->add_implements_titles(titles.count(ref) ? titles[ref] : "");
    }
    for (const std::string& s : v.sections) out->add_sections(s);
    out->set_comment(version_comments[v.number]);
  }
  for (const ReportRow& r : report.new_proposals) row(r, resp.add_new_proposals());
  if (report.highlights_meeting) {
    *resp.mutable_highlights_meeting() = ToProto(*report.highlights_meeting);
  }
  for (const ReportHighlight& h : report.highlights) {
    v1::ReportHighlight* out = resp.add_highlights();
    out->set_modification(h.decision.modification);
    out->set_title(h.title);
    out->set_kind(h.decision.kind);
    out->set_outcome(h.decision.outcome);
  }
  for (const ReportConsultationRow& c : report.consultations) {
    v1::ReportConsultation* out = resp.add_consultations();
    out->set_modification(c.consultation.modification);
    out->set_title(c.title);
    out->set_issue_date(FormatDate(c.consultation.issued));
    out->set_deadline(FormatDate(c.consultation.deadline));
    out->set_contact(c.consultation.contact);
  }
  for (const ReportRow& r : report.open_proposals) row(r, resp.add_open_proposals());
  if (report.next_panel_meeting) {
    *resp.mutable_next_panel_meeting() = ToProto(*report.next_panel_meeting);
  }
  for (const ReportReleaseRow& r : ReportReleases(releases, moves, report.period_start, as_of)) {
    v1::ReportRelease* out = resp.add_releases();
    out->set_name(ReleaseName(r.release.id));
    out->set_kind(ReleaseKindCode(r.release.kind));
    out->set_target_date(FormatDate(r.release.target));
    out->set_cutoff_date(FormatDate(r.release.cutoff));
    out->set_status(ReleaseStatusWord(r.status));
    for (const std::string& ref : r.release.modifications) out->add_modifications(ref);
    for (const ReleaseMove& m : r.slips) {
      v1::ReportReleaseSlip* slip = out->add_slips();
      slip->set_modification(m.modification);
      slip->set_to_release(ReleaseName(m.to));
      slip->set_move_date(FormatDate(m.day));
      slip->set_authority_decision(m.authority_decision);
    }
  }
  absl::flat_hash_map<std::string, const ReportProposal*> by_reference;
  for (const ReportProposal& p : input.proposals) by_reference[p.reference] = &p;
  for (const ReportWaiting& w : WaitingOnAsOf(input.proposals, assessments, as_of)) {
    v1::ReportWaitingOn* out = resp.add_waiting_on();
    out->set_body(WaitingOnEnum().ToProto(w.body));
    for (const std::string& ref : w.references) {
      const ReportProposal& p = *by_reference[ref];
      row(ReportRow{p.reference, p.title, p.proposer, p.date_raised, *StatusOn(p, as_of)},
          out->add_proposals());
    }
  }
  // The report's period is (period_start, as_of]; the metrics take inclusive bounds, and an
  // empty period has none.
  if (report.period_start < as_of) {
    SEC_ASSIGN_OR_RETURN(
        ProcessMetrics metrics,
        ComputeProcessMetrics(MetricsInput(input, decisions), report.period_start + 1, as_of));
    *resp.mutable_process_metrics() = MetricsToProto(metrics);
  }
  for (const TextConflict& c : conflicts) {
    v1::ReportTextConflict* out = resp.add_text_conflicts();
    out->set_clause(c.clause);
    for (const std::string& ref : c.modifications) out->add_modifications(ref);
  }
  return resp;
}

}  // namespace sec::service
