// GovernanceService: Modification Report Consultations: issue, respond, close.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/consultation.h"
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

absl::StatusOr<v1::Consultation> IssueConsultation(Call& call,
                                                   const v1::IssueConsultationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  SEC_ASSIGN_OR_RETURN(Date issued, call.DateOrToday(req.issue_date(), "issue_date"));
  SEC_ASSIGN_OR_RETURN(Date deadline, RequiredDate(req.deadline(), "deadline"));
  SEC_RETURN_IF_ERROR(ValidateConsultation(issued, deadline, req.contact()));
  std::vector<PartyCategory> respondents;
  for (int i = 0; i < req.respondent_categories_size(); ++i) {
    SEC_ASSIGN_OR_RETURN(PartyCategory c,
                         CategoryEnum().FromProto(req.respondent_categories(i),
                                                  absl::StrCat("respondent_categories[", i, "]")));
    respondents.push_back(c);
  }
  SEC_RETURN_IF_ERROR(ValidateRespondentCategories(respondents));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Consultation> {
    // The lifecycle's status check first, then the DCC-assessment guard (a refusal after the
    // step rolls the whole transaction back).
    SEC_ASSIGN_OR_RETURN(
        Moved moved,
        ApplyEvent(call, tx, ref, LifecycleEvent::kIssueConsultation, issued,
                   absl::StrCat("responses by ", FormatDate(deadline), " to ", req.contact())));
    SEC_RETURN_IF_ERROR(
        CheckAssessmentsSettled(tx, ref, "a Modification Report Consultation cannot be issued"));
    SEC_ASSIGN_OR_RETURN(std::optional<Consultation> prior,
                         storage::FindConsultation(tx, ref));
    Consultation c;
    c.modification = ref;
    c.issue = issued;
    c.deadline = deadline;
    c.contact = req.contact();
    c.respondent_categories = respondents;
    c.open = true;
    std::optional<v1::Consultation> before;
    if (prior.has_value()) {
      // Re-issued after the Authority sent the proposal back: a new round.
      before = ToProto(*prior, 0);
      c.round = prior->round + 1;
      c.version = prior->version + 1;
      SEC_RETURN_IF_ERROR(storage::UpdateConsultation(tx, c, prior->version));
    } else {
      c.round = 1;
      c.version = 1;
      SEC_RETURN_IF_ERROR(storage::InsertConsultation(tx, c));
    }
    return call.Recorded(tx, ToProto(c, 0), "issue", issued, before ? &*before : nullptr);
  });
}

absl::StatusOr<v1::Consultation> GetConsultation(Call& call, const v1::GetConsultationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseConsultationName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Consultation> {
    SEC_ASSIGN_OR_RETURN(Consultation c, LoadConsultation(tx, ref));
    SEC_ASSIGN_OR_RETURN(int n, storage::CountResponses(tx, ref, c.round));
    return ToProto(c, n);
  });
}

absl::StatusOr<v1::ConsultationResponse> RespondToConsultation(
    Call& call, const v1::RespondToConsultationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseConsultationName(req.name(), "name"));
  // A party responds for itself (the declaration's party scope); SECAS names the party.
  const std::string party = call.party();
  if (party.empty()) return InvalidField("party", "required, e.g. parties/british-gas");
  SEC_ASSIGN_OR_RETURN(ConsultationPosition position,
                       PositionEnum().FromProto(req.position(), "position"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOfAct(req.response_date(), "response_date"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::ConsultationResponse> {
    SEC_ASSIGN_OR_RETURN(Consultation c, LoadConsultation(tx, ref));
    SEC_ASSIGN_OR_RETURN(Party p, storage::GetParty(tx, party));
    SEC_RETURN_IF_ERROR(
        Cited(tx,
              Prefixed(CheckResponse(c.open, c.issue, c.deadline, p.category, day),
                       absl::StrCat(ref, ": ")),
              day));
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    ConsultationResponse r;
    r.modification = ref;
    r.round = c.round;
    r.party = party;
    r.position = position;
    r.text = req.text();
    r.day = day;
    r.principal = call.who().name;
    SEC_RETURN_IF_ERROR(storage::PutResponse(tx, r));
    v1::ConsultationResponse out = ToProto(r);
    SEC_RETURN_IF_ERROR(RecordInHistory(call, tx, m, day, "a consultation response",
                                        "consultation_response", out));
    return out;
  });
}

absl::StatusOr<v1::Consultation> CloseConsultation(Call& call,
                                                   const v1::CloseConsultationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseConsultationName(req.name(), "name"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(req.close_date(), "close_date"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Consultation> {
    // The lifecycle's status check first, then the consultation's own date rule (a refusal
    // after the step rolls the whole transaction back).
    SEC_RETURN_IF_ERROR(
        ApplyEvent(call, tx, ref, LifecycleEvent::kCloseConsultation, day, "").status());
    SEC_ASSIGN_OR_RETURN(Consultation c, LoadConsultation(tx, ref));
    SEC_RETURN_IF_ERROR(Cited(tx, Prefixed(CheckClose(c.deadline, day), absl::StrCat(ref, ": ")), day));
    const v1::Consultation before = ToProto(c, 0);
    const int64_t expected = c.version;
    c.open = false;
    c.closed = day;
    c.version += 1;
    SEC_RETURN_IF_ERROR(storage::UpdateConsultation(tx, c, expected));
    SEC_ASSIGN_OR_RETURN(int n, storage::CountResponses(tx, ref, c.round));
    return call.Recorded(tx, ToProto(c, n), "close", day, &before);
  });
}

absl::StatusOr<v1::ListConsultationResponsesResponse> ListConsultationResponses(
    Call& call, const v1::ListConsultationResponsesRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseConsultationName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListConsultationResponsesResponse> {
    SEC_ASSIGN_OR_RETURN(Consultation c, LoadConsultation(tx, ref));
    SEC_ASSIGN_OR_RETURN(std::vector<ConsultationResponse> rows,
                         storage::ListResponses(tx, ref, c.round));
    v1::ListConsultationResponsesResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("responses|", ref, "|", c.round), req.page_size(), req.page_token(),
        [](const ConsultationResponse& r) { return r.party; }, rows,
        out.mutable_next_page_token()));
    for (const auto& r : rows) *out.add_responses() = ToProto(r);
    return out;
  });
}

}  // namespace sec::service
