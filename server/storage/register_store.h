#ifndef SEC_STORAGE_REGISTER_STORE_H_
#define SEC_STORAGE_REGISTER_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/list_filter.h"
#include "domain/modification.h"
#include "domain/party.h"
#include "storage/store.h"

namespace sec::storage {

// --- Counters ----------------------------------------------------------------------------------
// Increments a named counter and returns its new value (write transaction).
absl::StatusOr<int64_t> NextCounter(Tx& tx, const std::string& name);
// Makes sure the counter is at least `value` (an imported SECMP0034 moves the next raise to 35).
absl::Status RaiseCounter(Tx& tx, const std::string& name, int64_t value);

// --- History ----------------------------------------------------------------------------------
struct StoredEvent {
  int64_t sequence = 0;
  std::string resource;
  std::string kind;
  std::string effective_date;
  int64_t record_time_us = 0;
  std::string principal;
  std::optional<std::string> status;  // proposals: status code after the event
  std::string before_json;
  std::string after_json;
  std::string note;
  // Visibility: the party whose confidential data the resource is; "" for public data.
  std::string party;
};
// Appends an event, giving it the next sequence (set in `e`).
absl::Status AppendEvent(Tx& tx, StoredEvent& e);
absl::StatusOr<std::vector<StoredEvent>> ListEventsForResource(Tx& tx, const std::string& resource,
                                                               int64_t after_sequence, int limit);
// Events with after_sequence < sequence <= up_to, in order, at most `limit`.
absl::StatusOr<std::vector<StoredEvent>> ListEventsBetween(Tx& tx, int64_t after_sequence,
                                                           int64_t up_to, int limit);
// The sequence and resource of the events after `after_sequence`, at most `limit`, in order
// (what a read cache must forget; event_feed.h).
absl::StatusOr<std::vector<CommittedEvent>> ListEventResources(Tx& tx, int64_t after_sequence,
                                                               int limit);
absl::StatusOr<int64_t> MaxEventSequence(Tx& tx);

// --- Idempotent requests ----------------------------------------------------------------------
struct StoredRequest {
  std::string method;
  std::string principal;
  std::string response;     // serialized response message
  std::string fingerprint;  // of the request (a retry must be the same request)
};
absl::StatusOr<std::optional<StoredRequest>> GetRequest(Tx& tx, const std::string& request_id);
absl::Status PutRequest(Tx& tx, const std::string& request_id, const StoredRequest& r,
                        int64_t now_us);

// --- Parties ----------------------------------------------------------------------------------
absl::StatusOr<Party> GetParty(Tx& tx, const std::string& id);
// ALREADY_EXISTS when the id is taken.
absl::Status InsertParty(Tx& tx, const Party& p);
// Writes `p` if the stored version is still `expected_version`; ABORTED otherwise.
absl::Status UpdateParty(Tx& tx, const Party& p, int64_t expected_version);
absl::StatusOr<std::vector<Party>> ListParties(Tx& tx, const std::optional<std::string>& category,
                                               const std::string& after_id, int limit);

// --- Modifications ----------------------------------------------------------------------------
absl::StatusOr<Modification> GetModification(Tx& tx, const std::string& reference);
absl::StatusOr<bool> ModificationExists(Tx& tx, const std::string& reference);
// Appends the proposal (Tx::Append): its reference must be free (from the counter, or checked
// with ModificationExists) and its proposer registered (parties are never deleted).
absl::Status InsertModification(Tx& tx, const Modification& m);
// The same with the number given (bench/seed_store seeds references beyond SECMP9999, which
// InsertModification refuses).
absl::Status InsertNumberedModification(Tx& tx, const Modification& m, int64_t number);
// Writes `m` if the stored version is still `expected_version` (ABORTED otherwise), moving it
// from `stored_status`'s tally to its own.
absl::Status UpdateModification(Tx& tx, const Modification& m, int64_t expected_version,
                                ModStatus stored_status);
// Rewrites the impacts filter's rows from `m.impacts` (the row's own column is written by
// UpdateModification): the one write that changes a proposal's impacts calls both.
absl::Status ReplaceImpacts(Tx& tx, const Modification& m);
// The proposals in each status, from the tallies the writes keep (no row is counted): one read.
absl::StatusOr<std::map<ModStatus, int64_t>> CountByStatus(Tx& tx);
// The proposals in these statuses, summed from CountByStatus.
absl::StatusOr<int64_t> CountInStatuses(Tx& tx, const std::vector<ModStatus>& statuses);
// Records that the proposal's latest event is now dated `day` (a vote, a response).
absl::Status TouchModification(Tx& tx, const std::string& reference, Date day);

enum class ModificationOrder { kReference, kDateRaised, kTitle, kStatus };
struct ModificationQuery {
  std::vector<FilterTerm> filter;
  ModificationOrder order = ModificationOrder::kReference;
  bool descending = false;
  std::vector<std::string> after_key;  // the last row's sort key from the page token
  std::optional<int64_t> known_total;  // counted for the listing's first page (the token's)
  int limit = 50;
};
struct ModificationPage {
  std::vector<Modification> rows;
  int64_t total = 0;
};
absl::StatusOr<ModificationPage> ListModifications(Tx& tx, const ModificationQuery& q);
// The statements ListModifications runs for `q` (the count only when it must count rows), for
// the index test (tests/storage/query_plan_test.cc) to EXPLAIN.
struct Statement {
  std::string sql;
  SqlParams params;
};
struct ModificationListSql {
  std::optional<Statement> count;
  Statement page;
};
absl::StatusOr<ModificationListSql> ListModificationsSql(Tx& tx, const ModificationQuery& q);
// The sort key of a row under an order (what the next page token carries).
std::vector<std::string> ModificationSortKey(const Modification& m, ModificationOrder order);

// Encodes a list of strings in one text column (and back): items separated by newlines,
// backslash-escaped.

}  // namespace sec::storage

#endif  // SEC_STORAGE_REGISTER_STORE_H_
