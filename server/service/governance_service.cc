#include "service/governance_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/change_board.h"
#include "domain/consultation.h"
#include "domain/dcc_assessment.h"
#include "domain/lifecycle.h"
#include "domain/page_token.h"
#include "domain/ssc.h"
#include "domain/status_report.h"
#include "sec/v1/governance.grpc.pb.h"
#include "service/governance_convert.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"

namespace sec::service {
namespace {

constexpr char kService[] = "sec.v1.GovernanceService";

// Text limits for free-text fields recorded with decisions.
constexpr size_t kMaxText = 4000;

absl::Status CheckText(const std::string& text, absl::string_view field) {
  if (text.size() > kMaxText) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", kMaxText, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Date> RequiredDate(const std::string& text, absl::string_view field) {
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return ParseDate(text, field);
}

// What one lifecycle step did: the proposal before and after.
struct Moved {
  v1::Modification before;
  Modification after;
};

// Moves a proposal by one event of the lifecycle table: DecideEvent (the only place that
// decides), a version-checked update, and a history event whose status is the new status and
// whose effective date is the business date of the decision. `path` is set when the Panel
// accepts an IMR.
absl::StatusOr<Moved> ApplyEvent(const ServiceEnv& env, storage::Tx& tx, const Principal& who,
                                 const std::string& reference, LifecycleEvent event, Date day,
                                 const std::string& note,
                                 std::optional<ModPath> path = std::nullopt) {
  absl::StatusOr<Modification> m = storage::GetModification(tx, reference);
  if (!m.ok()) return m.status();
  LifecycleState state{m->status, m->suspended_from, m->fast_track, m->path, m->proposer};
  absl::StatusOr<Transition> t = DecideEvent(state, event, who);
  if (!t.ok())
    return absl::Status(t.status().code(), absl::StrCat(reference, ": ", t.status().message()));
  Moved out;
  out.before = ToProto(*m);
  const int64_t expected = m->version;
  m->status = t->to;
  m->suspended_from = t->suspended_from;
  if (path.has_value()) m->path = *path;
  m->version += 1;
  m->update_time_us = env.NowMicros();
  if (auto s = storage::UpdateModification(tx, *m, expected); !s.ok()) return s;
  const v1::Modification after = ToProto(*m);
  storage::StoredEvent e = NewEvent(env, who, after.name(), LifecycleEventName(event),
                                    FormatDate(day), &out.before, &after, note);
  e.status = StatusCode(m->status);
  if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
  out.after = *std::move(m);
  return out;
}

// Records a decision (Panel, tally, Authority, direction) against the moved proposal.
absl::StatusOr<v1::Decision> RecordDecision(const ServiceEnv& env, storage::Tx& tx,
                                            const std::string& meeting, const Modification& m,
                                            std::string kind, std::string outcome,
                                            std::string reasons, std::string reference, Date day,
                                            std::vector<storage::TimetableRow> timetable = {}) {
  storage::DecisionRow d;
  d.meeting = meeting;
  d.modification = m.reference;
  d.kind = std::move(kind);
  d.outcome = std::move(outcome);
  d.reasons = std::move(reasons);
  d.reference = std::move(reference);
  d.day = day;
  d.status = StatusCode(m.status);
  d.path = PathCode(m.path);
  d.timetable = std::move(timetable);
  d.record_time_us = env.NowMicros();
  if (auto s = storage::InsertDecision(tx, d); !s.ok()) return s;
  return ToProto(d);
}

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

class GovernanceServiceImpl final : public v1::GovernanceService::Service {
 public:
  explicit GovernanceServiceImpl(const ServiceEnv& env) : env_(env) {}

  // --- Meetings ---------------------------------------------------------------------------------

  grpc::Status CreateMeeting(grpc::ServerContext* ctx, const v1::CreateMeetingRequest* req,
                             v1::Meeting* resp) override {
    return HandleRpc(
        env_, ctx, kService, "CreateMeeting", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s = RequireAnyRole(who, {Role::kSecas}, "recording a meeting"); !s.ok())
            return s;
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
                                       NewEvent(env_, who, resp->name(), "create",
                                                FormatDate(m.day), nullptr, resp);
                                   return storage::AppendEvent(tx, e);
                                 });
        });
  }

  grpc::Status GetMeeting(grpc::ServerContext* ctx, const v1::GetMeetingRequest* req,
                          v1::Meeting* resp) override {
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

  grpc::Status ListMeetings(grpc::ServerContext* ctx, const v1::ListMeetingsRequest* req,
                            v1::ListMeetingsResponse* resp) override {
    return HandleRpc(
        env_, ctx, kService, "ListMeetings", "", [&](const Principal&) -> absl::Status {
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
            if (!d.ok())
              return absl::InvalidArgumentError("page_token: not a token from this listing");
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

  grpc::Status GetNextMeeting(grpc::ServerContext* ctx, const v1::GetNextMeetingRequest* req,
                              v1::Meeting* resp) override {
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

  // --- Panel decisions --------------------------------------------------------------------------

  grpc::Status AcceptInitialReport(grpc::ServerContext* ctx,
                                   const v1::AcceptInitialReportRequest* req,
                                   v1::Decision* resp) override {
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
          absl::StatusOr<std::vector<storage::TimetableRow>> timetable =
              Timetable(req->timetable());
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

  grpc::Status CompleteRefinement(grpc::ServerContext* ctx, const v1::CompleteRefinementRequest* req,
                                  v1::Decision* resp) override {
    return PanelDecision(ctx, "CompleteRefinement", LifecycleEvent::kRefinementComplete,
                         "REFINEMENT_COMPLETE", req, resp);
  }
  grpc::Status ApproveFastTrack(grpc::ServerContext* ctx, const v1::ApproveFastTrackRequest* req,
                                v1::Decision* resp) override {
    return PanelDecision(ctx, "ApproveFastTrack", LifecycleEvent::kApproveFastTrack,
                         "FAST_TRACK_APPROVED", req, resp);
  }
  grpc::Status ReferToSecretaryOfState(grpc::ServerContext* ctx,
                                       const v1::ReferToSecretaryOfStateRequest* req,
                                       v1::Decision* resp) override {
    return PanelDecision(ctx, "ReferToSecretaryOfState", LifecycleEvent::kReferToSecretaryOfState,
                         "REFERRAL", req, resp);
  }

  grpc::Status ListDecisions(grpc::ServerContext* ctx, const v1::ListDecisionsRequest* req,
                             v1::ListDecisionsResponse* resp) override {
    return HandleRpc(
        env_, ctx, kService, "ListDecisions", "", [&](const Principal&) -> absl::Status {
          std::string meeting, ref;
          if (!req->meeting().empty()) {
            absl::StatusOr<std::string> id = ParseMeetingName(req->meeting(), "meeting");
            if (!id.ok()) return id.status();
            meeting = *id;
          }
          if (!req->modification().empty()) {
            absl::StatusOr<std::string> r =
                ParseModificationName(req->modification(), "modification");
            if (!r.ok()) return r.status();
            ref = *r;
          }
          return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
            absl::StatusOr<std::vector<storage::DecisionRow>> rows =
                storage::ListDecisions(tx, meeting, ref);
            if (!rows.ok()) return rows.status();
            for (const auto& d : *rows) *resp->add_decisions() = ToProto(d);
            return absl::OkStatus();
          });
        });
  }

  // --- Consultations ----------------------------------------------------------------------------

  grpc::Status IssueConsultation(grpc::ServerContext* ctx, const v1::IssueConsultationRequest* req,
                                 v1::Consultation* resp) override {
    return HandleRpc(
        env_, ctx, kService, "IssueConsultation", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
          if (!ref.ok()) return ref.status();
          absl::StatusOr<Date> issued = DateOrToday(env_, req->issue_date(), "issue_date");
          if (!issued.ok()) return issued.status();
          absl::StatusOr<Date> deadline = RequiredDate(req->deadline(), "deadline");
          if (!deadline.ok()) return deadline.status();
          if (auto s = ValidateConsultation(*issued, *deadline, req->contact()); !s.ok()) return s;
          return IdempotentWrite(
              env_, "IssueConsultation", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                absl::StatusOr<Moved> moved = ApplyEvent(
                    env_, tx, who, *ref, LifecycleEvent::kIssueConsultation, *issued,
                    absl::StrCat("responses by ", FormatDate(*deadline), " to ", req->contact()));
                if (!moved.ok()) return moved.status();
                absl::StatusOr<std::optional<storage::ConsultationRow>> prior =
                    storage::FindConsultation(tx, *ref);
                if (!prior.ok()) return prior.status();
                storage::ConsultationRow c;
                c.modification = *ref;
                c.issue = *issued;
                c.deadline = *deadline;
                c.contact = req->contact();
                c.open = true;
                std::optional<v1::Consultation> before;
                if (prior->has_value()) {
                  // Re-issued after the Authority sent the proposal back: a new round.
                  before = ToProto(**prior, 0);
                  c.round = (*prior)->round + 1;
                  c.version = (*prior)->version + 1;
                  if (auto s = storage::UpdateConsultation(tx, c, (*prior)->version); !s.ok())
                    return s;
                } else {
                  c.round = 1;
                  c.version = 1;
                  if (auto s = storage::InsertConsultation(tx, c); !s.ok()) return s;
                }
                *resp = ToProto(c, 0);
                storage::StoredEvent e =
                    NewEvent(env_, who, resp->name(), "issue", FormatDate(*issued),
                             before ? &*before : nullptr, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status GetConsultation(grpc::ServerContext* ctx, const v1::GetConsultationRequest* req,
                               v1::Consultation* resp) override {
    return HandleRpc(env_, ctx, kService, "GetConsultation", "",
                     [&](const Principal&) -> absl::Status {
                       absl::StatusOr<std::string> ref = ParseConsultationName(req->name(), "name");
                       if (!ref.ok()) return ref.status();
                       return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                         absl::StatusOr<storage::ConsultationRow> c = LoadConsultation(tx, *ref);
                         if (!c.ok()) return c.status();
                         absl::StatusOr<int> n = storage::CountResponses(tx, *ref, c->round);
                         if (!n.ok()) return n.status();
                         *resp = ToProto(*c, *n);
                         return absl::OkStatus();
                       });
                     });
  }

  grpc::Status RespondToConsultation(grpc::ServerContext* ctx,
                                     const v1::RespondToConsultationRequest* req,
                                     v1::ConsultationResponse* resp) override {
    return HandleRpc(
        env_, ctx, kService, "RespondToConsultation", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s =
                  RequireAnyRole(who, {Role::kParty, Role::kSecas}, "responding to a consultation");
              !s.ok()) {
            return s;
          }
          absl::StatusOr<std::string> ref = ParseConsultationName(req->name(), "name");
          if (!ref.ok()) return ref.status();
          std::string party = who.party_id;
          if (!req->party().empty()) {
            absl::StatusOr<std::string> p = ParsePartyName(req->party(), "party");
            if (!p.ok()) return p.status();
            party = *p;
          }
          if (party.empty())
            return absl::InvalidArgumentError("party: required, e.g. parties/british-gas");
          if (!who.Has(Role::kSecas) && !who.ActsFor(party)) {
            return absl::PermissionDeniedError(absl::StrCat(
                who.name, " may respond only for its own party (parties/", who.party_id, ")"));
          }
          if (req->position() == v1::CONSULTATION_POSITION_UNSPECIFIED) {
            return absl::InvalidArgumentError("position: SUPPORT, OPPOSE or COMMENT is required");
          }
          if (auto s = CheckText(req->text(), "text"); !s.ok()) return s;
          absl::StatusOr<Date> day = DateOrToday(env_, req->response_date(), "response_date");
          if (!day.ok()) return day.status();
          return IdempotentWrite(
              env_, "RespondToConsultation", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                absl::StatusOr<storage::ConsultationRow> c = LoadConsultation(tx, *ref);
                if (!c.ok()) return c.status();
                absl::StatusOr<Party> p = storage::GetParty(tx, party);
                if (!p.ok()) return p.status();
                if (auto s = CheckResponse(c->open, c->issue, c->deadline, p->category, *day);
                    !s.ok()) {
                  return absl::Status(s.code(), absl::StrCat(*ref, ": ", s.message()));
                }
                storage::ResponseRow r;
                r.modification = *ref;
                r.round = c->round;
                r.party = party;
                r.position = v1::ConsultationPosition_Name(req->position())
                                 .substr(std::string("CONSULTATION_POSITION_").size());
                r.text = req->text();
                r.day = *day;
                r.principal = who.name;
                if (auto s = storage::PutResponse(tx, r); !s.ok()) return s;
                *resp = ToProto(r);
                storage::StoredEvent e = NewEvent(env_, who, ConsultationName(*ref), "respond",
                                                  FormatDate(*day), nullptr, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status CloseConsultation(grpc::ServerContext* ctx, const v1::CloseConsultationRequest* req,
                                 v1::Consultation* resp) override {
    return HandleRpc(
        env_, ctx, kService, "CloseConsultation", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          absl::StatusOr<std::string> ref = ParseConsultationName(req->name(), "name");
          if (!ref.ok()) return ref.status();
          absl::StatusOr<Date> day = DateOrToday(env_, req->close_date(), "close_date");
          if (!day.ok()) return day.status();
          return IdempotentWrite(
              env_, "CloseConsultation", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                // The role and status checks come first (through the lifecycle), then the date
                // rule; the transaction rolls back if the date rule refuses.
                absl::StatusOr<Moved> moved =
                    ApplyEvent(env_, tx, who, *ref, LifecycleEvent::kCloseConsultation, *day, "");
                if (!moved.ok()) return moved.status();
                absl::StatusOr<storage::ConsultationRow> c = LoadConsultation(tx, *ref);
                if (!c.ok()) return c.status();
                if (auto s = CheckClose(c->deadline, *day); !s.ok()) {
                  return absl::Status(s.code(), absl::StrCat(*ref, ": ", s.message()));
                }
                const v1::Consultation before = ToProto(*c, 0);
                const int64_t expected = c->version;
                c->open = false;
                c->closed = *day;
                c->version += 1;
                if (auto s = storage::UpdateConsultation(tx, *c, expected); !s.ok()) return s;
                absl::StatusOr<int> n = storage::CountResponses(tx, *ref, c->round);
                if (!n.ok()) return n.status();
                *resp = ToProto(*c, *n);
                storage::StoredEvent e =
                    NewEvent(env_, who, resp->name(), "close", FormatDate(*day), &before, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status ListConsultationResponses(grpc::ServerContext* ctx,
                                         const v1::ListConsultationResponsesRequest* req,
                                         v1::ListConsultationResponsesResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListConsultationResponses", "",
                     [&](const Principal&) -> absl::Status {
                       absl::StatusOr<std::string> ref = ParseConsultationName(req->name(), "name");
                       if (!ref.ok()) return ref.status();
                       return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                         absl::StatusOr<storage::ConsultationRow> c = LoadConsultation(tx, *ref);
                         if (!c.ok()) return c.status();
                         absl::StatusOr<std::vector<storage::ResponseRow>> rows =
                             storage::ListResponses(tx, *ref, c->round);
                         if (!rows.ok()) return rows.status();
                         for (const auto& r : *rows) *resp->add_responses() = ToProto(r);
                         return absl::OkStatus();
                       });
                     });
  }

  // --- Change Board -----------------------------------------------------------------------------

  grpc::Status CastVote(grpc::ServerContext* ctx, const v1::CastVoteRequest* req,
                        v1::Vote* resp) override {
    return HandleRpc(
        env_, ctx, kService, "CastVote", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s = RequireAnyRole(who, {Role::kChangeBoard}, "voting at the Change Board");
              !s.ok()) {
            return s;
          }
          absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
          if (!ref.ok()) return ref.status();
          const v1::Vote& in = req->vote();
          storage::VoteRow v;
          v.modification = *ref;
          v.vote.member = in.member().empty() ? who.name : in.member();
          absl::StatusOr<PartyCategory> group = FromProto(in.voting_group(), "vote.voting_group");
          if (!group.ok()) return group.status();
          v.vote.voting_group = *group;
          if (in.choice() == v1::VOTE_CHOICE_UNSPECIFIED) {
            return absl::InvalidArgumentError(
                "vote.choice: APPROVE, REJECT or ABSTAIN is required");
          }
          v.vote.choice = static_cast<VoteChoice>(static_cast<int>(in.choice()) - 1);
          v.vote.reason = in.reason();
          if (auto s = ValidateVote(v.vote); !s.ok()) return s;
          absl::StatusOr<Date> day = DateOrToday(env_, in.vote_date(), "vote.vote_date");
          if (!day.ok()) return day.status();
          v.day = *day;
          return IdempotentWrite(
              env_, "CastVote", req->request_id(), who, resp, [&](storage::Tx& tx) -> absl::Status {
                absl::StatusOr<Modification> m = storage::GetModification(tx, *ref);
                if (!m.ok()) return m.status();
                if (m->status != ModStatus::kChangeBoard) {
                  return absl::FailedPreconditionError(absl::StrCat(
                      *ref, " is ", StatusCode(m->status), " (", StatusTitle(m->status),
                      "); votes are cast only while it is at the Change Board"));
                }
                absl::StatusOr<int> round = CurrentRound(tx, *ref);
                if (!round.ok()) return round.status();
                v.round = *round;
                if (auto s = storage::InsertVote(tx, v); !s.ok()) return s;
                *resp = ToProto(v);
                storage::StoredEvent e = NewEvent(env_, who, ModificationName(*ref), "vote",
                                                  FormatDate(*day), nullptr, resp, v.vote.reason);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status ListVotes(grpc::ServerContext* ctx, const v1::ListVotesRequest* req,
                         v1::ListVotesResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListVotes", "", [&](const Principal&) -> absl::Status {
      absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
      if (!ref.ok()) return ref.status();
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        if (auto s = storage::GetModification(tx, *ref).status(); !s.ok()) return s;
        absl::StatusOr<int> round = CurrentRound(tx, *ref);
        if (!round.ok()) return round.status();
        absl::StatusOr<std::vector<storage::VoteRow>> rows = storage::ListVotes(tx, *ref, *round);
        if (!rows.ok()) return rows.status();
        for (const auto& v : *rows) *resp->add_votes() = ToProto(v);
        return absl::OkStatus();
      });
    });
  }

  grpc::Status TallyVotes(grpc::ServerContext* ctx, const v1::TallyVotesRequest* req,
                          v1::TallyResult* resp) override {
    return HandleRpc(
        env_, ctx, kService, "TallyVotes", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s = RequireAnyRole(who, {Role::kChangeBoard}, "tallying the Change Board vote");
              !s.ok()) {
            return s;
          }
          absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
          if (!ref.ok()) return ref.status();
          return IdempotentWrite(
              env_, "TallyVotes", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                std::string meeting_id;
                absl::StatusOr<Date> day = DateOrToday(env_, req->tally_date(), "tally_date");
                if (!req->meeting().empty()) {
                  absl::StatusOr<std::string> id = ParseMeetingName(req->meeting(), "meeting");
                  if (!id.ok()) return id.status();
                  absl::StatusOr<storage::MeetingRow> m = storage::GetMeeting(tx, *id);
                  if (!m.ok()) return m.status();
                  meeting_id = m->id;
                  day = m->day;
                }
                if (!day.ok()) return day.status();
                absl::StatusOr<Modification> m = storage::GetModification(tx, *ref);
                if (!m.ok()) return m.status();
                if (m->status != ModStatus::kChangeBoard) {
                  return absl::FailedPreconditionError(absl::StrCat(
                      *ref, " is ", StatusCode(m->status), " (", StatusTitle(m->status),
                      "); only a proposal at the Change Board has a vote to tally"));
                }
                absl::StatusOr<int> round = CurrentRound(tx, *ref);
                if (!round.ok()) return round.status();
                absl::StatusOr<std::vector<storage::VoteRow>> rows =
                    storage::ListVotes(tx, *ref, *round);
                if (!rows.ok()) return rows.status();
                std::vector<Vote> votes;
                for (const auto& v : *rows) votes.push_back(v.vote);
                absl::StatusOr<Tally> tally = sec::TallyVotes(votes);
                if (!tally.ok()) {
                  return absl::Status(tally.status().code(),
                                      absl::StrCat(*ref, ": ", tally.status().message()));
                }
                absl::StatusOr<LifecycleEvent> event = TallyEvent(*tally, m->path);
                if (!event.ok()) return event.status();
                const std::string outcome = absl::StrCat(
                    *event == LifecycleEvent::kChangeBoardRecommend
                        ? (tally->approved ? "recommends approval to the Authority"
                                           : "recommends rejection to the Authority")
                        : (tally->approved ? "approved" : "rejected"),
                    ": ", tally->groups_approving, " group(s) approve, ", tally->groups_rejecting,
                    " reject, ", tally->groups_without_view, " without a view");
                absl::StatusOr<Moved> moved =
                    ApplyEvent(env_, tx, who, *ref, *event, *day, outcome);
                if (!moved.ok()) return moved.status();
                absl::StatusOr<v1::Decision> d =
                    RecordDecision(env_, tx, meeting_id, moved->after, "CHANGE_BOARD_TALLY",
                                   outcome, "", "", *day);
                if (!d.ok()) return d.status();
                *resp->mutable_decision() = *std::move(d);
                for (const GroupTally& g : tally->groups) {
                  v1::GroupTally* out = resp->add_groups();
                  out->set_group(ToProto(g.group));
                  out->set_approve(g.approve);
                  out->set_reject(g.reject);
                  out->set_abstain(g.abstain);
                  out->set_view(GroupViewCode(g.view));
                }
                for (const Vote& v : tally->counted) *resp->add_counted() = VoteToProto(*ref, v);
                resp->set_groups_approving(tally->groups_approving);
                resp->set_groups_rejecting(tally->groups_rejecting);
                resp->set_approved(tally->approved);
                return absl::OkStatus();
              });
        });
  }

  // --- Authority and Secretary of State ---------------------------------------------------------

  grpc::Status DecideAsAuthority(grpc::ServerContext* ctx, const v1::DecideAsAuthorityRequest* req,
                                 v1::Decision* resp) override {
    LifecycleEvent event;
    std::string kind;
    switch (req->outcome()) {
      case v1::AUTHORITY_OUTCOME_APPROVE:
        event = LifecycleEvent::kAuthorityApprove;
        kind = "AUTHORITY_APPROVE";
        break;
      case v1::AUTHORITY_OUTCOME_REJECT:
        event = LifecycleEvent::kAuthorityReject;
        kind = "AUTHORITY_REJECT";
        break;
      case v1::AUTHORITY_OUTCOME_SEND_BACK:
        event = LifecycleEvent::kAuthoritySendBack;
        kind = "AUTHORITY_SEND_BACK";
        break;
      default:
        return HandleRpc(env_, ctx, kService, "DecideAsAuthority", req->request_id(),
                         [](const Principal&) {
                           return absl::InvalidArgumentError(
                               "outcome: APPROVE, REJECT or SEND_BACK is required");
                         });
    }
    return OutsideMeetingDecision(ctx, "DecideAsAuthority", event, kind, req->name(),
                                  req->decision_date(), req->reference(), req->reasons(),
                                  req->request_id(), resp);
  }

  grpc::Status DirectAsSecretaryOfState(grpc::ServerContext* ctx,
                                        const v1::DirectAsSecretaryOfStateRequest* req,
                                        v1::Decision* resp) override {
    LifecycleEvent event;
    std::string kind;
    switch (req->direction()) {
      case v1::DIRECTION_SUSPEND:
        event = LifecycleEvent::kSuspend;
        kind = "DIRECTION_SUSPEND";
        break;
      case v1::DIRECTION_LIFT_SUSPENSION:
        event = LifecycleEvent::kLiftSuspension;
        kind = "DIRECTION_LIFT_SUSPENSION";
        break;
      case v1::DIRECTION_CANCEL:
        event = LifecycleEvent::kCancel;
        kind = "DIRECTION_CANCEL";
        break;
      default:
        return HandleRpc(env_, ctx, kService, "DirectAsSecretaryOfState", req->request_id(),
                         [](const Principal&) {
                           return absl::InvalidArgumentError(
                               "direction: SUSPEND, LIFT_SUSPENSION or CANCEL is required");
                         });
    }
    return OutsideMeetingDecision(ctx, "DirectAsSecretaryOfState", event, kind, req->name(),
                                  req->direction_date(), req->reference(), req->reasons(),
                                  req->request_id(), resp);
  }

  // --- SEC versions -----------------------------------------------------------------------------

  grpc::Status DesignateVersion(grpc::ServerContext* ctx, const v1::DesignateVersionRequest* req,
                                v1::SecVersion* resp) override {
    return HandleRpc(
        env_, ctx, kService, "DesignateVersion", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s = RequireAnyRole(who, {Role::kSecas}, "designating an SEC version"); !s.ok()) {
            return s;
          }
          const v1::SecVersion& in = req->version();
          storage::VersionRow v;
          v.number = in.number();
          if (v.number.empty() && !in.name().empty()) {
            absl::StatusOr<std::string> n = ParseVersionName(in.name(), "version.name");
            if (!n.ok()) return n.status();
            v.number = *n;
          }
          if (v.number.empty() || v.number.size() > 32 ||
              v.number.find_first_not_of("0123456789.") != std::string::npos) {
            return absl::InvalidArgumentError("version.number: required, digits and dots like 5.6");
          }
          absl::StatusOr<Date> eff = RequiredDate(in.effective_date(), "version.effective_date");
          if (!eff.ok()) return eff.status();
          v.effective = *eff;
          for (const std::string& name : in.implements()) {
            absl::StatusOr<std::string> ref = ParseModificationName(name, "version.implements");
            if (!ref.ok()) return ref.status();
            v.implements.push_back(*ref);
          }
          v.sections.assign(in.sections().begin(), in.sections().end());
          v.comment = in.comment();
          if (auto s = CheckText(v.comment, "version.comment"); !s.ok()) return s;
          v.create_time_us = env_.NowMicros();
          return IdempotentWrite(
              env_, "DesignateVersion", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                if (auto s = storage::InsertVersion(tx, v); !s.ok()) return s;
                // Each implemented proposal moves APPROVED -> IMPLEMENTED, effective the day the
                // version takes effect, so reports before that day still show it approved.
                for (const std::string& ref : v.implements) {
                  absl::StatusOr<Moved> moved =
                      ApplyEvent(env_, tx, who, ref, LifecycleEvent::kImplement, v.effective,
                                 absl::StrCat("implemented by SEC version ", v.number));
                  if (!moved.ok()) return moved.status();
                }
                *resp = ToProto(v);
                storage::StoredEvent e = NewEvent(env_, who, resp->name(), "designate",
                                                  FormatDate(v.effective), nullptr, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status GetVersion(grpc::ServerContext* ctx, const v1::GetVersionRequest* req,
                          v1::SecVersion* resp) override {
    return HandleRpc(env_, ctx, kService, "GetVersion", "", [&](const Principal&) -> absl::Status {
      absl::StatusOr<std::string> number = ParseVersionName(req->name(), "name");
      if (!number.ok()) return number.status();
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<storage::VersionRow> v = storage::GetVersion(tx, *number);
        if (!v.ok()) return v.status();
        *resp = ToProto(*v);
        return absl::OkStatus();
      });
    });
  }

  grpc::Status ListVersions(grpc::ServerContext* ctx, const v1::ListVersionsRequest*,
                            v1::ListVersionsResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListVersions", "", [&](const Principal&) {
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<std::vector<storage::VersionRow>> rows = storage::ListVersions(tx);
        if (!rows.ok()) return rows.status();
        for (const auto& v : *rows) *resp->add_versions() = ToProto(v);
        return absl::OkStatus();
      });
    });
  }

  grpc::Status GetVersionInForce(grpc::ServerContext* ctx, const v1::GetVersionInForceRequest* req,
                                 v1::SecVersion* resp) override {
    return HandleRpc(
        env_, ctx, kService, "GetVersionInForce", "", [&](const Principal&) -> absl::Status {
          absl::StatusOr<Date> day = DateOrToday(env_, req->date(), "date");
          if (!day.ok()) return day.status();
          return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
            absl::StatusOr<std::optional<storage::VersionRow>> v =
                storage::VersionInForce(tx, *day);
            if (!v.ok()) return v.status();
            if (!v->has_value()) {
              return absl::NotFoundError(
                  absl::StrCat("no SEC version is recorded as in force on ", FormatDate(*day)));
            }
            *resp = ToProto(**v);
            return absl::OkStatus();
          });
        });
  }

  // --- SSC nominations --------------------------------------------------------------------------

  grpc::Status NominateSscMember(grpc::ServerContext* ctx, const v1::NominateSscMemberRequest* req,
                                 v1::SscNomination* resp) override {
    return HandleRpc(
        env_, ctx, kService, "NominateSscMember", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s =
                  RequireAnyRole(who, {Role::kParty, Role::kSecas}, "nominating an SSC member");
              !s.ok()) {
            return s;
          }
          const v1::SscNomination& in = req->nomination();
          storage::NominationRow row;
          SscNomination& n = row.nomination;
          n.nominating_party = who.party_id;
          if (!in.nominating_party().empty()) {
            absl::StatusOr<std::string> p =
                ParsePartyName(in.nominating_party(), "nomination.nominating_party");
            if (!p.ok()) return p.status();
            n.nominating_party = *p;
          }
          if (n.nominating_party.empty()) {
            return absl::InvalidArgumentError("nomination.nominating_party: required");
          }
          if (!who.Has(Role::kSecas) && !who.ActsFor(n.nominating_party)) {
            return absl::PermissionDeniedError(absl::StrCat(
                who.name, " may nominate only for its own party (parties/", who.party_id, ")"));
          }
          n.nominator_name = in.nominator_name();
          n.nominator_position = in.nominator_position();
          n.nominator_is_senior = in.nominator_is_senior();
          n.nominee = in.nominee();
          absl::StatusOr<PartyCategory> cat =
              FromProto(in.nominee_category(), "nomination.nominee_category");
          if (!cat.ok()) return cat.status();
          n.nominee_category = *cat;
          n.security_expertise = in.security_expertise();
          absl::StatusOr<Date> day =
              DateOrToday(env_, in.nomination_date(), "nomination.nomination_date");
          if (!day.ok()) return day.status();
          n.nominated_on = *day;
          n.state = NominationState::kNominated;
          if (auto s = ValidateNomination(n, DefaultSscSeatPolicy()); !s.ok()) return s;
          row.version = 1;
          return IdempotentWrite(
              env_, "NominateSscMember", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                if (auto s = storage::GetParty(tx, n.nominating_party).status(); !s.ok()) return s;
                if (auto s = storage::InsertNomination(tx, row); !s.ok()) return s;
                *resp = ToProto(row);
                storage::StoredEvent e =
                    NewEvent(env_, who, resp->name(), "nominate", FormatDate(*day), nullptr, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status ReviewNomination(grpc::ServerContext* ctx, const v1::ReviewNominationRequest* req,
                                v1::SscNomination* resp) override {
    return NominationStep(ctx, "ReviewNomination", req->name(), req->review_date(),
                          req->request_id(), {Role::kSecuritySubCommittee},
                          "reviewing an SSC nominee", req->accept() ? "accept" : "reject", resp,
                          [&](storage::Tx&, const storage::NominationRow& row,
                              Date) -> absl::StatusOr<SscNomination> {
                            return req->accept() ? AcceptNomination(row.nomination)
                                                 : RejectNomination(row.nomination, req->reason());
                          });
  }

  grpc::Status RecordVetting(grpc::ServerContext* ctx, const v1::RecordVettingRequest* req,
                             v1::SscNomination* resp) override {
    return NominationStep(ctx, "RecordVetting", req->name(), req->vetting_date(), req->request_id(),
                          {Role::kSecas, Role::kSecuritySubCommittee}, "recording security vetting",
                          "vetting", resp,
                          [&](storage::Tx&, const storage::NominationRow& row,
                              Date day) -> absl::StatusOr<SscNomination> {
                            return sec::RecordVetting(row.nomination, req->passed(), day);
                          });
  }

  grpc::Status AppointNomination(grpc::ServerContext* ctx, const v1::AppointNominationRequest* req,
                                 v1::SscNomination* resp) override {
    return NominationStep(ctx, "AppointNomination", req->name(), req->appointment_date(),
                          req->request_id(), {Role::kSecas, Role::kSecuritySubCommittee},
                          "appointing an SSC member", "appoint", resp,
                          [&](storage::Tx& tx, const storage::NominationRow& row,
                              Date day) -> absl::StatusOr<SscNomination> {
                            absl::StatusOr<std::vector<storage::NominationRow>> all =
                                storage::ListNominations(tx, "");
                            if (!all.ok()) return all.status();
                            std::vector<SscNomination> sitting;
                            for (const auto& other : *all) {
                              if (other.id != row.id) sitting.push_back(other.nomination);
                            }
                            return Appoint(row.nomination, day, sitting, DefaultSscSeatPolicy());
                          });
  }

  grpc::Status ListNominations(grpc::ServerContext* ctx, const v1::ListNominationsRequest* req,
                               v1::ListNominationsResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListNominations", "",
                     [&](const Principal&) -> absl::Status {
                       std::string state;
                       if (req->state() != v1::NOMINATION_STATE_UNSPECIFIED) {
                         state = NominationStateCode(
                             static_cast<NominationState>(static_cast<int>(req->state()) - 1));
                       }
                       return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                         absl::StatusOr<std::vector<storage::NominationRow>> rows =
                             storage::ListNominations(tx, state);
                         if (!rows.ok()) return rows.status();
                         for (const auto& n : *rows) *resp->add_nominations() = ToProto(n);
                         return absl::OkStatus();
                       });
                     });
  }

  grpc::Status ListSscMembers(grpc::ServerContext* ctx, const v1::ListSscMembersRequest* req,
                              v1::ListSscMembersResponse* resp) override {
    return HandleRpc(
        env_, ctx, kService, "ListSscMembers", "", [&](const Principal&) -> absl::Status {
          absl::StatusOr<Date> day = DateOrToday(env_, req->date(), "date");
          if (!day.ok()) return day.status();
          return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
            absl::StatusOr<std::vector<storage::NominationRow>> rows =
                storage::ListNominations(tx, NominationStateCode(NominationState::kAppointed));
            if (!rows.ok()) return rows.status();
            std::vector<SscNomination> all;
            for (const auto& n : *rows) {
              all.push_back(n.nomination);
              // A member sits on [appointed_on, term_end).
              const SscNomination& x = n.nomination;
              if (x.appointed_on && *x.appointed_on <= *day &&
                  (!x.term_end || *day < *x.term_end)) {
                *resp->add_members() = ToProto(n);
              }
            }
            const SscSeatPolicy policy = DefaultSscSeatPolicy();
            for (const SeatAllocation& a : policy.seats) {
              v1::SscSeats* s = resp->add_seats();
              s->set_category(ToProto(a.category));
              s->set_seats(a.seats);
              s->set_filled(SeatsFilled(all, a.category, *day));
            }
            return absl::OkStatus();
          });
        });
  }

  // --- DCC assessments --------------------------------------------------------------------------

  grpc::Status RequestAssessment(grpc::ServerContext* ctx, const v1::RequestAssessmentRequest* req,
                                 v1::Assessment* resp) override {
    return HandleRpc(
        env_, ctx, kService, "RequestAssessment", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s =
                  RequireAnyRole(who, {Role::kPanel, Role::kSecas}, "requesting a DCC assessment");
              !s.ok()) {
            return s;
          }
          absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
          if (!ref.ok()) return ref.status();
          if (req->kind() == v1::ASSESSMENT_KIND_UNSPECIFIED) {
            return absl::InvalidArgumentError("kind: PRELIMINARY or IMPACT is required");
          }
          const AssessmentKind kind =
              static_cast<AssessmentKind>(static_cast<int>(req->kind()) - 1);
          absl::StatusOr<Date> day = DateOrToday(env_, req->request_date(), "request_date");
          if (!day.ok()) return day.status();
          std::optional<Date> due;
          if (!req->due_date().empty()) {
            absl::StatusOr<Date> d = ParseDate(req->due_date(), "due_date");
            if (!d.ok()) return d.status();
            due = *d;
          }
          return IdempotentWrite(
              env_, "RequestAssessment", req->request_id(), who, resp,
              [&](storage::Tx& tx) -> absl::Status {
                if (auto s = storage::GetModification(tx, *ref).status(); !s.ok()) return s;
                absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
                if (!cal.ok()) return cal.status();
                absl::StatusOr<DccAssessment> a =
                    sec::RequestAssessment(*ref, kind, *day, due, *cal, AssessmentTimescales());
                if (!a.ok()) return a.status();
                storage::AssessmentRow row;
                row.assessment = *std::move(a);
                row.version = 1;
                if (auto s = storage::InsertAssessment(tx, row); !s.ok()) return s;
                *resp = ToProto(row);
                storage::StoredEvent e =
                    NewEvent(env_, who, resp->name(), "request", FormatDate(*day), nullptr, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  grpc::Status GetAssessment(grpc::ServerContext* ctx, const v1::GetAssessmentRequest* req,
                             v1::Assessment* resp) override {
    return HandleRpc(
        env_, ctx, kService, "GetAssessment", "", [&](const Principal&) -> absl::Status {
          absl::StatusOr<int64_t> id = ParseAssessmentName(req->name(), "name");
          if (!id.ok()) return id.status();
          return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
            absl::StatusOr<storage::AssessmentRow> a = storage::GetAssessment(tx, *id);
            if (!a.ok()) return a.status();
            absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
            if (!cal.ok()) return cal.status();
            *resp = WithLateness(*a, env_.Today(), *cal);
            return absl::OkStatus();
          });
        });
  }

  grpc::Status RecordAssessmentProgress(grpc::ServerContext* ctx,
                                        const v1::RecordAssessmentProgressRequest* req,
                                        v1::Assessment* resp) override {
    return AssessmentStep(
        ctx, "RecordAssessmentProgress", req->name(), req->date(), req->request_id(), "progress",
        resp,
        [&](const DccAssessment& a, Date day) { return RecordProgress(a, day, req->note()); });
  }

  grpc::Status DeliverAssessment(grpc::ServerContext* ctx, const v1::DeliverAssessmentRequest* req,
                                 v1::Assessment* resp) override {
    return AssessmentStep(ctx, "DeliverAssessment", req->name(), req->delivery_date(),
                          req->request_id(), "deliver", resp,
                          [&](const DccAssessment& a, Date day) { return Deliver(a, day); });
  }

  grpc::Status ListAssessments(grpc::ServerContext* ctx, const v1::ListAssessmentsRequest* req,
                               v1::ListAssessmentsResponse* resp) override {
    return HandleRpc(
        env_, ctx, kService, "ListAssessments", "", [&](const Principal&) -> absl::Status {
          std::string ref;
          if (!req->modification().empty()) {
            absl::StatusOr<std::string> r =
                ParseModificationName(req->modification(), "modification");
            if (!r.ok()) return r.status();
            ref = *r;
          }
          absl::StatusOr<Date> as_of = DateOrToday(env_, req->as_of(), "as_of");
          if (!as_of.ok()) return as_of.status();
          return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
            absl::StatusOr<std::vector<storage::AssessmentRow>> rows =
                storage::ListAssessments(tx, ref);
            if (!rows.ok()) return rows.status();
            absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
            if (!cal.ok()) return cal.status();
            for (const auto& a : *rows) {
              if (req->overdue_only() && !IsOverdue(a.assessment, *as_of)) continue;
              *resp->add_assessments() = WithLateness(a, *as_of, *cal);
            }
            return absl::OkStatus();
          });
        });
  }

  // --- Calendar ---------------------------------------------------------------------------------

  grpc::Status LoadHolidays(grpc::ServerContext* ctx, const v1::LoadHolidaysRequest* req,
                            v1::LoadHolidaysResponse* resp) override {
    return HandleRpc(
        env_, ctx, kService, "LoadHolidays", req->request_id(),
        [&](const Principal& who) -> absl::Status {
          if (auto s = RequireAnyRole(who, {Role::kSecas}, "loading holidays"); !s.ok()) return s;
          std::vector<Holiday> holidays;
          for (const v1::Holiday& h : req->holidays()) {
            absl::StatusOr<Date> d = ParseDate(h.date(), "holidays.date");
            if (!d.ok()) return d.status();
            if (h.name().empty() || h.name().size() > 200) {
              return absl::InvalidArgumentError(
                  absl::StrCat("holidays.name: 1-200 characters (", h.date(), ")"));
            }
            holidays.push_back({*d, h.name()});
          }
          if (holidays.empty()) return absl::InvalidArgumentError("holidays: none given");
          return IdempotentWrite(env_, "LoadHolidays", req->request_id(), who, resp,
                                 [&](storage::Tx& tx) -> absl::Status {
                                   for (const Holiday& h : holidays) {
                                     if (auto s = storage::PutHoliday(tx, h); !s.ok()) return s;
                                   }
                                   resp->set_loaded(static_cast<int32_t>(holidays.size()));
                                   storage::StoredEvent e = NewEvent(
                                       env_, who, "calendar/holidays", "load",
                                       FormatDate(env_.Today()), nullptr, resp,
                                       absl::StrCat(FormatDate(holidays.front().date), "..",
                                                    FormatDate(holidays.back().date)));
                                   return storage::AppendEvent(tx, e);
                                 });
        });
  }

  grpc::Status ListHolidays(grpc::ServerContext* ctx, const v1::ListHolidaysRequest* req,
                            v1::ListHolidaysResponse* resp) override {
    return HandleRpc(env_, ctx, kService, "ListHolidays", "",
                     [&](const Principal&) -> absl::Status {
                       Date start(1, 1, 1), end(9999, 12, 31);
                       if (!req->start_date().empty()) {
                         absl::StatusOr<Date> d = ParseDate(req->start_date(), "start_date");
                         if (!d.ok()) return d.status();
                         start = *d;
                       }
                       if (!req->end_date().empty()) {
                         absl::StatusOr<Date> d = ParseDate(req->end_date(), "end_date");
                         if (!d.ok()) return d.status();
                         end = *d;
                       }
                       return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                         absl::StatusOr<std::vector<Holiday>> rows = storage::ListHolidays(tx);
                         if (!rows.ok()) return rows.status();
                         for (const Holiday& h : *rows) {
                           if (h.date < start || h.date > end) continue;
                           v1::Holiday* out = resp->add_holidays();
                           out->set_date(FormatDate(h.date));
                           out->set_name(h.name);
                         }
                         return absl::OkStatus();
                       });
                     });
  }

  // --- Modification Status Report ---------------------------------------------------------------

  grpc::Status GetModificationStatusReport(grpc::ServerContext* ctx,
                                           const v1::GetModificationStatusReportRequest* req,
                                           v1::ModificationStatusReport* resp) override {
    return HandleRpc(
        env_, ctx, kService, "GetModificationStatusReport", "",
        [&](const Principal&) -> absl::Status {
          absl::StatusOr<Date> as_of = DateOrToday(env_, req->as_of(), "as_of");
          if (!as_of.ok()) return as_of.status();
          std::optional<Date> start;
          if (!req->period_start().empty()) {
            absl::StatusOr<Date> d = ParseDate(req->period_start(), "period_start");
            if (!d.ok()) return d.status();
            start = *d;
          }
          StatusReportInput input;
          absl::flat_hash_map<std::string, std::string> party_names;
          absl::flat_hash_map<std::string, std::string> version_comments;
          absl::Status read = env_.store->Read([&](storage::Tx& tx) -> absl::Status {
            absl::StatusOr<StatusReportInput> in = storage::LoadStatusReportInput(tx);
            if (!in.ok()) return in.status();
            input = *std::move(in);
            absl::StatusOr<std::vector<std::pair<std::string, std::string>>> names =
                storage::ListPartyNames(tx);
            if (!names.ok()) return names.status();
            for (auto& [id, name] : *names) party_names[id] = name;
            absl::StatusOr<std::vector<storage::VersionRow>> versions = storage::ListVersions(tx);
            if (!versions.ok()) return versions.status();
            for (const auto& v : *versions) version_comments[v.number] = v.comment;
            return absl::OkStatus();
          });
          if (!read.ok()) return read;
          absl::StatusOr<StatusReport> report = BuildStatusReport(input, *as_of, start);
          if (!report.ok()) return report.status();
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
          resp->set_as_of(FormatDate(report->as_of));
          resp->set_period_start(FormatDate(report->period_start));
          for (const ReportVersion& v : report->versions) {
            v1::ReportVersion* out = resp->add_versions();
            out->set_number(v.number);
            out->set_effective_date(FormatDate(v.effective));
            for (const std::string& ref : v.implements) {
              out->add_implements(ref);
              out->add_implements_titles(titles.count(ref) ? titles[ref] : "");
            }
            for (const std::string& s : v.sections) out->add_sections(s);
            out->set_comment(version_comments[v.number]);
          }
          for (const ReportRow& r : report->new_proposals) row(r, resp->add_new_proposals());
          if (report->highlights_meeting) {
            *resp->mutable_highlights_meeting() = ToProto(*report->highlights_meeting);
          }
          for (const ReportHighlight& h : report->highlights) {
            v1::ReportHighlight* out = resp->add_highlights();
            out->set_modification(h.decision.modification);
            out->set_title(h.title);
            out->set_kind(h.decision.kind);
            out->set_outcome(h.decision.outcome);
          }
          for (const ReportConsultationRow& c : report->consultations) {
            v1::ReportConsultation* out = resp->add_consultations();
            out->set_modification(c.consultation.modification);
            out->set_title(c.title);
            out->set_issue_date(FormatDate(c.consultation.issued));
            out->set_deadline(FormatDate(c.consultation.deadline));
            out->set_contact(c.consultation.contact);
          }
          for (const ReportRow& r : report->open_proposals) row(r, resp->add_open_proposals());
          if (report->next_panel_meeting) {
            *resp->mutable_next_panel_meeting() = ToProto(*report->next_panel_meeting);
          }
          return absl::OkStatus();
        });
  }

 private:
  // The consultation of a proposal, NOT_FOUND naming it when none was issued.
  static absl::StatusOr<storage::ConsultationRow> LoadConsultation(storage::Tx& tx,
                                                                   const std::string& ref) {
    absl::StatusOr<std::optional<storage::ConsultationRow>> c = storage::FindConsultation(tx, ref);
    if (!c.ok()) return c.status();
    if (!c->has_value()) {
      return absl::NotFoundError(absl::StrCat("no consultation has been issued for ", ref));
    }
    return **c;
  }

  // Votes belong to the Change Board stage that followed the latest consultation.
  static absl::StatusOr<int> CurrentRound(storage::Tx& tx, const std::string& ref) {
    absl::StatusOr<std::optional<storage::ConsultationRow>> c = storage::FindConsultation(tx, ref);
    if (!c.ok()) return c.status();
    return c->has_value() ? (*c)->round : 1;
  }

  static v1::Assessment WithLateness(const storage::AssessmentRow& a, Date on,
                                     const WorkingDayCalendar& cal) {
    v1::Assessment out = ToProto(a);
    out.set_overdue(IsOverdue(a.assessment, on));
    out.set_working_days_late(WorkingDaysLate(a.assessment, on, cal));
    return out;
  }

  // The three Panel decisions without parameters share one request shape.
  template <typename Request>
  grpc::Status PanelDecision(grpc::ServerContext* ctx, absl::string_view method,
                             LifecycleEvent event, const char* kind, const Request* req,
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

  grpc::Status OutsideMeetingDecision(grpc::ServerContext* ctx, absl::string_view method,
                                      LifecycleEvent event, const std::string& kind,
                                      const std::string& name, const std::string& date,
                                      const std::string& reference, const std::string& reasons,
                                      const std::string& request_id, v1::Decision* resp) {
    return HandleRpc(
        env_, ctx, kService, method, request_id, [&](const Principal& who) -> absl::Status {
          absl::StatusOr<std::string> ref = ParseModificationName(name, "name");
          if (!ref.ok()) return ref.status();
          absl::StatusOr<Date> day = DateOrToday(env_, date, "date");
          if (!day.ok()) return day.status();
          if (auto s = CheckText(reasons, "reasons"); !s.ok()) return s;
          if (auto s = CheckText(reference, "reference"); !s.ok()) return s;
          return IdempotentWrite(
              env_, method, request_id, who, resp, [&](storage::Tx& tx) -> absl::Status {
                const std::string note =
                    reference.empty() ? reasons : absl::StrCat(reference, ": ", reasons);
                absl::StatusOr<Moved> moved = ApplyEvent(env_, tx, who, *ref, event, *day, note);
                if (!moved.ok()) return moved.status();
                absl::StatusOr<v1::Decision> d =
                    RecordDecision(env_, tx, "", moved->after, kind, LifecycleEventName(event),
                                   reasons, reference, *day);
                if (!d.ok()) return d.status();
                *resp = *std::move(d);
                return absl::OkStatus();
              });
        });
  }

  using NominationFn = std::function<absl::StatusOr<SscNomination>(
      storage::Tx&, const storage::NominationRow&, Date)>;
  grpc::Status NominationStep(grpc::ServerContext* ctx, absl::string_view method,
                              const std::string& name, const std::string& date,
                              const std::string& request_id, std::initializer_list<Role> roles,
                              absl::string_view action, const char* kind, v1::SscNomination* resp,
                              NominationFn fn) {
    const std::vector<Role> role_list(roles);
    return HandleRpc(
        env_, ctx, kService, method, request_id, [&](const Principal& who) -> absl::Status {
          if (!std::any_of(role_list.begin(), role_list.end(),
                           [&](Role r) { return who.Has(r); })) {
            std::string names;
            for (Role r : role_list)
              absl::StrAppend(&names, names.empty() ? "" : " or ", RoleName(r));
            return absl::PermissionDeniedError(absl::StrCat(action, " needs the role ", names, "; ",
                                                            who.name, " does not hold it"));
          }
          absl::StatusOr<int64_t> id = ParseNominationName(name, "name");
          if (!id.ok()) return id.status();
          absl::StatusOr<Date> day = DateOrToday(env_, date, "date");
          if (!day.ok()) return day.status();
          return IdempotentWrite(
              env_, method, request_id, who, resp, [&](storage::Tx& tx) -> absl::Status {
                absl::StatusOr<storage::NominationRow> row = storage::GetNomination(tx, *id);
                if (!row.ok()) return row.status();
                const v1::SscNomination before = ToProto(*row);
                absl::StatusOr<SscNomination> next = fn(tx, *row, *day);
                if (!next.ok()) {
                  return absl::Status(next.status().code(),
                                      absl::StrCat(before.name(), " (", row->nomination.nominee,
                                                   "): ", next.status().message()));
                }
                const int64_t expected = row->version;
                row->nomination = *std::move(next);
                row->version += 1;
                if (auto s = storage::UpdateNomination(tx, *row, expected); !s.ok()) return s;
                *resp = ToProto(*row);
                storage::StoredEvent e =
                    NewEvent(env_, who, resp->name(), kind, FormatDate(*day), &before, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  using AssessmentFn = std::function<absl::StatusOr<DccAssessment>(const DccAssessment&, Date)>;
  grpc::Status AssessmentStep(grpc::ServerContext* ctx, absl::string_view method,
                              const std::string& name, const std::string& date,
                              const std::string& request_id, const char* kind, v1::Assessment* resp,
                              AssessmentFn fn) {
    return HandleRpc(
        env_, ctx, kService, method, request_id, [&](const Principal& who) -> absl::Status {
          if (auto s = RequireAnyRole(who, {Role::kDcc, Role::kSecas}, "updating a DCC assessment");
              !s.ok()) {
            return s;
          }
          absl::StatusOr<int64_t> id = ParseAssessmentName(name, "name");
          if (!id.ok()) return id.status();
          absl::StatusOr<Date> day = DateOrToday(env_, date, "date");
          if (!day.ok()) return day.status();
          return IdempotentWrite(
              env_, method, request_id, who, resp, [&](storage::Tx& tx) -> absl::Status {
                absl::StatusOr<storage::AssessmentRow> row = storage::GetAssessment(tx, *id);
                if (!row.ok()) return row.status();
                const v1::Assessment before = ToProto(*row);
                absl::StatusOr<DccAssessment> next = fn(row->assessment, *day);
                if (!next.ok()) {
                  return absl::Status(next.status().code(),
                                      absl::StrCat(before.name(), ": ", next.status().message()));
                }
                const int64_t expected = row->version;
                row->assessment = *std::move(next);
                row->version += 1;
                if (auto s = storage::UpdateAssessment(tx, *row, expected); !s.ok()) return s;
                absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
                if (!cal.ok()) return cal.status();
                *resp = WithLateness(*row, *day, *cal);
                storage::StoredEvent e =
                    NewEvent(env_, who, resp->name(), kind, FormatDate(*day), &before, resp);
                return storage::AppendEvent(tx, e);
              });
        });
  }

  const ServiceEnv env_;
};

}  // namespace

std::unique_ptr<grpc::Service> NewGovernanceService(const ServiceEnv& env) {
  return std::make_unique<GovernanceServiceImpl>(env);
}

}  // namespace sec::service
