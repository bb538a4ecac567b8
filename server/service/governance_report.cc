// GovernanceServiceImpl: the Modification Status Report.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/status_report.h"
#include "service/governance_convert.h"
#include "service/handlers.h"
#include "service/governance_service_internal.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"

namespace sec::service {

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
  SEC_RETURN_IF_ERROR(call.Read([&](storage::Tx& tx) -> absl::StatusOr<bool> {
                            SEC_ASSIGN_OR_RETURN(input, storage::LoadStatusReportInput(tx));
                            SEC_ASSIGN_OR_RETURN(auto names, storage::ListPartyNames(tx));
                            for (auto& [id, name] : names) party_names[id] = name;
                            SEC_ASSIGN_OR_RETURN(std::vector<SecVersion> versions,
                                                 storage::ListVersions(tx));
                            for (const auto& v : versions) version_comments[v.number] = v.comment;
                            return true;
                          }).status());
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
  return resp;
}

}  // namespace sec::service
