// GovernanceServiceImpl: consultations on a proposal: issue, respond, close.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/consultation.h"
#include "domain/lifecycle.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {

// --- Consultations ------------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::IssueConsultation(grpc::ServerContext* ctx,
                                                      const v1::IssueConsultationRequest* req,
                                                      v1::Consultation* resp) {
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

grpc::Status GovernanceServiceImpl::GetConsultation(grpc::ServerContext* ctx,
                                                    const v1::GetConsultationRequest* req,
                                                    v1::Consultation* resp) {
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

grpc::Status GovernanceServiceImpl::RespondToConsultation(
    grpc::ServerContext* ctx, const v1::RespondToConsultationRequest* req,
    v1::ConsultationResponse* resp) {
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

grpc::Status GovernanceServiceImpl::CloseConsultation(grpc::ServerContext* ctx,
                                                      const v1::CloseConsultationRequest* req,
                                                      v1::Consultation* resp) {
  return HandleRpc(env_, ctx, kService, "CloseConsultation", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
                     absl::StatusOr<std::string> ref = ParseConsultationName(req->name(), "name");
                     if (!ref.ok()) return ref.status();
                     absl::StatusOr<Date> day = DateOrToday(env_, req->close_date(), "close_date");
                     if (!day.ok()) return day.status();
                     return IdempotentWrite(
                         env_, "CloseConsultation", req->request_id(), who, resp,
                         [&](storage::Tx& tx) -> absl::Status {
                           // The role and status checks come first (through the lifecycle), then
                           // the date rule; the transaction rolls back if the date rule refuses.
                           absl::StatusOr<Moved> moved = ApplyEvent(
                               env_, tx, who, *ref, LifecycleEvent::kCloseConsultation, *day, "");
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
                           if (auto s = storage::UpdateConsultation(tx, *c, expected); !s.ok())
                             return s;
                           absl::StatusOr<int> n = storage::CountResponses(tx, *ref, c->round);
                           if (!n.ok()) return n.status();
                           *resp = ToProto(*c, *n);
                           storage::StoredEvent e = NewEvent(env_, who, resp->name(), "close",
                                                             FormatDate(*day), &before, resp);
                           return storage::AppendEvent(tx, e);
                         });
                   });
}

grpc::Status GovernanceServiceImpl::ListConsultationResponses(
    grpc::ServerContext* ctx, const v1::ListConsultationResponsesRequest* req,
    v1::ListConsultationResponsesResponse* resp) {
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
                       if (auto s = PageRows(
                               absl::StrCat("responses|", *ref, "|", c->round), req->page_size(),
                               req->page_token(),
                               [](const storage::ResponseRow& r) { return r.party; }, *rows,
                               resp->mutable_next_page_token());
                           !s.ok()) {
                         return s;
                       }
                       for (const auto& r : *rows) *resp->add_responses() = ToProto(r);
                       return absl::OkStatus();
                     });
                   });
}

// --- Helpers ------------------------------------------------------------------------------------

absl::StatusOr<storage::ConsultationRow> GovernanceServiceImpl::LoadConsultation(
    storage::Tx& tx, const std::string& ref) {
  absl::StatusOr<std::optional<storage::ConsultationRow>> c = storage::FindConsultation(tx, ref);
  if (!c.ok()) return c.status();
  if (!c->has_value()) {
    return absl::NotFoundError(absl::StrCat("no consultation has been issued for ", ref));
  }
  return **c;
}

}  // namespace sec::service
