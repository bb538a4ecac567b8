#ifndef SEC_STORAGE_TX_H_
#define SEC_STORAGE_TX_H_

#include <cstdint>
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

// Which inserted rows a write transaction may buffer (AppendInsert):
enum class Buffering {
  kNone,        // every row is inserted at once
  kSafe,        // rows of tables whose inserts cannot be refused
  kEverything,  // all: a refused insert then fails the whole transaction at the flush
};

// One transaction: the unit every RPC runs in. Repository functions (register_store.h, ...)
// take a Tx and use its connection with the dialect's named statements.
//
// A write transaction saves round trips to the database, which on MySQL are most of a write's
// cost while it holds the write lock:
// - Counters (the `counters` table) are read once per transaction (with the write lock, where
//   there is one), counted in memory and written back just before the commit. Every writer
//   holds the write lock (Dialect::lock_writes, or SQLite's single writer), so nobody else
//   moves them meanwhile.
// - Inserted rows are buffered (as `buffering` allows) and inserted together, many per
//   statement, just before the commit, or before a statement that could depend on them: any
//   Exec (what it changes may point at them, or be them) and any Query that names their
//   table. The transaction always reads its own writes.
class Tx {
 public:
  Tx(SqlConnection* conn, const Dialect* dialect, bool write, Buffering buffering = Buffering::kNone)
      : conn_(conn), dialect_(dialect), write_(write), buffering_(buffering) {}

  SqlConnection& conn() { return *conn_; }
  const Dialect& dialect() const { return *dialect_; }
  bool write() const { return write_; }

  // Runs a statement; a statement that changed rows marks the current write as changed.
  absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params);
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql, const SqlParams& params);
  // The first row of a query, or NOT_FOUND with `what` in the message.
  absl::StatusOr<SqlRow> QueryOne(absl::string_view sql, const SqlParams& params,
                                  absl::string_view what);

  // Inserts one row into `table`, at once or buffered. The error of a buffered row comes from
  // the statement that flushes it (and fails the transaction).
  absl::Status Insert(const AppendInsert& table, SqlParams row);
  // The buffered rows of `table` not yet inserted, oldest first.
  const std::vector<SqlParams>& Pending(const AppendInsert& table) const;

  // The counter's next value (value + 1), kept in memory until Finish().
  absl::StatusOr<int64_t> NextCounter(const std::string& name);
  // Raises the counter to at least `value` (an explicitly numbered row was inserted).
  absl::Status RaiseCounter(const std::string& name, int64_t value);
  // A counter's current value, read by the caller with the write lock.
  void SeedCounter(std::string name, int64_t value) {
    counters_.insert_or_assign(std::move(name), Counter{value, false});
  }

  // Before COMMIT: the buffered rows and the counters go to the database.
  absl::Status Finish();

  // Idempotency keys known not to be stored (looked up once for a whole batch).
  void SetAbsentRequests(absl::flat_hash_set<std::string> ids) { absent_requests_ = std::move(ids); }
  bool RequestKnownAbsent(absl::string_view id) const { return absent_requests_.contains(id); }
  void RequestStored(const std::string& id) { absent_requests_.erase(id); }

  // Group commit (store.cc) runs several writes in one transaction. Around each:
  void BeginWrite();  // a mark: what the write buffers or counts from here is its own
  void UndoWrite();   // the write was refused: drop its buffered rows and counts
  // It changed rows in the database: UndoWrite() cannot take it back.
  bool WriteChanged() const { return write_changed_; }
  // Not OK once inserting buffered rows failed: whichever write's rows they were, the
  // transaction cannot commit, and every later statement fails with this.
  const absl::Status& broken() const { return broken_; }

 private:
  struct Counter {
    int64_t value;
    bool dirty;
  };
  struct Buffered {
    const AppendInsert* table;
    std::vector<SqlParams> rows;
    size_t mark = 0;  // rows before this belong to earlier writes
  };
  bool Buffers(const AppendInsert& table) const;
  absl::StatusOr<Counter*> LoadCounter(const std::string& name);
  // Inserts every buffered row if `sql` names a table with buffered rows.
  absl::Status FlushFor(absl::string_view sql);
  absl::Status Flush();

  SqlConnection* conn_;
  const Dialect* dialect_;
  bool write_;
  Buffering buffering_;
  absl::flat_hash_map<std::string, Counter> counters_;
  absl::flat_hash_map<std::string, Counter> counters_mark_;
  std::vector<Buffered> buffered_;  // in rank order
  size_t buffered_rows_ = 0;
  absl::flat_hash_set<std::string> absent_requests_;
  bool write_changed_ = false;
  absl::Status broken_;
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_TX_H_
