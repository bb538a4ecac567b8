#include "domain/status_report.h"

#include <algorithm>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace sec {

namespace {

bool InPeriod(Date d, Date start, Date end) { return start < d && d <= end; }

bool IsPanel(const ReportMeeting& m) { return m.body == MeetingBody::kPanel; }

// Orders meetings by date, then number, so "latest" and "next" are well defined even when two
// meetings share a day.
bool Earlier(const ReportMeeting& a, const ReportMeeting& b) {
  return std::tie(a.date, a.number) < std::tie(b.date, b.number);
}

ReportRow RowOf(const ReportProposal& p, ModStatus status) {
  return ReportRow{p.reference, p.title, p.proposer, p.date_raised, status};
}

bool ByReference(const ReportRow& a, const ReportRow& b) { return a.reference < b.reference; }

}  // namespace

Date DefaultPeriodStart(Date as_of) {
  const absl::CivilMonth previous = absl::CivilMonth(as_of) - 1;
  const Date last_of_previous = Date(absl::CivilMonth(as_of)) - 1;
  // Clamp rather than let absl normalise 31 February into March, which would land the start
  // inside the month being reported on.
  if (as_of.day() > last_of_previous.day()) return last_of_previous;
  return Date(previous.year(), previous.month(), as_of.day());
}

std::optional<ModStatus> StatusOn(const ReportProposal& p, Date day) {
  if (p.date_raised > day) return std::nullopt;
  std::optional<ModStatus> status;
  std::optional<Date> when;
  // Linear scan rather than sort: history may arrive in any order, and among entries of the
  // same date the later one in the list is the later change.
  for (const StatusChange& c : p.history) {
    if (c.effective > day) continue;
    if (!when.has_value() || c.effective >= *when) {
      when = c.effective;
      status = c.status;
    }
  }
  return status.has_value() ? *status : ModStatus::kSubmitted;
}

absl::StatusOr<StatusReport> BuildStatusReport(const StatusReportInput& input, Date as_of,
                                               std::optional<Date> period_start) {
  StatusReport r;
  r.as_of = as_of;
  r.period_start = period_start.has_value() ? *period_start : DefaultPeriodStart(as_of);
  if (r.period_start > as_of) {
    return absl::InvalidArgumentError(absl::StrCat("period_start: ", FormatDate(r.period_start),
                                                   " is after the report date ",
                                                   FormatDate(as_of)));
  }

  absl::flat_hash_map<std::string, const ReportProposal*> by_reference;
  for (const ReportProposal& p : input.proposals) by_reference[p.reference] = &p;
  auto title_of = [&](const std::string& reference) {
    auto it = by_reference.find(reference);
    return it == by_reference.end() ? std::string() : it->second->title;
  };

  for (const ReportVersion& v : input.versions) {
    if (InPeriod(v.effective, r.period_start, as_of)) r.versions.push_back(v);
  }
  std::stable_sort(
      r.versions.begin(), r.versions.end(),
      [](const ReportVersion& a, const ReportVersion& b) { return a.effective < b.effective; });

  for (const ReportProposal& p : input.proposals) {
    const std::optional<ModStatus> status = StatusOn(p, as_of);
    if (!status.has_value()) continue;  // raised after the report date
    if (InPeriod(p.date_raised, r.period_start, as_of))
      r.new_proposals.push_back(RowOf(p, *status));
    if (IsOpen(*status)) r.open_proposals.push_back(RowOf(p, *status));
  }
  std::sort(r.new_proposals.begin(), r.new_proposals.end(), ByReference);
  std::sort(r.open_proposals.begin(), r.open_proposals.end(), ByReference);

  for (const ReportMeeting& m : input.meetings) {
    if (!IsPanel(m)) continue;
    if (m.date <= as_of) {
      if (!r.highlights_meeting.has_value() || Earlier(*r.highlights_meeting, m)) {
        r.highlights_meeting = m;
      }
    } else if (!r.next_panel_meeting.has_value() || Earlier(m, *r.next_panel_meeting)) {
      r.next_panel_meeting = m;
    }
  }
  if (r.highlights_meeting.has_value()) {
    for (const ReportDecision& d : input.decisions) {
      if (d.meeting == r.highlights_meeting->id) {
        r.highlights.push_back({d, title_of(d.modification)});
      }
    }
  }

  for (const ReportConsultation& c : input.consultations) {
    if (InPeriod(c.issued, r.period_start, as_of)) {
      r.consultations.push_back({c, title_of(c.modification)});
    }
  }
  std::stable_sort(r.consultations.begin(), r.consultations.end(),
                   [](const ReportConsultationRow& a, const ReportConsultationRow& b) {
                     return a.consultation.issued < b.consultation.issued;
                   });
  return r;
}

}  // namespace sec
