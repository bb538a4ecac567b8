#include "report_render.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "csv.h"

namespace sec::cli {
namespace {

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

std::string WeekdayName(absl::Weekday w) {
  switch (w) {
    case absl::Weekday::monday:
      return "Monday";
    case absl::Weekday::tuesday:
      return "Tuesday";
    case absl::Weekday::wednesday:
      return "Wednesday";
    case absl::Weekday::thursday:
      return "Thursday";
    case absl::Weekday::friday:
      return "Friday";
    case absl::Weekday::saturday:
      return "Saturday";
    case absl::Weekday::sunday:
      return "Sunday";
  }
  return "";
}

// Table cells must not break the Markdown table.
std::string Cell(const std::string& s) {
  return absl::StrReplaceAll(s, {{"|", "\\|"}, {"\n", " "}});
}

std::string Proposer(const v1::ReportProposal& p) {
  if (!p.proposer_display_name().empty()) return p.proposer_display_name();
  const std::string prefix = "parties/";
  return p.proposer().rfind(prefix, 0) == 0 ? p.proposer().substr(prefix.size()) : p.proposer();
}

std::string BodyWords(v1::MeetingBody b) {
  switch (b) {
    case v1::MEETING_BODY_PANEL:
      return "SEC Panel";
    case v1::MEETING_BODY_CHANGE_BOARD:
      return "Change Board";
    case v1::MEETING_BODY_SECURITY_SUB_COMMITTEE:
      return "Security Sub-Committee";
    default:
      return "meeting";
  }
}

std::string MeetingWords(const v1::ReportMeeting& m) {
  return absl::StrCat(BodyWords(m.body()), " meeting ", m.number());
}

std::string ImplementsWords(const v1::ReportVersion& v) {
  std::vector<std::string> parts;
  for (int i = 0; i < v.implements_size(); ++i) {
    const std::string title = i < v.implements_titles_size() ? v.implements_titles(i) : "";
    parts.push_back(title.empty() ? v.implements(i) : absl::StrCat(v.implements(i), " – ", title));
  }
  return absl::StrJoin(parts, "; ");
}

std::string SectionWords(const v1::ReportVersion& v) {
  std::vector<std::string> s;
  for (const auto& x : v.sections()) s.push_back(absl::StrCat("Section ", x));
  return absl::StrJoin(s, ", ");
}

std::string WaitingOnWords(v1::WaitingOn w) {
  switch (w) {
    case v1::WAITING_ON_SECAS:
      return "SECAS";
    case v1::WAITING_ON_PANEL:
      return "the SEC Panel";
    case v1::WAITING_ON_DCC:
      return "the DCC";
    case v1::WAITING_ON_CHANGE_BOARD:
      return "the Change Board";
    case v1::WAITING_ON_AUTHORITY:
      return "the Authority";
    case v1::WAITING_ON_SECRETARY_OF_STATE:
      return "the Secretary of State";
    default:
      return "nobody";
  }
}

// "PLANNING" -> "planning", "AD_HOC" -> "ad hoc".
std::string Word(const std::string& code) {
  std::string out = absl::AsciiStrToLower(code);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

std::string ReleaseId(const std::string& name) {
  return std::string(absl::StripPrefix(name, "releases/"));
}

void AppendReleases(const v1::ModificationStatusReport& r, std::string* out) {
  absl::StrAppend(out, "\n## Releases\n\n");
  if (r.releases().empty()) absl::StrAppend(out, "No release is due in or after the period.\n");
  for (const v1::ReportRelease& rel : r.releases()) {
    absl::StrAppend(out, "- Release ", ReleaseId(rel.name()), " (", Word(rel.kind()), "): target ",
                    LongDate(rel.target_date()), ", cut-off ", LongDate(rel.cutoff_date()), ", ",
                    Word(rel.status()), "; ");
    if (rel.modifications().empty()) {
      absl::StrAppend(out, "no proposals");
    } else {
      absl::StrAppend(out, "proposals ", absl::StrJoin(rel.modifications(), ", "));
    }
    absl::StrAppend(out, ".\n");
    for (const v1::ReportReleaseSlip& slip : rel.slips()) {
      absl::StrAppend(out, "  - ", slip.modification(), " slipped to release ",
                      ReleaseId(slip.to_release()), " on ", LongDate(slip.move_date()));
      if (!slip.authority_decision().empty()) {
        absl::StrAppend(out, " (Authority decision: ", slip.authority_decision(), ")");
      }
      absl::StrAppend(out, ".\n");
    }
  }
}

void AppendWaitingOn(const v1::ModificationStatusReport& r, std::string* out) {
  absl::StrAppend(out, "\n## Waiting on\n\n");
  if (r.waiting_on().empty()) absl::StrAppend(out, "No open proposal is waiting.\n");
  for (const v1::ReportWaitingOn& w : r.waiting_on()) {
    std::vector<std::string> refs;
    for (const v1::ReportProposal& p : w.proposals()) refs.push_back(p.reference());
    absl::StrAppend(out, "- Waiting on ", WaitingOnWords(w.body()), " (", w.proposals_size(),
                    "): ", absl::StrJoin(refs, ", "), ".\n");
  }
}

void AppendTextConflicts(const v1::ModificationStatusReport& r, std::string* out) {
  absl::StrAppend(out, "\n## Legal text conflicts\n\n");
  if (r.text_conflicts().empty()) {
    absl::StrAppend(out, "No two open proposals change the same clause.\n");
  }
  for (const v1::ReportTextConflict& c : r.text_conflicts()) {
    absl::StrAppend(out, "- ", c.clause(), " is changed by ",
                    absl::StrJoin(c.modifications(), ", "), ".\n");
  }
}

void AppendMetrics(const v1::ModificationStatusReport& r, std::string* out) {
  absl::StrAppend(out, "\n## Process metrics\n\n");
  const v1::ProcessMetrics& m = r.process_metrics();
  if (m.stages().empty()) absl::StrAppend(out, "No proposal finished a stage in the period.\n");
  if (!m.stages().empty()) {
    absl::StrAppend(out, "| Stage | Finished | Median days | 90th percentile days | On time |\n");
    absl::StrAppend(out, "|---|---|---|---|---|\n");
  }
  for (const v1::StageMetrics& s : m.stages()) {
    absl::StrAppend(out, "| ", s.stage_title(), " | ", s.finished(), " | ", s.median_days(), " | ",
                    s.p90_days(), " | ");
    if (s.with_planned_end() == 0) {
      absl::StrAppend(out, "no plan");
    } else {
      absl::StrAppend(out, s.on_time(), " of ", s.with_planned_end());
    }
    absl::StrAppend(out, " |\n");
  }
  absl::StrAppend(out, "\n", m.implemented(), " proposals implemented in the period");
  if (m.implemented() > 0) {
    absl::StrAppend(out, ", a median of ", m.median_days_to_implement(),
                    " days after being raised");
  }
  absl::StrAppend(out, ".\n");
}

}  // namespace

std::string LongDate(const std::string& iso, bool weekday) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      m < 1 || m > 12) {
    return iso;
  }
  std::string out = absl::StrCat(d, " ", kMonths[m - 1], " ", y);
  if (weekday)
    out = absl::StrCat(WeekdayName(absl::GetWeekday(absl::CivilDay(y, m, d))), ", ", out);
  return out;
}

std::string RenderReportMarkdown(const v1::ModificationStatusReport& r) {
  std::string out;
  absl::StrAppend(&out, "# Modification Status Report as of ", LongDate(r.as_of()), "\n\n");
  absl::StrAppend(&out, "Report period: after ", LongDate(r.period_start()),
                  " up to and including ", LongDate(r.as_of()), ".\n\n");

  absl::StrAppend(&out, "## Code updates\n\n");
  if (r.versions().empty()) absl::StrAppend(&out, "No SEC version took effect in the period.\n");
  for (const v1::ReportVersion& v : r.versions()) {
    absl::StrAppend(&out, "- SEC Version ", v.number(), " came into effect on ",
                    LongDate(v.effective_date()));
    if (v.implements_size() > 0) absl::StrAppend(&out, ", implementing ", ImplementsWords(v));
    if (v.sections_size() > 0) absl::StrAppend(&out, "; amended ", SectionWords(v));
    absl::StrAppend(&out, ".");
    if (!v.comment().empty()) absl::StrAppend(&out, " ", v.comment());
    absl::StrAppend(&out, "\n");
  }

  absl::StrAppend(&out, "\n## New Modification Proposals\n\n");
  if (r.new_proposals().empty()) absl::StrAppend(&out, "No proposal was raised in the period.\n");
  for (const v1::ReportProposal& p : r.new_proposals()) {
    absl::StrAppend(&out, "- On ", LongDate(p.date_raised()), ", ", Proposer(p),
                    " submitted a new Modification Proposal: ", p.reference(), " – ", p.title(),
                    " (", p.status_title(), ").\n");
  }

  absl::StrAppend(&out, "\n## Modification highlights\n\n");
  if (!r.has_highlights_meeting()) {
    absl::StrAppend(&out, "No SEC Panel meeting has been held.\n");
  } else {
    absl::StrAppend(&out, "Decisions of ", MeetingWords(r.highlights_meeting()), " (",
                    LongDate(r.highlights_meeting().date()), "):\n\n");
    if (r.highlights().empty()) absl::StrAppend(&out, "No decisions were recorded.\n");
    for (const v1::ReportHighlight& h : r.highlights()) {
      absl::StrAppend(&out, "- ", h.modification(), h.title().empty() ? "" : " – ", h.title(), ": ",
                      h.kind(), h.outcome().empty() ? "" : " – ", h.outcome(), ".\n");
    }
  }

  absl::StrAppend(&out, "\n## Modification Report Consultations\n\n");
  if (r.consultations().empty()) {
    absl::StrAppend(&out, "No consultation was issued in the period.\n");
  }
  for (const v1::ReportConsultation& c : r.consultations()) {
    absl::StrAppend(&out, "- On ", LongDate(c.issue_date()), ", the ", c.modification(), " – ",
                    c.title(),
                    " Modification Report Consultation was issued. Responses are "
                    "requested by ",
                    LongDate(c.deadline()));
    if (!c.contact().empty()) absl::StrAppend(&out, " to ", c.contact());
    absl::StrAppend(&out, ".\n");
  }

  absl::StrAppend(&out, "\n## Open Modification Proposals\n\n");
  absl::StrAppend(&out, "| Modification Proposal # | Modification Proposal Title | Status |\n");
  absl::StrAppend(&out, "|---|---|---|\n");
  for (const v1::ReportProposal& p : r.open_proposals()) {
    absl::StrAppend(&out, "| ", p.reference(), " | ", Cell(p.title()), " | ", p.status_title(),
                    " |\n");
  }
  absl::StrAppend(&out, "\n", r.open_proposals_size(), " open Modification Proposals.\n");

  AppendReleases(r, &out);
  AppendWaitingOn(r, &out);
  AppendTextConflicts(r, &out);
  AppendMetrics(r, &out);

  absl::StrAppend(&out, "\n## Next meeting\n\n");
  if (r.has_next_panel_meeting()) {
    absl::StrAppend(&out, "The next SEC Panel meeting is scheduled for ",
                    LongDate(r.next_panel_meeting().date(), /*weekday=*/true), ".\n");
  } else {
    absl::StrAppend(&out, "No further SEC Panel meeting is scheduled.\n");
  }
  return out;
}

std::string RenderReportCsv(const v1::ModificationStatusReport& r) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"section", "reference", "title", "detail", "date"});
  for (const v1::ReportVersion& v : r.versions()) {
    for (int i = 0; i < v.implements_size(); ++i) {
      rows.push_back({"version", v.implements(i),
                      i < v.implements_titles_size() ? v.implements_titles(i) : "",
                      absl::StrCat("SEC ", v.number(), ": ", absl::StrJoin(v.sections(), " "),
                                   v.comment().empty() ? "" : ". ", v.comment()),
                      v.effective_date()});
    }
    if (v.implements_size() == 0) {
      rows.push_back({"version", "", "", absl::StrCat("SEC ", v.number()), v.effective_date()});
    }
  }
  for (const v1::ReportProposal& p : r.new_proposals()) {
    rows.push_back({"new_proposal", p.reference(), p.title(), Proposer(p), p.date_raised()});
  }
  for (const v1::ReportHighlight& h : r.highlights()) {
    rows.push_back({"highlight", h.modification(), h.title(),
                    absl::StrCat(h.kind(), ": ", h.outcome()), r.highlights_meeting().date()});
  }
  for (const v1::ReportConsultation& c : r.consultations()) {
    rows.push_back({"consultation", c.modification(), c.title(),
                    absl::StrCat("responses by ", c.deadline(), " to ", c.contact()),
                    c.issue_date()});
  }
  for (const v1::ReportProposal& p : r.open_proposals()) {
    rows.push_back({"open", p.reference(), p.title(), p.status_title(), p.date_raised()});
  }
  if (r.has_next_panel_meeting()) {
    rows.push_back({"next_panel_meeting", "", MeetingWords(r.next_panel_meeting()), "",
                    r.next_panel_meeting().date()});
  }
  std::string out;
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(CsvField(c));
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  }
  return out;
}

}  // namespace sec::cli
