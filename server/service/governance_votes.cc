// GovernanceServiceImpl: Change Board votes and tally, and the decisions of the Authority and the
// Secretary of State.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/change_board.h"
#include "domain/lifecycle.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {

// --- Change Board -------------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::CastVote(grpc::ServerContext* ctx,
                                             const v1::CastVoteRequest* req, v1::Vote* resp) {
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
          return absl::InvalidArgumentError("vote.choice: APPROVE, REJECT or ABSTAIN is required");
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
                return absl::FailedPreconditionError(
                    absl::StrCat(*ref, " is ", StatusCode(m->status), " (", StatusTitle(m->status),
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

grpc::Status GovernanceServiceImpl::ListVotes(grpc::ServerContext* ctx,
                                              const v1::ListVotesRequest* req,
                                              v1::ListVotesResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListVotes", "", [&](const Principal&) -> absl::Status {
    absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
    if (!ref.ok()) return ref.status();
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      if (auto s = storage::GetModification(tx, *ref).status(); !s.ok()) return s;
      absl::StatusOr<int> round = CurrentRound(tx, *ref);
      if (!round.ok()) return round.status();
      absl::StatusOr<std::vector<storage::VoteRow>> rows = storage::ListVotes(tx, *ref, *round);
      if (!rows.ok()) return rows.status();
      if (auto s = PageRows(
              absl::StrCat("votes|", *ref, "|", *round), req->page_size(), req->page_token(),
              [](const storage::VoteRow& v) { return SortableNumber(v.sequence); }, *rows,
              resp->mutable_next_page_token());
          !s.ok()) {
        return s;
      }
      for (const auto& v : *rows) *resp->add_votes() = ToProto(v);
      return absl::OkStatus();
    });
  });
}

grpc::Status GovernanceServiceImpl::TallyVotes(grpc::ServerContext* ctx,
                                               const v1::TallyVotesRequest* req,
                                               v1::TallyResult* resp) {
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
            env_, "TallyVotes", req->request_id(), who, resp, [&](storage::Tx& tx) -> absl::Status {
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
                return absl::FailedPreconditionError(
                    absl::StrCat(*ref, " is ", StatusCode(m->status), " (", StatusTitle(m->status),
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
              absl::StatusOr<Moved> moved = ApplyEvent(env_, tx, who, *ref, *event, *day, outcome);
              if (!moved.ok()) return moved.status();
              absl::StatusOr<v1::Decision> d = RecordDecision(
                  env_, tx, meeting_id, moved->after, "CHANGE_BOARD_TALLY", outcome, "", "", *day);
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

// --- Authority and Secretary of State -----------------------------------------------------------

grpc::Status GovernanceServiceImpl::DecideAsAuthority(grpc::ServerContext* ctx,
                                                      const v1::DecideAsAuthorityRequest* req,
                                                      v1::Decision* resp) {
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
      return HandleRpc(
          env_, ctx, kService, "DecideAsAuthority", req->request_id(), [](const Principal&) {
            return absl::InvalidArgumentError("outcome: APPROVE, REJECT or SEND_BACK is required");
          });
  }
  return OutsideMeetingDecision(ctx, "DecideAsAuthority", event, kind, req->name(),
                                req->decision_date(), req->reference(), req->reasons(),
                                req->request_id(), resp);
}

grpc::Status GovernanceServiceImpl::DirectAsSecretaryOfState(
    grpc::ServerContext* ctx, const v1::DirectAsSecretaryOfStateRequest* req, v1::Decision* resp) {
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

// --- Helpers ------------------------------------------------------------------------------------

absl::StatusOr<int> GovernanceServiceImpl::CurrentRound(storage::Tx& tx, const std::string& ref) {
  absl::StatusOr<std::optional<storage::ConsultationRow>> c = storage::FindConsultation(tx, ref);
  if (!c.ok()) return c.status();
  return c->has_value() ? (*c)->round : 1;
}

grpc::Status GovernanceServiceImpl::OutsideMeetingDecision(
    grpc::ServerContext* ctx, absl::string_view method, LifecycleEvent event,
    const std::string& kind, const std::string& name, const std::string& date,
    const std::string& reference, const std::string& reasons, const std::string& request_id,
    v1::Decision* resp) {
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

}  // namespace sec::service
