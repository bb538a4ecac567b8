// GovernanceServiceImpl: nominations to the Security Sub-Committee (SSC) and its members.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/ssc.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {

// --- SSC nominations ----------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::NominateSscMember(grpc::ServerContext* ctx,
                                                      const v1::NominateSscMemberRequest* req,
                                                      v1::SscNomination* resp) {
  return HandleRpc(
      env_, ctx, kService, "NominateSscMember", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireAnyRole(who, {Role::kParty, Role::kSecas}, "nominating an SSC member");
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

grpc::Status GovernanceServiceImpl::ReviewNomination(grpc::ServerContext* ctx,
                                                     const v1::ReviewNominationRequest* req,
                                                     v1::SscNomination* resp) {
  return NominationStep(
      ctx, "ReviewNomination", req->name(), req->review_date(), req->request_id(),
      {Role::kSecuritySubCommittee}, "reviewing an SSC nominee",
      req->accept() ? "accept" : "reject", resp,
      [&](storage::Tx&, const storage::NominationRow& row, Date) -> absl::StatusOr<SscNomination> {
        return req->accept() ? AcceptNomination(row.nomination)
                             : RejectNomination(row.nomination, req->reason());
      });
}

grpc::Status GovernanceServiceImpl::RecordVetting(grpc::ServerContext* ctx,
                                                  const v1::RecordVettingRequest* req,
                                                  v1::SscNomination* resp) {
  return NominationStep(ctx, "RecordVetting", req->name(), req->vetting_date(), req->request_id(),
                        {Role::kSecas, Role::kSecuritySubCommittee}, "recording security vetting",
                        "vetting", resp,
                        [&](storage::Tx&, const storage::NominationRow& row,
                            Date day) -> absl::StatusOr<SscNomination> {
                          return sec::RecordVetting(row.nomination, req->passed(), day);
                        });
}

grpc::Status GovernanceServiceImpl::AppointNomination(grpc::ServerContext* ctx,
                                                      const v1::AppointNominationRequest* req,
                                                      v1::SscNomination* resp) {
  return NominationStep(
      ctx, "AppointNomination", req->name(), req->appointment_date(), req->request_id(),
      {Role::kSecas, Role::kSecuritySubCommittee}, "appointing an SSC member", "appoint", resp,
      [&](storage::Tx& tx, const storage::NominationRow& row,
          Date day) -> absl::StatusOr<SscNomination> {
        absl::StatusOr<std::vector<storage::NominationRow>> all = storage::ListNominations(tx, "");
        if (!all.ok()) return all.status();
        std::vector<SscNomination> sitting;
        for (const auto& other : *all) {
          if (other.id != row.id) sitting.push_back(other.nomination);
        }
        return Appoint(row.nomination, day, sitting, DefaultSscSeatPolicy());
      });
}

grpc::Status GovernanceServiceImpl::ListNominations(grpc::ServerContext* ctx,
                                                    const v1::ListNominationsRequest* req,
                                                    v1::ListNominationsResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ListNominations", "", [&](const Principal&) -> absl::Status {
        std::string state;
        if (req->state() != v1::NOMINATION_STATE_UNSPECIFIED) {
          state =
              NominationStateCode(static_cast<NominationState>(static_cast<int>(req->state()) - 1));
        }
        return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
          absl::StatusOr<std::vector<storage::NominationRow>> rows =
              storage::ListNominations(tx, state);
          if (!rows.ok()) return rows.status();
          if (auto s = PageRows(
                  absl::StrCat("nominations|", state), req->page_size(), req->page_token(),
                  [](const storage::NominationRow& n) { return SortableNumber(n.id); }, *rows,
                  resp->mutable_next_page_token());
              !s.ok()) {
            return s;
          }
          for (const auto& n : *rows) *resp->add_nominations() = ToProto(n);
          return absl::OkStatus();
        });
      });
}

grpc::Status GovernanceServiceImpl::ListSscMembers(grpc::ServerContext* ctx,
                                                   const v1::ListSscMembersRequest* req,
                                                   v1::ListSscMembersResponse* resp) {
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
            if (x.appointed_on && *x.appointed_on <= *day && (!x.term_end || *day < *x.term_end)) {
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

// --- Helpers ------------------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::NominationStep(
    grpc::ServerContext* ctx, absl::string_view method, const std::string& name,
    const std::string& date, const std::string& request_id, std::initializer_list<Role> roles,
    absl::string_view action, const char* kind, v1::SscNomination* resp, NominationFn fn) {
  const std::vector<Role> role_list(roles);
  return HandleRpc(
      env_, ctx, kService, method, request_id, [&](const Principal& who) -> absl::Status {
        if (!std::any_of(role_list.begin(), role_list.end(), [&](Role r) { return who.Has(r); })) {
          std::string names;
          for (Role r : role_list)
            absl::StrAppend(&names, names.empty() ? "" : " or ", RoleName(r));
          return absl::PermissionDeniedError(
              absl::StrCat(action, " needs the role ", names, "; ", who.name, " does not hold it"));
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

}  // namespace sec::service
