#ifndef SEC_STORAGE_TX_H_
#define SEC_STORAGE_TX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/dialect.h"
#include "storage/sql.h"

namespace sec::storage {

// A history event a committed transaction wrote: its sequence and the resource it is about.
struct CommittedEvent {
  int64_t sequence;
  std::string resource;
};

// One transaction: the unit every RPC runs in. Repository functions (register_store.h, ...)
// take a Tx and use its connection with the dialect's named statements.
//
// A write transaction saves round trips to the database, which on MySQL are most of a write's
// cost while it holds the write lock, by two means:
// - Counters (the `counters` table) are read once per transaction, with the write lock, counted
//   in memory and written back just before the commit. Every writer holds the write lock
//   (Dialect::lock_writes, or SQLite's single writer), so nobody else moves them meanwhile.
// - Rows appended with Append() wait in the transaction, and all of them are inserted (many
//   rows a statement, tables in rank order) before its next Exec or Query and before it
//   commits. So a transaction always reads its own writes, and what waits is decided by the
//   call (Append), never by looking at SQL. Only rows whose insert cannot be refused are
//   appended: their keys come from the counters or were checked in the same transaction.
class Tx {
 public:
  Tx(SqlConnection* conn, const Dialect* dialect, bool write)
      : conn_(conn), dialect_(dialect), write_(write) {}

  SqlConnection& conn() { return *conn_; }
  const Dialect& dialect() const { return *dialect_; }
  bool write() const { return write_; }

  // Run a statement, after inserting the appended rows. A statement that changed rows marks
  // the current write as changed.
  absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params);
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql, const SqlParams& params);
  // The first row of a query, or NOT_FOUND with `what` in the message.
  absl::StatusOr<SqlRow> QueryOne(absl::string_view sql, const SqlParams& params,
                                  absl::string_view what);

  // Appends one row of `table`, inserted before the next statement or the commit.
  void Append(const AppendTable& table, SqlParams row);

  // The counter's next value (value + 1), kept in memory until Finish().
  absl::StatusOr<int64_t> NextCounter(const std::string& name);
  // Raises the counter to at least `value` (an explicitly numbered row was inserted).
  absl::Status RaiseCounter(const std::string& name, int64_t value);
  // Adds `delta` to a tally (a counter whose absent row reads 0: the proposals per status).
  absl::Status AddToTally(const std::string& name, int64_t delta);
  // A counter's value as this transaction has it (read, then counted), if it was read.
  std::optional<int64_t> CounterValue(const std::string& name) const {
    auto it = counters_.find(name);
    if (it == counters_.end()) return std::nullopt;
    return it->second.value;
  }
  // A counter's current value, read by the caller with the write lock.
  void SeedCounter(std::string name, int64_t value) {
    counters_.insert_or_assign(std::move(name), Counter{value, false});
  }

  // Before COMMIT: the appended rows and the counters go to the database.
  absl::Status Finish();

  // The history events this transaction appended (AppendEvent notes each): once it commits,
  // what readers' caches must forget (Store::SetCommitListener).
  void NoteEvent(int64_t sequence, std::string resource) {
    events_.push_back({sequence, std::move(resource)});
  }
  const std::vector<CommittedEvent>& events() const { return events_; }
  // This transaction changes `resource` (a proposal's row). Finish() refuses it unless an
  // event about that resource is appended too: the history is what tells other replicas'
  // caches, and every change to a proposal is part of its record.
  void Changes(std::string resource) { changes_.push_back(std::move(resource)); }

  // Idempotency keys known not to be stored (looked up once for a whole batch).
  void SetAbsentRequests(absl::flat_hash_set<std::string> ids) { absent_requests_ = std::move(ids); }
  bool RequestKnownAbsent(absl::string_view id) const { return absent_requests_.contains(id); }
  void RequestStored(const std::string& id) { absent_requests_.erase(id); }

  // Group commit (store.cc) runs several writes in one transaction. Around each:
  void BeginWrite();  // a mark: what the write appends or counts from here is its own
  void UndoWrite();   // the write was refused: drop its appended rows and counts
  // It changed rows in the database (a statement, or its appended rows went in): UndoWrite()
  // cannot take it back, and the batch must run again, each write on its own.
  bool WriteChanged() const { return write_changed_; }
  // Not OK once inserting appended rows failed: whichever write's rows they were, the
  // transaction cannot commit, and every later statement fails with this.
  const absl::Status& broken() const { return broken_; }

 private:
  struct Counter {
    int64_t value;
    bool dirty;
  };
  struct Appended {
    const AppendTable* table;
    std::vector<SqlParams> rows;
    size_t mark = 0;  // rows before this belong to earlier writes
  };
  // A counter's row, read once; `absent_is_zero` for tallies, whose rows appear when first set.
  absl::StatusOr<Counter*> LoadCounter(const std::string& name, bool absent_is_zero = false);
  absl::Status Flush();

  SqlConnection* conn_;
  const Dialect* dialect_;
  bool write_;
  absl::flat_hash_map<std::string, Counter> counters_;
  absl::flat_hash_map<std::string, Counter> counters_mark_;
  std::vector<Appended> appended_;  // in rank order
  std::vector<CommittedEvent> events_;
  size_t events_mark_ = 0;
  std::vector<std::string> changes_;
  size_t changes_mark_ = 0;
  size_t appended_rows_ = 0;
  absl::flat_hash_set<std::string> absent_requests_;
  bool write_changed_ = false;
  absl::Status broken_;
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_TX_H_
