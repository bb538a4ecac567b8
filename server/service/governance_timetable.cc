// GovernanceService: a proposal's timetable, from its history and the Panel's timetables, and
// the Panel's revisions of it.

#include <string>
#include <vector>

#include "domain/errors.h"
#include "domain/names.h"
#include "domain/timetable.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"
#include "storage/register_store.h"

namespace sec::service {
namespace {

void SetDate(const std::optional<Date>& d, std::string* out) {
  if (d.has_value()) *out = FormatDate(*d);
}

}  // namespace

absl::StatusOr<v1::Timetable> GetTimetable(Call& call, const v1::GetTimetableRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.name(), "name"));
  SEC_ASSIGN_OR_RETURN(Date as_of, call.DateOrToday(req.as_of(), "as_of"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Timetable> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<StatusChange> history, storage::StatusHistory(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<Decision> decisions, storage::ListDecisions(tx, "", ref));
    v1::Timetable out;
    out.set_modification(ModificationName(ref));
    for (const StagePlan& p : PlanStages(m.date_raised, history, decisions)) {
      v1::StageTimetable* s = out.add_stages();
      s->set_stage(ToProto(p.stage));
      SetDate(p.start, s->mutable_start_date());
      SetDate(p.planned_end, s->mutable_planned_end_date());
      SetDate(p.revised_end, s->mutable_revised_end_date());
      SetDate(p.actual_end, s->mutable_actual_end_date());
      s->set_timeliness(TimelinessEnum().ToProto(TimelinessOn(p, as_of)));
    }
    return out;
  });
}

absl::StatusOr<v1::Decision> ReviseTimetable(Call& call, const v1::ReviseTimetableRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.name(), "name"));
  SEC_ASSIGN_OR_RETURN(std::vector<TimetableEntry> timetable, ParseTimetable(req.timetable()));
  if (timetable.empty()) return InvalidField("timetable", "required: the revised entries");
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Decision> {
    SEC_ASSIGN_OR_RETURN(Meeting meeting, PanelMeeting(tx, req.meeting()));
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(CheckOpen(m));
    Decision d;
    d.meeting = meeting.id;
    d.modification = ref;
    d.kind = "TIMETABLE_REVISED";
    d.outcome = "the Panel revises the timetable";
    d.reasons = req.reasons();
    d.day = meeting.day;
    d.status = m.status;
    d.path = m.path;
    d.timetable = std::move(timetable);
    d.record_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::InsertDecision(tx, d));
    v1::Decision out = ToProto(d);
    SEC_RETURN_IF_ERROR(RecordInHistory(call, tx, m, meeting.day, "a timetable revision",
                                        "revise_timetable", out, req.reasons()));
    return out;
  });
}

}  // namespace sec::service
