// GovernanceService: DCC assessments, and the holiday calendar their working-day deadlines count
// on.

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/calendar.h"
#include "domain/dcc_assessment.h"
#include "domain/errors.h"
#include "domain/lifecycle.h"
#include "domain/names.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"

namespace sec::service {
namespace {

v1::Assessment WithLateness(const storage::StoredDccAssessment& a, Date on,
                            const WorkingDayCalendar& cal) {
  v1::Assessment out = ToProto(a);
  out.set_overdue(IsOverdue(a.assessment, on));
  out.set_working_days_late(WorkingDaysLate(a.assessment, on, cal));
  return out;
}

// The proposal counts the DCC assessments holding it up (requested, not delivered, not waived:
// what it waits on, domain WaitingOnOf): `delta` +1 on a request, -1 on a delivery or a waiver,
// recorded in its history as `kind`.
absl::Status CountHoldingUp(const Call& call, storage::Tx& tx, const std::string& ref, Date day,
                            int delta, std::string kind, std::string note) {
  return ChangeProposal(call, tx, ref, day, std::move(kind), std::move(note),
                        [delta](Modification& m) { m.dcc_outstanding += delta; })
      .status();
}

std::string Described(const storage::StoredDccAssessment& a) {
  return absl::StrCat("DCC ", AssessmentKindCode(a.assessment.kind), " assessment ",
                      AssessmentName(a.id));
}

using AssessmentFn = std::function<absl::StatusOr<DccAssessment>(const DccAssessment&, Date)>;

// One step of an assessment (progress, delivery): the domain rule `fn` on the stored
// assessment, a version-checked update and its history event.
absl::StatusOr<v1::Assessment> AssessmentStep(Call& call, const std::string& name,
                                              const std::string& date,
                                              absl::string_view date_field, const char* kind,
                                              AssessmentFn fn) {
  SEC_ASSIGN_OR_RETURN(int64_t id, ParseAssessmentName(name, "name"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(date, date_field));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Assessment> {
    SEC_ASSIGN_OR_RETURN(storage::StoredDccAssessment row, storage::GetAssessment(tx, id));
    const v1::Assessment before = ToProto(row);
    absl::StatusOr<DccAssessment> next = fn(row.assessment, day);
    if (!next.ok()) return Prefixed(next.status(), absl::StrCat(before.name(), ": "));
    const int64_t expected = row.version;
    const bool delivers = row.assessment.state != AssessmentState::kDelivered &&
                          next->state == AssessmentState::kDelivered;
    row.assessment = *std::move(next);
    row.version += 1;
    SEC_RETURN_IF_ERROR(storage::UpdateAssessment(tx, row, expected));
    if (delivers) {
      // A waived assessment stopped holding the proposal up when it was waived.
      SEC_ASSIGN_OR_RETURN(std::vector<AssessmentWaiver> waivers,
                           storage::ListWaivers(tx, row.assessment.modification));
      const bool waived = std::any_of(waivers.begin(), waivers.end(), [&](const AssessmentWaiver& w) {
        return w.assessment_id == row.id;
      });
      if (!waived) {
        SEC_RETURN_IF_ERROR(CountHoldingUp(call, tx, row.assessment.modification, day, -1,
                                           "assessment_delivered",
                                           absl::StrCat(Described(row), " delivered")));
      }
    }
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar cal, storage::LoadWorkingDayCalendar(tx));
    return call.Recorded(tx, WithLateness(row, day, cal), kind, day, &before);
  });
}

std::vector<NumberedAssessment> Numbered(const std::vector<storage::StoredDccAssessment>& rows) {
  std::vector<NumberedAssessment> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.id, r.assessment});
  return out;
}

}  // namespace

absl::Status CheckAssessmentsSettled(storage::Tx& tx, const std::string& ref,
                                     absl::string_view act) {
  SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredDccAssessment> rows,
                       storage::ListAssessments(tx, ref));
  if (rows.empty()) return absl::OkStatus();
  SEC_ASSIGN_OR_RETURN(std::vector<AssessmentWaiver> waivers, storage::ListWaivers(tx, ref));
  return Prefixed(CheckNoAssessmentOutstanding(act, Numbered(rows), waivers),
                  absl::StrCat(ref, ": "));
}

// --- DCC assessments -----------------------------------------------------------------------------

absl::StatusOr<v1::Assessment> RequestAssessment(Call& call,
                                                 const v1::RequestAssessmentRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  SEC_ASSIGN_OR_RETURN(AssessmentKind kind, AssessmentKindEnum().FromProto(req.kind(), "kind"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(req.request_date(), "request_date"));
  std::optional<Date> due;
  if (!req.due_date().empty()) {
    SEC_ASSIGN_OR_RETURN(due, ParseDate(req.due_date(), "due_date"));
  }
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Assessment> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    // An assessment of a proposal is not requested before the proposal was raised.
    LifecycleState raised;
    raised.latest_event = m.date_raised;
    SEC_RETURN_IF_ERROR(Prefixed(CheckTimeline(raised, day, "an assessment request"),
                                 absl::StrCat(ref, ": ")));
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar cal, storage::LoadWorkingDayCalendar(tx));
    storage::StoredDccAssessment row;
    SEC_ASSIGN_OR_RETURN(row.assessment,
                         sec::RequestAssessment(ref, kind, day, due, cal, AssessmentTimescales()));
    row.version = 1;
    SEC_RETURN_IF_ERROR(storage::InsertAssessment(tx, row));
    SEC_RETURN_IF_ERROR(CountHoldingUp(call, tx, ref, day, +1, "assessment_requested",
                                       absl::StrCat(Described(row), " requested")));
    return call.Recorded(tx, ToProto(row), "request", day);
  });
}

absl::StatusOr<v1::Assessment> GetAssessment(Call& call, const v1::GetAssessmentRequest& req) {
  SEC_ASSIGN_OR_RETURN(int64_t id, ParseAssessmentName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Assessment> {
    SEC_ASSIGN_OR_RETURN(storage::StoredDccAssessment a, storage::GetAssessment(tx, id));
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar cal, storage::LoadWorkingDayCalendar(tx));
    return WithLateness(a, call.Today(), cal);
  });
}

absl::StatusOr<v1::Assessment> RecordAssessmentProgress(
    Call& call, const v1::RecordAssessmentProgressRequest& req) {
  return AssessmentStep(call, req.name(), req.date(), "date", "progress",
                        [&](const DccAssessment& a, Date day) {
                          return RecordProgress(a, day, req.note());
                        });
}

absl::StatusOr<v1::Assessment> DeliverAssessment(Call& call,
                                                 const v1::DeliverAssessmentRequest& req) {
  return AssessmentStep(call, req.name(), req.delivery_date(), "delivery_date", "deliver",
                        [](const DccAssessment& a, Date day) { return Deliver(a, day); });
}

absl::StatusOr<v1::ListAssessmentsResponse> ListAssessments(
    Call& call, const v1::ListAssessmentsRequest& req) {
  std::string ref;
  if (!req.modification().empty()) {
    SEC_ASSIGN_OR_RETURN(ref, ParseModificationName(req.modification(), "modification"));
  }
  SEC_ASSIGN_OR_RETURN(Date as_of, call.DateOrToday(req.as_of(), "as_of"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListAssessmentsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredDccAssessment> rows,
                         storage::ListAssessments(tx, ref));
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar cal, storage::LoadWorkingDayCalendar(tx));
    if (req.overdue_only()) {
      rows.erase(std::remove_if(rows.begin(), rows.end(),
                                [&](const storage::StoredDccAssessment& a) {
                                  return !IsOverdue(a.assessment, as_of);
                                }),
                 rows.end());
    }
    v1::ListAssessmentsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("assessments|", ref, "|", req.overdue_only(), "|", req.as_of()),
        req.page_size(), req.page_token(),
        [](const storage::StoredDccAssessment& a) { return SortableNumber(a.id); }, rows,
        out.mutable_next_page_token()));
    for (const auto& a : rows) *out.add_assessments() = WithLateness(a, as_of, cal);
    return out;
  });
}

absl::StatusOr<v1::Decision> WaiveAssessment(Call& call, const v1::WaiveAssessmentRequest& req) {
  // Named by the assessment, or by the proposal (each of its outstanding assessments).
  std::optional<int64_t> one;
  std::string ref;
  if (absl::StartsWith(req.name(), "assessments/")) {
    SEC_ASSIGN_OR_RETURN(one, ParseAssessmentName(req.name(), "name"));
  } else {
    SEC_ASSIGN_OR_RETURN(ref, ParseModificationName(req.name(), "name"));
  }
  if (req.reason().empty()) return InvalidField("reason", "required: why the Panel goes ahead");
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Decision> {
    SEC_ASSIGN_OR_RETURN(Meeting meeting, PanelMeeting(tx, req.meeting()));
    if (one.has_value()) {
      SEC_ASSIGN_OR_RETURN(storage::StoredDccAssessment a, storage::GetAssessment(tx, *one));
      ref = a.assessment.modification;
    }
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredDccAssessment> rows,
                         storage::ListAssessments(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<AssessmentWaiver> waivers, storage::ListWaivers(tx, ref));
    std::vector<NumberedAssessment> chosen;
    for (const NumberedAssessment& a : Numbered(rows)) {
      if (one.has_value() && a.id != *one) continue;
      if (!one.has_value() && OutstandingAssessments({a}, waivers).empty()) continue;
      SEC_RETURN_IF_ERROR(CheckWaivable(a, waivers, req.reason()));
      chosen.push_back(a);
    }
    if (chosen.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(ref, ": no DCC assessment is outstanding; there is nothing to waive"));
    }
    std::vector<std::string> names;
    for (const NumberedAssessment& a : chosen) names.push_back(AssessmentName(a.id));
    Decision d;
    d.meeting = meeting.id;
    d.modification = ref;
    d.kind = "ASSESSMENT_WAIVED";
    d.outcome = absl::StrCat("the Panel waives ", absl::StrJoin(names, ", "));
    d.reasons = req.reason();
    d.reference = absl::StrJoin(names, ",");
    d.day = meeting.day;
    d.status = m.status;
    d.path = m.path;
    d.record_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::InsertDecision(tx, d));
    for (const NumberedAssessment& a : chosen) {
      AssessmentWaiver w;
      w.assessment_id = a.id;
      w.modification = ref;
      w.day = meeting.day;
      w.reason = req.reason();
      w.decision_id = d.id;
      SEC_RETURN_IF_ERROR(storage::InsertWaiver(tx, w));
    }
    SEC_RETURN_IF_ERROR(CountHoldingUp(call, tx, ref, meeting.day,
                                       -static_cast<int>(chosen.size()), "assessment_waived",
                                       absl::StrCat("the Panel waives ", absl::StrJoin(names, ", "))));
    v1::Decision out = ToProto(d);
    SEC_RETURN_IF_ERROR(RecordInHistory(call, tx, m, meeting.day, "a waiver", "waive_assessment",
                                        out, req.reason()));
    return out;
  });
}

// --- Calendar ------------------------------------------------------------------------------------

absl::StatusOr<v1::LoadHolidaysResponse> LoadHolidays(Call& call,
                                                      const v1::LoadHolidaysRequest& req) {
  std::vector<Holiday> holidays;
  for (int i = 0; i < req.holidays_size(); ++i) {
    const v1::Holiday& h = req.holidays(i);
    const std::string field = absl::StrCat("holidays[", i, "]");
    SEC_ASSIGN_OR_RETURN(Date d, RequiredDate(h.date(), field + ".date"));
    if (h.name().empty()) return InvalidField(field + ".name", "required");
    holidays.push_back({d, h.name()});
  }
  if (holidays.empty()) return InvalidField("holidays", "none given");
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::LoadHolidaysResponse> {
    if (req.replace()) SEC_RETURN_IF_ERROR(storage::DeleteAllHolidays(tx));
    for (const Holiday& h : holidays) SEC_RETURN_IF_ERROR(storage::PutHoliday(tx, h));
    v1::LoadHolidaysResponse out;
    out.set_loaded(static_cast<int32_t>(holidays.size()));
    storage::StoredEvent e =
        call.Event("calendar/holidays", req.replace() ? "replace" : "load", call.Today(), nullptr,
                   &out,
                   absl::StrCat(FormatDate(holidays.front().date), "..",
                                FormatDate(holidays.back().date)));
    SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
    return out;
  });
}

absl::StatusOr<v1::ListHolidaysResponse> ListHolidays(Call& call,
                                                      const v1::ListHolidaysRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date start, DateOr(req.start_date(), Date(1, 1, 1), "start_date"));
  SEC_ASSIGN_OR_RETURN(Date end, DateOr(req.end_date(), Date(9999, 12, 31), "end_date"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListHolidaysResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<Holiday> rows, storage::ListHolidays(tx));
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Holiday& h) { return h.date < start || h.date > end; }),
               rows.end());
    v1::ListHolidaysResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("holidays|", req.start_date(), "|", req.end_date()), req.page_size(),
        req.page_token(), [](const Holiday& h) { return FormatDate(h.date); }, rows,
        out.mutable_next_page_token()));
    for (const Holiday& h : rows) {
      v1::Holiday* o = out.add_holidays();
      o->set_date(FormatDate(h.date));
      o->set_name(h.name);
    }
    return out;
  });
}

}  // namespace sec::service
