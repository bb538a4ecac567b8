// GovernanceService: nominations to the Security Sub-Committee (SSC) and its members.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/ssc.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {
namespace {

using NominationFn =
    std::function<absl::StatusOr<SscNomination>(storage::Tx&, const storage::StoredNomination&, Date)>;

// One step of a nomination (review, vetting, appointment): the domain rule `fn` on the stored
// nomination, a version-checked update and its history event.
absl::StatusOr<v1::SscNomination> NominationStep(Call& call, const std::string& name,
                                                 const std::string& date,
                                                 absl::string_view date_field, const char* kind,
                                                 NominationFn fn) {
  SEC_ASSIGN_OR_RETURN(int64_t id, ParseNominationName(name, "name"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(date, date_field));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::SscNomination> {
    SEC_ASSIGN_OR_RETURN(storage::StoredNomination row, storage::GetNomination(tx, id));
    const v1::SscNomination before = ToProto(row);
    absl::StatusOr<SscNomination> next = fn(tx, row, day);
    if (!next.ok()) {
      return Prefixed(next.status(),
                      absl::StrCat(before.name(), " (", row.nomination.nominee, "): "));
    }
    const int64_t expected = row.version;
    row.nomination = *std::move(next);
    row.version += 1;
    SEC_RETURN_IF_ERROR(storage::UpdateNomination(tx, row, expected));
    return call.Recorded(tx, ToProto(row), kind, day, &before);
  });
}

}  // namespace

absl::StatusOr<v1::SscNomination> NominateSscMember(Call& call,
                                                    const v1::NominateSscMemberRequest& req) {
  const v1::SscNomination& in = req.nomination();
  storage::StoredNomination row;
  SscNomination& n = row.nomination;
  // A party nominates for itself (the declaration's party scope); SECAS names the party.
  n.nominating_party = call.party();
  if (n.nominating_party.empty()) {
    return InvalidField("nomination.nominating_party", "required, e.g. parties/british-gas");
  }
  n.nominator_name = in.nominator_name();
  n.nominator_position = in.nominator_position();
  n.nominator_is_senior = in.nominator_is_senior();
  n.nominee = in.nominee();
  SEC_ASSIGN_OR_RETURN(n.nominee_category,
                       FromProto(in.nominee_category(), "nomination.nominee_category"));
  n.security_expertise = in.security_expertise();
  // A party's act: dated today by the server.
  SEC_ASSIGN_OR_RETURN(n.nominated_on,
                       call.DateOfAct(in.nomination_date(), "nomination.nomination_date"));
  n.state = NominationState::kNominated;
  SEC_RETURN_IF_ERROR(ValidateNomination(n, DefaultSscSeatPolicy()));
  row.version = 1;
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::SscNomination> {
    SEC_RETURN_IF_ERROR(storage::GetParty(tx, n.nominating_party).status());
    SEC_RETURN_IF_ERROR(storage::InsertNomination(tx, row));
    return call.Recorded(tx, ToProto(row), "nominate", n.nominated_on);
  });
}

absl::StatusOr<v1::SscNomination> ReviewNomination(Call& call,
                                                   const v1::ReviewNominationRequest& req) {
  return NominationStep(call, req.name(), req.review_date(), "review_date",
                        req.accept() ? "accept" : "reject",
                        [&](storage::Tx&, const storage::StoredNomination& row,
                            Date) -> absl::StatusOr<SscNomination> {
                          return req.accept() ? AcceptNomination(row.nomination)
                                              : RejectNomination(row.nomination, req.reason());
                        });
}

absl::StatusOr<v1::SscNomination> RecordVetting(Call& call, const v1::RecordVettingRequest& req) {
  return NominationStep(call, req.name(), req.vetting_date(), "vetting_date", "vetting",
                        [&](storage::Tx&, const storage::StoredNomination& row,
                            Date day) -> absl::StatusOr<SscNomination> {
                          return sec::RecordVetting(row.nomination, req.passed(), day);
                        });
}

absl::StatusOr<v1::SscNomination> AppointNomination(Call& call,
                                                    const v1::AppointNominationRequest& req) {
  return NominationStep(
      call, req.name(), req.appointment_date(), "appointment_date", "appoint",
      [&](storage::Tx& tx, const storage::StoredNomination& row,
          Date day) -> absl::StatusOr<SscNomination> {
        SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredNomination> all,
                             storage::ListNominations(tx, std::nullopt));
        std::vector<SscNomination> sitting;
        for (const auto& other : all) {
          if (other.id != row.id) sitting.push_back(other.nomination);
        }
        return Appoint(row.nomination, day, sitting, DefaultSscSeatPolicy());
      });
}

absl::StatusOr<v1::ListNominationsResponse> ListNominations(
    Call& call, const v1::ListNominationsRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::optional<NominationState> state,
                       NominationStateEnum().Optional(req.state(), "state"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListNominationsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredNomination> rows,
                         storage::ListNominations(tx, state));
    v1::ListNominationsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("nominations|", state ? NominationStateCode(*state) : ""), req.page_size(), req.page_token(),
        [](const storage::StoredNomination& n) { return SortableNumber(n.id); }, rows,
        out.mutable_next_page_token()));
    for (const auto& n : rows) *out.add_nominations() = ToProto(n);
    return out;
  });
}

absl::StatusOr<v1::ListSscMembersResponse> ListSscMembers(Call& call,
                                                          const v1::ListSscMembersRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(req.date(), "date"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListSscMembersResponse> {
    SEC_ASSIGN_OR_RETURN(
        std::vector<storage::StoredNomination> rows,
        storage::ListNominations(tx, NominationState::kAppointed));
    v1::ListSscMembersResponse out;
    std::vector<SscNomination> all;
    for (const auto& n : rows) {
      all.push_back(n.nomination);
      if (SitsOn(n.nomination, day)) *out.add_members() = ToProto(n);
    }
    const SscSeatPolicy policy = DefaultSscSeatPolicy();
    for (const SeatAllocation& a : policy.seats) {
      v1::SscSeats* s = out.add_seats();
      s->set_category(ToProto(a.category));
      s->set_seats(a.seats);
      s->set_filled(SeatsFilled(all, a.category, day));
    }
    return out;
  });
}

}  // namespace sec::service
