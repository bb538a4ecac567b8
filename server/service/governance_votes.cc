// GovernanceService: Change Board votes and tally, and the decisions of the Authority and the
// Secretary of State.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/change_board.h"
#include "domain/errors.h"
#include "domain/lifecycle.h"
#include "service/citation.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {
namespace {

// A decision outside a meeting (the Authority's, a direction): dated as given, or today.
absl::StatusOr<v1::Decision> DecideOutsideMeeting(Call& call, const std::string& name,
                                                  LifecycleEvent event, const std::string& date,
                                                  absl::string_view date_field,
                                                  const std::string& reference,
                                                  const std::string& reasons) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(name, "name"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(date, date_field));
  const std::string note = reference.empty() ? reasons : absl::StrCat(reference, ": ", reasons);
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Decision> {
    SEC_ASSIGN_OR_RETURN(Moved moved, ApplyEvent(call, tx, ref, event, day, note));
    return RecordDecision(call, tx, "", moved.after, event, LifecycleEventName(event), reasons,
                          reference, day);
  });
}

}  // namespace

// --- Change Board --------------------------------------------------------------------------------

absl::StatusOr<v1::Vote> CastVote(Call& call, const v1::CastVoteRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  const v1::Vote& in = req.vote();
  SEC_ASSIGN_OR_RETURN(VoteChoice choice, VoteChoiceEnum().FromProto(in.choice(), "vote.choice"));
  SEC_ASSIGN_OR_RETURN(std::optional<PartyCategory> group,
                       CategoryEnum().Optional(in.voting_group(), "vote.voting_group"));
  RecordedVote v;
  v.modification = ref;
  absl::StatusOr<Vote> cast = CastAs(call.who(), in.member(), group, choice, in.reason());
  absl::StatusOr<Date> day = call.DateOfAct(in.vote_date(), "vote.vote_date");
  if (!cast.ok()) {
    if (!day.ok()) return cast.status();
    return call.Read(
        [&](storage::Tx& tx) -> absl::StatusOr<v1::Vote> { return Cited(tx, cast.status(), *day); });
  }
  v.vote = *std::move(cast);
  SEC_ASSIGN_OR_RETURN(v.day, std::move(day));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Vote> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(
        Cited(tx,
              Prefixed(RequireStatus(StateOf(m), ModStatus::kChangeBoard, "a vote"),
                       absl::StrCat(ref, ": ")),
              v.day, CitedRule::kVoteNotOpen));
    SEC_RETURN_IF_ERROR(CheckAssessmentsSettled(tx, ref, "a Change Board vote cannot be cast"));
    SEC_ASSIGN_OR_RETURN(v.round, CurrentRound(tx, ref));
    SEC_RETURN_IF_ERROR(storage::InsertVote(tx, v));
    v1::Vote out = ToProto(v);
    SEC_RETURN_IF_ERROR(RecordInHistory(call, tx, m, v.day, "a vote", "vote", out, v.vote.reason));
    return out;
  });
}

absl::StatusOr<v1::ListVotesResponse> ListVotes(Call& call, const v1::ListVotesRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListVotesResponse> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    SEC_ASSIGN_OR_RETURN(int round, CurrentRound(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<RecordedVote> rows, storage::ListVotes(tx, ref, round));
    v1::ListVotesResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("votes|", ref, "|", round), req.page_size(), req.page_token(),
        [](const RecordedVote& v) { return SortableNumber(v.sequence); }, rows,
        out.mutable_next_page_token()));
    for (const auto& v : rows) *out.add_votes() = ToProto(v);
    return out;
  });
}

absl::StatusOr<v1::TallyResult> TallyVotes(Call& call, const v1::TallyVotesRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  SEC_ASSIGN_OR_RETURN(Date given, call.DateOrToday(req.tally_date(), "tally_date"));
  std::string meeting_id;
  if (!req.meeting().empty()) {
    SEC_ASSIGN_OR_RETURN(meeting_id, ParseMeetingName(req.meeting(), "meeting"));
  }
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::TallyResult> {
    Date day = given;
    if (!meeting_id.empty()) {
      SEC_ASSIGN_OR_RETURN(Meeting meeting, storage::GetMeeting(tx, meeting_id));
      day = meeting.day;  // a tally at a meeting is dated by it
    }
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(Prefixed(RequireStatus(StateOf(m), ModStatus::kChangeBoard, "a tally"),
                                 absl::StrCat(ref, ": ")));
    // An assessment may be requested after voting opened: the Board does not decide without it.
    SEC_RETURN_IF_ERROR(
        CheckAssessmentsSettled(tx, ref, "the Change Board vote cannot be tallied"));
    SEC_ASSIGN_OR_RETURN(int round, CurrentRound(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<RecordedVote> rows, storage::ListVotes(tx, ref, round));
    std::vector<Vote> votes;
    for (const auto& v : rows) votes.push_back(v.vote);
    absl::StatusOr<Tally> tally = sec::TallyVotes(votes);
    if (!tally.ok()) return Prefixed(tally.status(), absl::StrCat(ref, ": "));
    SEC_ASSIGN_OR_RETURN(LifecycleEvent event, TallyEvent(*tally, m.path));
    const std::string outcome = TallyOutcome(*tally, event);
    SEC_ASSIGN_OR_RETURN(Moved moved, ApplyEvent(call, tx, ref, event, day, outcome));
    v1::TallyResult out;
    SEC_ASSIGN_OR_RETURN(*out.mutable_decision(),
                         RecordDecision(call, tx, meeting_id, moved.after, event, outcome, "", "",
                                        day));
    for (const GroupTally& g : tally->groups) {
      v1::GroupTally* group = out.add_groups();
      group->set_group(ToProto(g.group));
      group->set_approve(g.approve);
      group->set_reject(g.reject);
      group->set_abstain(g.abstain);
      group->set_view(GroupViewCode(g.view));
    }
    for (size_t at : tally->counted_at) *out.add_counted() = ToProto(rows[at]);
    out.set_groups_approving(tally->groups_approving);
    out.set_groups_rejecting(tally->groups_rejecting);
    out.set_approved(tally->approved);
    return out;
  });
}

// --- Authority and Secretary of State -----------------------------------------------------------

absl::StatusOr<v1::Decision> DecideAsAuthority(Call& call,
                                               const v1::DecideAsAuthorityRequest& req) {
  SEC_ASSIGN_OR_RETURN(LifecycleEvent event,
                       AuthorityOutcomeEnum().FromProto(req.outcome(), "outcome"));
  return DecideOutsideMeeting(call, req.name(), event, req.decision_date(), "decision_date",
                              req.reference(), req.reasons());
}

absl::StatusOr<v1::Decision> DirectAsSecretaryOfState(
    Call& call, const v1::DirectAsSecretaryOfStateRequest& req) {
  SEC_ASSIGN_OR_RETURN(LifecycleEvent event, DirectionEnum().FromProto(req.direction(), "direction"));
  return DecideOutsideMeeting(call, req.name(), event, req.direction_date(), "direction_date",
                              req.reference(), req.reasons());
}

}  // namespace sec::service
