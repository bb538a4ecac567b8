#ifndef SEC_DOMAIN_SSC_H_
#define SEC_DOMAIN_SSC_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/party.h"

namespace sec {

// Security Sub-Committee nominations, as SECMP0026 (SEC 5.5, Section G 7.6-7.12) set them:
// a senior nominator, SSC review of the nominee's security expertise, vetting before appointment.
// Role checks (who may accept, vet, appoint) are the service's; these functions are the rules.

enum class NominationState { kNominated, kAccepted, kRejected, kAppointed };
const char* NominationStateCode(NominationState s);  // "NOMINATED", "ACCEPTED", ...
bool ParseNominationState(absl::string_view code, NominationState* s);

struct Vetting {
  bool passed = false;
  Date date;
};

struct SscNomination {
  std::string nominating_party;  // party id
  std::string nominator_name;
  std::string nominator_position;  // e.g. "Chief Information Security Officer"
  // The nominating party's declaration that the position is a relevant senior one (G7).
  bool nominator_is_senior = false;
  std::string nominee;
  PartyCategory nominee_category = PartyCategory::kOtherSecParty;  // the seat sought
  std::string security_expertise;  // the nominee's statement of security expertise
  Date nominated_on;

  NominationState state = NominationState::kNominated;
  std::string rejection_reason;      // set when REJECTED
  std::optional<Vetting> vetting;    // latest vetting result
  std::optional<Date> appointed_on;  // set when APPOINTED
  // The seat is held on [appointed_on, term_end): a successor may be appointed on term_end.
  std::optional<Date> term_end;
};

// [policy] Seats per category and term length. Categories absent from `seats` have none.
struct SeatAllocation {
  PartyCategory category;
  int seats;
};
struct SscSeatPolicy {
  std::vector<SeatAllocation> seats;
  int term_months = 24;
};
// 6 Large Supplier, 2 Small Supplier, 1 Electricity Network, 1 Gas Network, 1 Other SEC Party;
// 24-month terms.
SscSeatPolicy DefaultSscSeatPolicy();
int SeatsFor(const SscSeatPolicy& policy, PartyCategory category);
// Policy sanity: seats >= 0, each category at most once, term_months >= 1.
absl::Status ValidateSeatPolicy(const SscSeatPolicy& policy);

// A new nomination: required fields and sizes (INVALID_ARGUMENT naming the field); a nominator
// not in a relevant senior position, or a category with no seats, is refused (INVALID_ARGUMENT:
// the request itself can never succeed). Ignores the state fields.
absl::Status ValidateNomination(const SscNomination& n, const SscSeatPolicy& policy);

// The SSC's review: NOMINATED -> ACCEPTED.
absl::StatusOr<SscNomination> AcceptNomination(const SscNomination& n);
// NOMINATED or ACCEPTED -> REJECTED; a reason is required and kept.
absl::StatusOr<SscNomination> RejectNomination(const SscNomination& n, absl::string_view reason);
// Records a vetting result (a re-vetting replaces it) while NOMINATED or ACCEPTED.
absl::StatusOr<SscNomination> RecordVetting(const SscNomination& n, bool passed, Date date);

// An appointed member sits on [appointed_on, term_end).
bool SitsOn(const SscNomination& n, Date on);
// Appointments among `nominations` holding a seat of `category` on `on`.
int SeatsFilled(const std::vector<SscNomination>& nominations, PartyCategory category, Date on);

// ACCEPTED -> APPOINTED on `on`, setting the term end. Refused (FAILED_PRECONDITION) unless
// accepted, vetted with a pass on or before `on`, and a seat of its category is free on `on`
// among `sitting` (other nominations; only APPOINTED ones in force on `on` hold seats). The term
// ends policy.term_months later, clamped to the month's last day (2016-02-29 + 24 = 2018-02-28).
absl::StatusOr<SscNomination> Appoint(const SscNomination& n, Date on,
                                      const std::vector<SscNomination>& sitting,
                                      const SscSeatPolicy& policy);

}  // namespace sec

#endif  // SEC_DOMAIN_SSC_H_
