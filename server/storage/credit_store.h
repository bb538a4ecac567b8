#ifndef SEC_STORAGE_CREDIT_STORE_H_
#define SEC_STORAGE_CREDIT_STORE_H_

// Repository functions of the Credit area (SPEC 4). Each takes the caller's transaction; the
// portfolio loaders read the whole population in a few set-based queries (no per-party round
// trips), so a 10,000-party portfolio costs four queries.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/credit.h"
#include "domain/party.h"
#include "storage/store.h"

namespace sec::storage {

// Ids of assessments, charges and instruments: one increasing sequence (write transaction).
absl::StatusOr<int64_t> NextCreditSeq(Tx& tx);

// --- Policies ---------------------------------------------------------------------------------
struct StoredPolicy {
  CreditPolicy policy;
  std::string comment;
  int64_t create_time_us = 0;
};
// ALREADY_EXISTS naming the other policy when the id or the effective date is taken.
absl::Status InsertPolicy(Tx& tx, const StoredPolicy& p);
absl::StatusOr<StoredPolicy> GetPolicy(Tx& tx, const std::string& id);
// FAILED_PRECONDITION when no policy is in force on `d`.
absl::StatusOr<StoredPolicy> PolicyInForce(Tx& tx, Date d);
// Ordered by effective date, after `after_effective_date` ("" = from the start).
absl::StatusOr<std::vector<StoredPolicy>> ListPolicies(Tx& tx,
                                                       const std::string& after_effective_date,
                                                       int limit);

// --- Assessments and charges --------------------------------------------------------------------
struct StoredAssessment {
  int64_t seq = 0;
  CreditAssessment assessment;
  int64_t create_time_us = 0;
};
absl::Status InsertAssessment(Tx& tx, const StoredAssessment& a);
absl::StatusOr<std::vector<StoredAssessment>> ListAssessments(Tx& tx, const std::string& party,
                                                              int64_t after_seq, int limit);

struct StoredCharge {
  int64_t seq = 0;
  MonthlyCharge charge;
  int64_t create_time_us = 0;
};
absl::Status InsertCharge(Tx& tx, const StoredCharge& c);
absl::StatusOr<std::vector<StoredCharge>> ListCharges(Tx& tx, const std::string& party,
                                                      int64_t after_seq, int limit);

// --- Credit support -----------------------------------------------------------------------------
struct StoredInstrument {
  int64_t seq = 0;
  CreditInstrument instrument;  // instrument.id is the decimal seq
  InstrumentState state = InstrumentState::kLodged;
  std::optional<Date> withdraw_date;  // out of force from this date
  int64_t version = 1;
  int64_t create_time_us = 0;
  int64_t update_time_us = 0;
};
// The instrument as the calculation sees it: a withdrawal ends it the day before withdraw_date;
// nullopt when it is never in force.
std::optional<CreditInstrument> EffectiveInstrument(const StoredInstrument& s);

absl::Status InsertInstrument(Tx& tx, const StoredInstrument& s);
absl::StatusOr<StoredInstrument> GetInstrument(Tx& tx, int64_t seq);
// ABORTED when the stored version is no longer `expected_version`.
absl::Status UpdateInstrument(Tx& tx, const StoredInstrument& s, int64_t expected_version);
absl::StatusOr<std::vector<StoredInstrument>> ListInstruments(Tx& tx, const std::string& party,
                                                              int64_t after_seq, int limit);
absl::StatusOr<std::vector<StoredInstrument>> PartyInstruments(Tx& tx, const std::string& party);

// --- Calculation inputs -------------------------------------------------------------------------
// One party's inputs on `d`: latest charge and assessment on or before `d`, instruments in force.
absl::StatusOr<CreditInputs> LoadPartyInputs(Tx& tx, const std::string& party, Date d);

struct PortfolioInputs {
  std::vector<Party> parties;  // every party with a credit record on or before the date, by id
  std::map<std::string, CreditInputs> inputs;  // by party id; absent = no inputs on the date
};
// The whole population on `d` in four set-based queries.
absl::StatusOr<PortfolioInputs> LoadPortfolioInputs(Tx& tx, Date d);

// --- Breach notices and checks ----------------------------------------------------------------
struct StoredNotice {
  std::string party;
  Date notice_date;
  Date cure_deadline;
  int64_t shortfall_pence = 0;
  NoticeState state = NoticeState::kOpen;
  std::optional<Date> cured_date;
  std::optional<Date> default_date;
  std::optional<int64_t> default_pence;
};
absl::Status InsertNotice(Tx& tx, const StoredNotice& n);
absl::Status UpdateNotice(Tx& tx, const StoredNotice& n);
absl::StatusOr<std::vector<StoredNotice>> OpenNotices(Tx& tx);
struct NoticeQuery {
  std::string party;  // "" = every party
  std::optional<NoticeState> state;  // nullopt = any
  bool defaulted_only = false;
  std::string after_party;
  std::string after_date;
  int limit = 50;
};
absl::StatusOr<std::vector<StoredNotice>> ListNotices(Tx& tx, const NoticeQuery& q);

// The stored outcome of the check for `d` (serialized response), if it ran.
absl::StatusOr<std::optional<std::string>> GetCheck(Tx& tx, Date d);
absl::Status InsertCheck(Tx& tx, Date d, const std::string& response, const std::string& principal,
                         int64_t now_us);
absl::StatusOr<std::optional<Date>> LastCheckDate(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_CREDIT_STORE_H_
