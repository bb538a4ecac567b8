// GovernanceServiceImpl: meetings of the Panel and its sub-committees, and the decisions the Panel
// takes at them.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/lifecycle.h"
#include "domain/page_token.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {

namespace {

// A Panel decision is taken at a Panel meeting and dated by it.
absl::StatusOr<storage::MeetingRow> PanelMeeting(storage::Tx& tx, const std::string& name) {
  absl::StatusOr<std::string> id = ParseMeetingName(name, "meeting");
  if (!id.ok()) return id.status();
  absl::StatusOr<storage::MeetingRow> m = storage::GetMeeting(tx, *id);
  if (!m.ok()) return m.status();
  if (m->body != kPanelBody) {
    return absl::InvalidArgumentError(
        absl::StrCat("meeting: ", name, " is a ", m->body, " meeting, not a Panel meeting"));
  }
  return m;
}

absl::StatusOr<std::vector<storage::TimetableRow>> Timetable(
    const google::protobuf::RepeatedPtrField<v1::TimetableEntry>& in) {
  std::vector<storage::TimetableRow> out;
  for (const v1::TimetableEntry& e : in) {
    if (e.milestone().empty() || e.milestone().size() > 200) {
      return absl::InvalidArgumentError("timetable.milestone: 1-200 characters");
    }
    absl::StatusOr<Date> d = RequiredDate(e.target_date(), "timetable.target_date");
    if (!d.ok()) return d.status();
    out.push_back({e.milestone(), *d});
  }
  return out;
}

}  // namespace

// --- Meetings -----------------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::CreateMeeting(grpc::ServerContext* ctx,
                                                  const v1::CreateMeetingRequest* req,
                                                  v1::Meeting* resp) {
  return HandleRpc(
      env_, ctx, kService, "CreateMeeting", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireAnyRole(who, {Role::kSecas}, "recording a meeting"); !s.ok()) return s;
        const v1::Meeting& in = req->meeting();
        storage::MeetingRow m;
        absl::StatusOr<std::string> body = BodyCode(in.body(), "meeting.body");
        if (!body.ok()) return body.status();
        m.body = *body;
        if (in.number() <= 0) {
          return absl::InvalidArgumentError("meeting.number: a positive number is required");
        }
        m.number = in.number();
        absl::StatusOr<Date> day = RequiredDate(in.date(), "meeting.date");
        if (!day.ok()) return day.status();
        m.day = *day;
        m.id = absl::StrCat(BodySlug(m.body), "-", m.number);
        if (!in.name().empty() && in.name() != MeetingName(m.id)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "meeting.name: must be ", MeetingName(m.id), " (body and number) or empty"));
        }
        m.items.assign(in.items().begin(), in.items().end());
        m.comment = in.comment();
        if (auto s = CheckText(m.comment, "meeting.comment"); !s.ok()) return s;
        m.create_time_us = env_.NowMicros();
        return IdempotentWrite(env_, "CreateMeeting", req->request_id(), who, resp,
                               [&](storage::Tx& tx) -> absl::Status {
                                 if (auto s = storage::InsertMeeting(tx, m); !s.ok()) return s;
                                 *resp = ToProto(m);
                                 storage::StoredEvent e =
                                     NewEvent(env_, who, resp->name(), "create", FormatDate(m.day),
                                              nullptr, resp);
                                 return storage::AppendEvent(tx, e);
                               });
      });
}

grpc::Status GovernanceServiceImpl::GetMeeting(grpc::ServerContext* ctx,
                                               const v1::GetMeetingRequest* req,
                                               v1::Meeting* resp) {
  return HandleRpc(env_, ctx, kService, "GetMeeting", "", [&](const Principal&) -> absl::Status {
    absl::StatusOr<std::string> id = ParseMeetingName(req->name(), "name");
    if (!id.ok()) return id.status();
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<storage::MeetingRow> m = storage::GetMeeting(tx, *id);
      if (!m.ok()) return m.status();
      *resp = ToProto(*m);
      return absl::OkStatus();
    });
  });
}

grpc::Status GovernanceServiceImpl::ListMeetings(grpc::ServerContext* ctx,
                                                 const v1::ListMeetingsRequest* req,
                                                 v1::ListMeetingsResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListMeetings", "", [&](const Principal&) -> absl::Status {
    storage::MeetingQuery q;
    if (req->body() != v1::MEETING_BODY_UNSPECIFIED) {
      absl::StatusOr<std::string> body = BodyCode(req->body(), "body");
      if (!body.ok()) return body.status();
      q.body = *body;
    }
    if (!req->start_date().empty()) {
      absl::StatusOr<Date> d = ParseDate(req->start_date(), "start_date");
      if (!d.ok()) return d.status();
      q.start = *d;
    }
    if (!req->end_date().empty()) {
      absl::StatusOr<Date> d = ParseDate(req->end_date(), "end_date");
      if (!d.ok()) return d.status();
      q.end = *d;
    }
    absl::StatusOr<int> size = ResolvePageSize(req->page_size(), 50, 1000);
    if (!size.ok()) return size.status();
    const std::string query =
        absl::StrCat("meetings|", q.body, "|", FormatDate(q.start), "|", FormatDate(q.end));
    absl::StatusOr<PageCursor> cursor = DecodePageToken(query, req->page_token());
    if (!cursor.ok()) return cursor.status();
    if (cursor->last_key.size() == 2) {
      absl::StatusOr<Date> d = ParseDate(cursor->last_key[0], "page_token");
      if (!d.ok()) return absl::InvalidArgumentError("page_token: not a token from this listing");
      q.after = std::make_pair(*d, cursor->last_key[1]);
    }
    q.limit = *size + 1;
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<storage::MeetingRow>> rows = storage::ListMeetings(tx, q);
      if (!rows.ok()) return rows.status();
      const bool more = static_cast<int>(rows->size()) > *size;
      if (more) rows->pop_back();
      for (const auto& m : *rows) *resp->add_meetings() = ToProto(m);
      if (more) {
        resp->set_next_page_token(
            EncodePageToken(query, {{FormatDate(rows->back().day), rows->back().id}}));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status GovernanceServiceImpl::GetNextMeeting(grpc::ServerContext* ctx,
                                                   const v1::GetNextMeetingRequest* req,
                                                   v1::Meeting* resp) {
  return HandleRpc(
      env_, ctx, kService, "GetNextMeeting", "", [&](const Principal&) -> absl::Status {
        absl::StatusOr<std::string> body = BodyCode(req->body(), "body");
        if (!body.ok()) return body.status();
        absl::StatusOr<Date> after = DateOrToday(env_, req->after_date(), "after_date");
        if (!after.ok()) return after.status();
        return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
          absl::StatusOr<std::optional<storage::MeetingRow>> m =
              storage::NextMeeting(tx, *body, *after);
          if (!m.ok()) return m.status();
          if (!m->has_value()) {
            return absl::NotFoundError(
                absl::StrCat("no ", *body, " meeting is scheduled after ", FormatDate(*after)));
          }
          *resp = ToProto(**m);
          return absl::OkStatus();
        });
      });
}

// --- Panel decisions ----------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::AcceptInitialReport(grpc::ServerContext* ctx,
                                                        const v1::AcceptInitialReportRequest* req,
                                                        v1::Decision* resp) {
  return HandleRpc(
      env_, ctx, kService, "AcceptInitialReport", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        absl::StatusOr<std::string> ref = ParseModificationName(req->name(), "name");
        if (!ref.ok()) return ref.status();
        LifecycleEvent event;
        switch (req->destination()) {
          case v1::IMR_DESTINATION_REFINEMENT:
            event = LifecycleEvent::kAcceptToRefinement;
            break;
          case v1::IMR_DESTINATION_REPORT_PHASE:
            event = LifecycleEvent::kAcceptToReportPhase;
            break;
          default:
            return absl::InvalidArgumentError(
                "destination: REFINEMENT or REPORT_PHASE is required");
        }
        absl::StatusOr<ModPath> path = FromProto(req->path(), "path");
        if (!path.ok()) return path.status();
        if (*path == ModPath::kUnset) {
          return absl::InvalidArgumentError(
              "path: the Panel sets the path when it accepts an IMR (PATH_1, PATH_2 or PATH_3)");
        }
        absl::StatusOr<std::vector<storage::TimetableRow>> timetable = Timetable(req->timetable());
        if (!timetable.ok()) return timetable.status();
        for (const std::string* t : {&req->outcome(), &req->reasons()}) {
          if (auto s = CheckText(*t, "outcome/reasons"); !s.ok()) return s;
        }
        return IdempotentWrite(
            env_, "AcceptInitialReport", req->request_id(), who, resp,
            [&](storage::Tx& tx) -> absl::Status {
              absl::StatusOr<storage::MeetingRow> meeting = PanelMeeting(tx, req->meeting());
              if (!meeting.ok()) return meeting.status();
              absl::StatusOr<Moved> moved =
                  ApplyEvent(env_, tx, who, *ref, event, meeting->day, req->outcome(), *path);
              if (!moved.ok()) return moved.status();
              absl::StatusOr<v1::Decision> d =
                  RecordDecision(env_, tx, meeting->id, moved->after, "IMR_ACCEPTED",
                                 req->outcome(), req->reasons(), "", meeting->day, *timetable);
              if (!d.ok()) return d.status();
              *resp = *std::move(d);
              return absl::OkStatus();
            });
      });
}

grpc::Status GovernanceServiceImpl::CompleteRefinement(grpc::ServerContext* ctx,
                                                       const v1::CompleteRefinementRequest* req,
                                                       v1::Decision* resp) {
  return PanelDecision(ctx, "CompleteRefinement", LifecycleEvent::kRefinementComplete,
                       "REFINEMENT_COMPLETE", req, resp);
}

grpc::Status GovernanceServiceImpl::ApproveFastTrack(grpc::ServerContext* ctx,
                                                     const v1::ApproveFastTrackRequest* req,
                                                     v1::Decision* resp) {
  return PanelDecision(ctx, "ApproveFastTrack", LifecycleEvent::kApproveFastTrack,
                       "FAST_TRACK_APPROVED", req, resp);
}

grpc::Status GovernanceServiceImpl::ReferToSecretaryOfState(
    grpc::ServerContext* ctx, const v1::ReferToSecretaryOfStateRequest* req, v1::Decision* resp) {
  return PanelDecision(ctx, "ReferToSecretaryOfState", LifecycleEvent::kReferToSecretaryOfState,
                       "REFERRAL", req, resp);
}

grpc::Status GovernanceServiceImpl::ListDecisions(grpc::ServerContext* ctx,
                                                  const v1::ListDecisionsRequest* req,
                                                  v1::ListDecisionsResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListDecisions", "", [&](const Principal&) -> absl::Status {
    std::string meeting, ref;
    if (!req->meeting().empty()) {
      absl::StatusOr<std::string> id = ParseMeetingName(req->meeting(), "meeting");
      if (!id.ok()) return id.status();
      meeting = *id;
    }
    if (!req->modification().empty()) {
      absl::StatusOr<std::string> r = ParseModificationName(req->modification(), "modification");
      if (!r.ok()) return r.status();
      ref = *r;
    }
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<storage::DecisionRow>> rows =
          storage::ListDecisions(tx, meeting, ref);
      if (!rows.ok()) return rows.status();
      if (auto s = PageRows(
              absl::StrCat("decisions|", meeting, "|", ref), req->page_size(), req->page_token(),
              [](const storage::DecisionRow& d) { return SortableNumber(d.id); }, *rows,
              resp->mutable_next_page_token());
          !s.ok()) {
        return s;
      }
      for (const auto& d : *rows) *resp->add_decisions() = ToProto(d);
      return absl::OkStatus();
    });
  });
}

// --- Helpers ------------------------------------------------------------------------------------

template <typename Request>
grpc::Status GovernanceServiceImpl::PanelDecision(grpc::ServerContext* ctx,
                                                  absl::string_view method, LifecycleEvent event,
                                                  const char* kind, const Request* req,
                                                  v1::Decision* resp) {
  return HandleRpc(
      env_, ctx, kService, method, req->request_id(), [&](const Principal& who) -> absl::Status {
        absl::StatusOr<std::string> ref = ParseModificationName(req->name(), "name");
        if (!ref.ok()) return ref.status();
        for (const std::string* t : {&req->outcome(), &req->reasons()}) {
          if (auto s = CheckText(*t, "outcome/reasons"); !s.ok()) return s;
        }
        return IdempotentWrite(
            env_, method, req->request_id(), who, resp, [&](storage::Tx& tx) -> absl::Status {
              absl::StatusOr<storage::MeetingRow> meeting = PanelMeeting(tx, req->meeting());
              if (!meeting.ok()) return meeting.status();
              absl::StatusOr<Moved> moved =
                  ApplyEvent(env_, tx, who, *ref, event, meeting->day, req->outcome());
              if (!moved.ok()) return moved.status();
              absl::StatusOr<v1::Decision> d =
                  RecordDecision(env_, tx, meeting->id, moved->after, kind, req->outcome(),
                                 req->reasons(), "", meeting->day);
              if (!d.ok()) return d.status();
              *resp = *std::move(d);
              return absl::OkStatus();
            });
      });
}

}  // namespace sec::service
