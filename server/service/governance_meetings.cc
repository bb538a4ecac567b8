// GovernanceService: meetings of the Panel and its sub-committees, the decisions the Panel takes
// at them, and the lifecycle steps every governance handler shares.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/lifecycle.h"
#include "domain/meeting.h"
#include "domain/page_token.h"
#include "service/citation.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"

namespace sec::service {

// --- Steps shared by the governance handlers ------------------------------------------------------

absl::StatusOr<Moved> ApplyEvent(const Call& call, storage::Tx& tx, const std::string& reference,
                                 LifecycleEvent event, Date day, const std::string& note,
                                 std::optional<ModPath> path) {
  SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, reference));
  absl::StatusOr<Transition> t = DecideEvent(StateOf(m), event, call.who(), day);
  if (!t.ok()) return Cited(tx, Prefixed(t.status(), absl::StrCat(reference, ": ")), day);
  Moved out;
  out.before = ToProto(m);
  const int64_t expected = m.version;
  const ModStatus stored_status = m.status;
  m.status = t->to;
  m.suspended_from = t->suspended_from;
  if (path.has_value()) m.path = *path;
  m.version += 1;
  m.update_time_us = call.NowMicros();
  m.last_event_date = day;
  SEC_RETURN_IF_ERROR(storage::UpdateModification(tx, m, expected, stored_status));
  const v1::Modification after = ToProto(m);
  storage::StoredEvent e =
      call.Event(after.name(), LifecycleEventName(event), day, &out.before, &after, note);
  e.status = StatusCode(m.status);
  SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
  out.after = std::move(m);
  return out;
}

absl::StatusOr<Moved> ChangeProposal(const Call& call, storage::Tx& tx,
                                     const std::string& reference, Date day, std::string kind,
                                     std::string note,
                                     absl::FunctionRef<void(Modification&)> change) {
  SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, reference));
  Moved out;
  out.before = ToProto(m);
  const int64_t expected = m.version;
  change(m);
  m.version += 1;
  m.update_time_us = call.NowMicros();
  SEC_RETURN_IF_ERROR(storage::UpdateModification(tx, m, expected, m.status));
  const v1::Modification after = ToProto(m);
  storage::StoredEvent e =
      call.Event(after.name(), std::move(kind), day, &out.before, &after, std::move(note));
  SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
  out.after = std::move(m);
  return out;
}

absl::StatusOr<v1::Decision> RecordDecision(const Call& call, storage::Tx& tx,
                                            const std::string& meeting, const Modification& m,
                                            LifecycleEvent event, std::string outcome,
                                            std::string reasons, std::string reference, Date day,
                                            std::vector<TimetableEntry> timetable) {
  Decision d;
  d.meeting = meeting;
  d.modification = m.reference;
  d.kind = DecisionKind(event);
  d.outcome = std::move(outcome);
  d.reasons = std::move(reasons);
  d.reference = std::move(reference);
  d.day = day;
  d.status = m.status;
  d.path = m.path;
  d.timetable = std::move(timetable);
  d.record_time_us = call.NowMicros();
  SEC_RETURN_IF_ERROR(storage::InsertDecision(tx, d));
  return ToProto(d);
}

absl::StatusOr<Consultation> LoadConsultation(storage::Tx& tx,
                                                          const std::string& ref) {
  SEC_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                       storage::FindConsultation(tx, ref));
  if (!c.has_value()) {
    return absl::NotFoundError(absl::StrCat("no consultation has been issued for ", ref));
  }
  return *std::move(c);
}

absl::StatusOr<int> CurrentRound(storage::Tx& tx, const std::string& ref) {
  SEC_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                       storage::FindConsultation(tx, ref));
  return c.has_value() ? c->round : 1;
}

absl::Status RecordInHistory(Call& call, storage::Tx& tx, const Modification& m, Date day,
                             absl::string_view what, std::string kind,
                             const google::protobuf::Message& act, std::string note) {
  SEC_RETURN_IF_ERROR(
      Cited(tx, Prefixed(CheckTimeline(StateOf(m), day, what), absl::StrCat(m.reference, ": ")),
            day));
  if (!m.last_event_date.has_value() || *m.last_event_date < day) {
    SEC_RETURN_IF_ERROR(storage::TouchModification(tx, m.reference, day));
  }
  storage::StoredEvent e =
      call.Event(ModificationName(m.reference), std::move(kind), day, nullptr, &act, std::move(note));
  e.status = StatusCode(m.status);
  return storage::AppendEvent(tx, e);
}

absl::StatusOr<Meeting> PanelMeeting(storage::Tx& tx, const std::string& name) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParseMeetingName(name, "meeting"));
  SEC_ASSIGN_OR_RETURN(Meeting m, storage::GetMeeting(tx, id));
  SEC_RETURN_IF_ERROR(RequirePanelMeeting(m.body, name, "meeting"));
  return m;
}

absl::StatusOr<std::vector<TimetableEntry>> ParseTimetable(
    const google::protobuf::RepeatedPtrField<v1::TimetableEntry>& in) {
  std::vector<TimetableEntry> out;
  for (int i = 0; i < in.size(); ++i) {
    const std::string field = absl::StrCat("timetable[", i, "]");
    if (in[i].milestone().empty()) return InvalidField(field + ".milestone", "required");
    SEC_ASSIGN_OR_RETURN(Date d, RequiredDate(in[i].target_date(), field + ".target_date"));
    SEC_ASSIGN_OR_RETURN(std::optional<ModStatus> stage,
                         StatusEnum().Optional(in[i].stage(), field + ".stage"));
    out.push_back({in[i].milestone(), d, stage});
  }
  return out;
}

namespace {


// A Panel decision at a meeting: the lifecycle step, dated by the meeting, and its record.
template <typename Request>
absl::StatusOr<v1::Decision> PanelDecision(Call& call, const Request& req, LifecycleEvent event,
                                           std::optional<ModPath> path = std::nullopt,
                                           std::vector<TimetableEntry> timetable = {}) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.name(), "name"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Decision> {
    SEC_ASSIGN_OR_RETURN(Meeting meeting, PanelMeeting(tx, req.meeting()));
    SEC_ASSIGN_OR_RETURN(Moved moved,
                         ApplyEvent(call, tx, ref, event, meeting.day, req.outcome(), path));
    return RecordDecision(call, tx, meeting.id, moved.after, event, req.outcome(), req.reasons(),
                          "", meeting.day, timetable);
  });
}

}  // namespace

// --- Meetings ------------------------------------------------------------------------------------

absl::StatusOr<v1::Meeting> CreateMeeting(Call& call, const v1::CreateMeetingRequest& req) {
  const v1::Meeting& in = req.meeting();
  Meeting m;
  SEC_ASSIGN_OR_RETURN(m.body, BodyEnum().FromProto(in.body(), "meeting.body"));
  m.number = in.number();
  SEC_ASSIGN_OR_RETURN(m.id, MeetingId(m.body, m.number));
  SEC_ASSIGN_OR_RETURN(m.day, RequiredDate(in.date(), "meeting.date"));
  if (!in.name().empty() && in.name() != MeetingName(m.id)) {
    return InvalidField("meeting.name",
                        absl::StrCat("must be ", MeetingName(m.id), " (body and number) or empty"));
  }
  m.items.assign(in.items().begin(), in.items().end());
  m.comment = in.comment();
  m.create_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Meeting> {
    SEC_RETURN_IF_ERROR(storage::InsertMeeting(tx, m));
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
    return call.Recorded(tx, ToProto(m, calendar), "create", m.day);
  });
}

absl::StatusOr<v1::Meeting> GetMeeting(Call& call, const v1::GetMeetingRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParseMeetingName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Meeting> {
    SEC_ASSIGN_OR_RETURN(Meeting m, storage::GetMeeting(tx, id));
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
    return ToProto(m, calendar);
  });
}

absl::StatusOr<v1::ListMeetingsResponse> ListMeetings(Call& call,
                                                      const v1::ListMeetingsRequest& req) {
  storage::MeetingQuery q;
  SEC_ASSIGN_OR_RETURN(q.body, BodyEnum().Optional(req.body(), "body"));
  SEC_ASSIGN_OR_RETURN(q.start, DateOr(req.start_date(), q.start, "start_date"));
  SEC_ASSIGN_OR_RETURN(q.end, DateOr(req.end_date(), q.end, "end_date"));
  SEC_ASSIGN_OR_RETURN(int size, ResolvePageSize(req.page_size(), 50, 1000));
  const std::string query =
      absl::StrCat("meetings|", q.body ? BodyCode(*q.body) : "", "|", FormatDate(q.start), "|", FormatDate(q.end));
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, req.page_token()));
  if (cursor.last_key.size() == 2) {
    absl::StatusOr<Date> d = ParseDate(cursor.last_key[0], "page_token");
    if (!d.ok()) return InvalidField("page_token", "not a token from this listing");
    q.after = std::make_pair(*d, cursor.last_key[1]);
  }
  q.limit = size + 1;
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListMeetingsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<Meeting> rows, storage::ListMeetings(tx, q));
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
    v1::ListMeetingsResponse out;
    const bool more = static_cast<int>(rows.size()) > size;
    if (more) rows.pop_back();
    for (const auto& m : rows) *out.add_meetings() = ToProto(m, calendar);
    if (more) {
      out.set_next_page_token(
          EncodePageToken(query, {{FormatDate(rows.back().day), rows.back().id}}));
    }
    return out;
  });
}

absl::StatusOr<v1::Meeting> GetNextMeeting(Call& call, const v1::GetNextMeetingRequest& req) {
  SEC_ASSIGN_OR_RETURN(MeetingBody body, BodyEnum().FromProto(req.body(), "body"));
  SEC_ASSIGN_OR_RETURN(Date after, call.DateOrToday(req.after_date(), "after_date"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Meeting> {
    SEC_ASSIGN_OR_RETURN(std::optional<Meeting> m,
                         storage::NextMeeting(tx, body, after));
    if (!m.has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no ", BodyCode(body), " meeting is scheduled after ", FormatDate(after)));
    }
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
    return ToProto(*m, calendar);
  });
}

// --- Panel decisions ----------------------------------------------------------------------------

absl::StatusOr<v1::Decision> AcceptInitialReport(Call& call,
                                                 const v1::AcceptInitialReportRequest& req) {
  SEC_ASSIGN_OR_RETURN(LifecycleEvent event,
                       ImrDestinationEnum().FromProto(req.destination(), "destination"));
  SEC_ASSIGN_OR_RETURN(ModPath path, FromProto(req.path(), "path"));
  if (path == ModPath::kUnset) {
    return InvalidField("path",
                        "the Panel sets the path when it accepts an IMR (PATH_1, PATH_2 or PATH_3)");
  }
  SEC_ASSIGN_OR_RETURN(std::vector<TimetableEntry> timetable, ParseTimetable(req.timetable()));
  return PanelDecision(call, req, event, path, std::move(timetable));
}

absl::StatusOr<v1::Decision> CompleteRefinement(Call& call,
                                                const v1::CompleteRefinementRequest& req) {
  return PanelDecision(call, req, LifecycleEvent::kRefinementComplete);
}

absl::StatusOr<v1::Decision> ApproveFastTrack(Call& call, const v1::ApproveFastTrackRequest& req) {
  return PanelDecision(call, req, LifecycleEvent::kApproveFastTrack);
}

absl::StatusOr<v1::Decision> ReferToSecretaryOfState(
    Call& call, const v1::ReferToSecretaryOfStateRequest& req) {
  return PanelDecision(call, req, LifecycleEvent::kReferToSecretaryOfState);
}

absl::StatusOr<v1::ListDecisionsResponse> ListDecisions(Call& call,
                                                        const v1::ListDecisionsRequest& req) {
  std::string meeting, ref;
  if (!req.meeting().empty()) {
    SEC_ASSIGN_OR_RETURN(meeting, ParseMeetingName(req.meeting(), "meeting"));
  }
  if (!req.modification().empty()) {
    SEC_ASSIGN_OR_RETURN(ref, ParseModificationName(req.modification(), "modification"));
  }
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListDecisionsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<Decision> rows,
                         storage::ListDecisions(tx, meeting, ref));
    v1::ListDecisionsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("decisions|", meeting, "|", ref), req.page_size(), req.page_token(),
        [](const Decision& d) { return SortableNumber(d.id); }, rows,
        out.mutable_next_page_token()));
    for (const auto& d : rows) *out.add_decisions() = ToProto(d);
    return out;
  });
}

}  // namespace sec::service
