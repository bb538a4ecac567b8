#ifndef SEC_DOMAIN_STATUS_REPORT_H_
#define SEC_DOMAIN_STATUS_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/dates.h"
#include "domain/meeting.h"
#include "domain/modification.h"

namespace sec {

// The monthly Modification Status Report (SPEC 3), computed from plain register data so it is
// generated, never typed, and testable without storage. Names carry a Report prefix because
// these are the report's views of register objects, not the objects themselves.

// One dated status change. A proposal's status on a day is the latest change effective on or
// before it; changes on the same day apply in list order.
struct StatusChange {
  Date effective;
  ModStatus status = ModStatus::kSubmitted;
};

struct ReportProposal {
  std::string reference;  // "SECMP0034"
  std::string title;
  std::string proposer;  // party id
  Date date_raised;
  std::vector<StatusChange> history;
};

struct ReportVersion {
  std::string number;  // "5.6"
  Date effective;
  std::vector<std::string> implements;  // "SECMP0016"
  std::vector<std::string> sections;    // "A", "J"
};

// Meeting bodies use the role names of SPEC 1.

struct ReportMeeting {
  std::string id;    // "panel-42"
  MeetingBody body = MeetingBody::kPanel;
  int number = 0;
  Date date;
};

struct ReportDecision {
  std::string meeting;       // ReportMeeting::id
  std::string modification;  // "SECMP0033"
  std::string kind;          // e.g. "IMR_ACCEPTED", "REFERRAL"
  std::string outcome;       // the words recorded
};

struct ReportConsultation {
  std::string modification;
  Date issued;
  Date deadline;
  std::string contact;  // "SECAS@gemserv.com"
};

struct StatusReportInput {
  std::vector<ReportProposal> proposals;
  std::vector<ReportVersion> versions;
  std::vector<ReportMeeting> meetings;
  std::vector<ReportDecision> decisions;
  std::vector<ReportConsultation> consultations;
};

struct ReportRow {
  std::string reference;
  std::string title;
  std::string proposer;
  Date date_raised;
  ModStatus status = ModStatus::kSubmitted;  // on the report's as-of date
};

struct ReportHighlight {
  ReportDecision decision;
  std::string title;  // of the proposal; empty if it is not in the register
};

struct ReportConsultationRow {
  ReportConsultation consultation;
  std::string title;
};

struct StatusReport {
  // The period is (period_start, as_of]: half-open so that consecutive monthly reports, each
  // starting where the last ended, never count an event twice.
  Date period_start;
  Date as_of;
  std::vector<ReportVersion> versions;               // effective in the period, by date
  std::vector<ReportRow> new_proposals;              // raised in the period, by reference
  std::optional<ReportMeeting> highlights_meeting;   // latest Panel meeting on or before as_of
  std::vector<ReportHighlight> highlights;           // its decisions, in recorded order
  std::vector<ReportConsultationRow> consultations;  // issued in the period, by issue date
  std::vector<ReportRow> open_proposals;             // open on as_of, by reference
  std::optional<ReportMeeting> next_panel_meeting;   // first Panel meeting after as_of
};

// The same day of the previous month, or that month's last day if it is shorter
// (31 March -> 28 February).
Date DefaultPeriodStart(Date as_of);

// The proposal's status on `day`: the latest history entry effective on or before it; SUBMITTED
// if it was raised by then but nothing is recorded yet; nothing if raised after `day`.
std::optional<ModStatus> StatusOn(const ReportProposal& p, Date day);

// INVALID_ARGUMENT when period_start is after as_of.
absl::StatusOr<StatusReport> BuildStatusReport(const StatusReportInput& input, Date as_of,
                                               std::optional<Date> period_start = std::nullopt);

}  // namespace sec

#endif  // SEC_DOMAIN_STATUS_REPORT_H_
