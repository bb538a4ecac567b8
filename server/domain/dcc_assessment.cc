#include "domain/dcc_assessment.h"

#include <algorithm>
#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/codes.h"
#include "domain/errors.h"
#include "domain/modification.h"
#include "domain/names.h"

namespace sec {

namespace {

struct KindEntry {
  AssessmentKind kind;
  const char* code;
  const char* words;  // for messages: "Preliminary Assessment"
};
constexpr KindEntry kKinds[] = {
    {AssessmentKind::kPreliminary, "PRELIMINARY", "Preliminary Assessment"},
    {AssessmentKind::kImpact, "IMPACT", "Impact Assessment"},
};

constexpr CodeOf<AssessmentState> kStates[] = {
    {AssessmentState::kRequested, "REQUESTED"},
    {AssessmentState::kInProgress, "IN_PROGRESS"},
    {AssessmentState::kDelivered, "DELIVERED"},
};

constexpr size_t kMaxNoteBytes = 4000;

const char* KindWords(AssessmentKind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.words;
  }
  return "assessment";
}

std::string Describe(const DccAssessment& a) {
  return absl::StrCat("the ", KindWords(a.kind), " of ", a.modification);
}

// Updates and delivery must not go back in time: the register is read as a dated timeline.
absl::Status CheckNotBeforeHistory(const DccAssessment& a, Date date, absl::string_view field) {
  Date earliest = a.requested_on;
  if (!a.updates.empty()) earliest = std::max(earliest, a.updates.back().date);
  if (date < earliest) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", FormatDate(date),
                                                   " is before the last recorded date of ",
                                                   Describe(a), " (", FormatDate(earliest), ")"));
  }
  return absl::OkStatus();
}

absl::Status RefuseIfDelivered(const DccAssessment& a, absl::string_view action) {
  if (a.state != AssessmentState::kDelivered) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot ", action, ": ", Describe(a), " was delivered on ",
      a.delivered_on.has_value() ? FormatDate(*a.delivered_on) : std::string("an unknown date")));
}

}  // namespace

const char* AssessmentKindCode(AssessmentKind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.code;
  }
  return "UNKNOWN";
}

bool ParseAssessmentKind(absl::string_view code, AssessmentKind* k) {
  for (const auto& e : kKinds) {
    if (code == e.code) {
      *k = e.kind;
      return true;
    }
  }
  return false;
}

const char* AssessmentStateCode(AssessmentState s) { return CodeIn(kStates, s); }

bool ParseAssessmentState(absl::string_view code, AssessmentState* s) {
  return ParseCodeIn(kStates, code, s);
}

absl::Status ValidateTimescales(const AssessmentTimescales& t) {
  if (t.preliminary_working_days < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "preliminary_working_days: ", t.preliminary_working_days, "; must be at least 1"));
  }
  if (t.impact_working_days < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("impact_working_days: ", t.impact_working_days, "; must be at least 1"));
  }
  return absl::OkStatus();
}

int StandardWorkingDays(const AssessmentTimescales& t, AssessmentKind kind) {
  switch (kind) {
    case AssessmentKind::kPreliminary:
      return t.preliminary_working_days;
    case AssessmentKind::kImpact:
      return t.impact_working_days;
  }
  return t.impact_working_days;
}

Date StandardDueDate(AssessmentKind kind, Date requested_on, const WorkingDayCalendar& calendar,
                     const AssessmentTimescales& timescales) {
  return calendar.AddWorkingDays(requested_on, StandardWorkingDays(timescales, kind));
}

absl::StatusOr<DccAssessment> RequestAssessment(absl::string_view modification, AssessmentKind kind,
                                                Date requested_on, std::optional<Date> explicit_due,
                                                const WorkingDayCalendar& calendar,
                                                const AssessmentTimescales& timescales) {
  if (absl::StatusOr<int> ref = ParseReference(modification); !ref.ok()) return ref.status();
  if (absl::Status s = ValidateTimescales(timescales); !s.ok()) return s;
  if (explicit_due.has_value() && *explicit_due < requested_on) {
    return absl::InvalidArgumentError(absl::StrCat("due_on: ", FormatDate(*explicit_due),
                                                   " is before the request date ",
                                                   FormatDate(requested_on)));
  }
  DccAssessment a;
  a.modification = std::string(modification);
  a.kind = kind;
  a.requested_on = requested_on;
  a.due_explicit = explicit_due.has_value();
  a.due_on = explicit_due.has_value() ? *explicit_due
                                      : StandardDueDate(kind, requested_on, calendar, timescales);
  if (absl::Status s = CheckComputedDate(a.due_on, "the due date", "request_date"); !s.ok()) {
    return s;
  }
  return a;
}

absl::StatusOr<DccAssessment> RecordProgress(const DccAssessment& a, Date date,
                                             absl::string_view note) {
  if (absl::Status s = RefuseIfDelivered(a, "record progress"); !s.ok()) return s;
  if (absl::StripAsciiWhitespace(note).empty()) {
    return absl::InvalidArgumentError("note: required");
  }
  if (note.size() > kMaxNoteBytes) {
    return absl::InvalidArgumentError(absl::StrCat("note: at most ", kMaxNoteBytes, " bytes"));
  }
  if (absl::Status s = CheckNotBeforeHistory(a, date, "date"); !s.ok()) return s;
  DccAssessment out = a;
  out.state = AssessmentState::kInProgress;
  out.updates.push_back({date, std::string(note)});
  return out;
}

absl::StatusOr<DccAssessment> Deliver(const DccAssessment& a, Date date) {
  if (absl::Status s = RefuseIfDelivered(a, "deliver"); !s.ok()) return s;
  if (absl::Status s = CheckNotBeforeHistory(a, date, "delivered_on"); !s.ok()) return s;
  DccAssessment out = a;
  out.state = AssessmentState::kDelivered;
  out.delivered_on = date;
  return out;
}

bool IsOverdue(const DccAssessment& a, Date on) {
  const bool delivered_by_then =
      a.state == AssessmentState::kDelivered && a.delivered_on.has_value() && *a.delivered_on <= on;
  return !delivered_by_then && on > a.due_on;
}

bool DeliveredLate(const DccAssessment& a) {
  return a.state == AssessmentState::kDelivered && a.delivered_on.has_value() &&
         *a.delivered_on > a.due_on;
}

int WorkingDaysLate(const DccAssessment& a, Date on, const WorkingDayCalendar& calendar) {
  Date until = on;
  if (a.state == AssessmentState::kDelivered && a.delivered_on.has_value()) {
    until = std::min(until, *a.delivered_on);
  }
  return calendar.WorkingDaysBetween(a.due_on, until);
}

namespace {

bool Waived(int64_t id, const std::vector<AssessmentWaiver>& waivers) {
  return std::any_of(waivers.begin(), waivers.end(),
                     [&](const AssessmentWaiver& w) { return w.assessment_id == id; });
}

bool Outstanding(const DccAssessment& a) { return a.state != AssessmentState::kDelivered; }

}  // namespace

std::vector<NumberedAssessment> OutstandingAssessments(
    const std::vector<NumberedAssessment>& assessments,
    const std::vector<AssessmentWaiver>& waivers) {
  std::vector<NumberedAssessment> out;
  for (const NumberedAssessment& a : assessments) {
    if (Outstanding(a.assessment) && !Waived(a.id, waivers)) out.push_back(a);
  }
  return out;
}

absl::Status CheckNoAssessmentOutstanding(absl::string_view act,
                                          const std::vector<NumberedAssessment>& assessments,
                                          const std::vector<AssessmentWaiver>& waivers) {
  const std::vector<NumberedAssessment> held = OutstandingAssessments(assessments, waivers);
  if (held.empty()) return absl::OkStatus();
  std::vector<std::string> what, names;
  for (const NumberedAssessment& a : held) {
    names.push_back(AssessmentName(a.id));
    what.push_back(absl::StrCat("the DCC ", KindWords(a.assessment.kind), " requested on ",
                                FormatDate(a.assessment.requested_on), " (", names.back(),
                                ") is not delivered"));
  }
  return Refused(absl::StatusCode::kFailedPrecondition, "ASSESSMENT_OUTSTANDING",
                 absl::StrCat(act, ": ", absl::StrJoin(what, "; "),
                              "; it must be delivered, or the Panel must waive it"),
                 {{"assessments", absl::StrJoin(names, ",")}});
}

absl::Status CheckWaivable(const NumberedAssessment& a,
                           const std::vector<AssessmentWaiver>& waivers, absl::string_view reason) {
  if (reason.empty()) {
    return InvalidField("reason", "required: why the Panel goes ahead without the assessment");
  }
  const std::string name = AssessmentName(a.id);
  if (!Outstanding(a.assessment)) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " was delivered on ",
                     a.assessment.delivered_on ? FormatDate(*a.assessment.delivered_on) : "?",
                     "; there is nothing to waive"));
  }
  for (const AssessmentWaiver& w : waivers) {
    if (w.assessment_id == a.id) {
      return absl::FailedPreconditionError(
          absl::StrCat(name, " was already waived on ", FormatDate(w.day)));
    }
  }
  return absl::OkStatus();
}

}  // namespace sec
