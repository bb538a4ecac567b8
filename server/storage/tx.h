#ifndef SEC_STORAGE_TX_H_
#define SEC_STORAGE_TX_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/dialect.h"
#include "storage/sql.h"

namespace sec::storage {

// The counter that numbers history events; Dialect::lock_writes reads it as it locks.
inline constexpr char kEventCounter[] = "event_seq";

// One transaction: the unit every RPC runs in. Repository functions (register_store.h, ...)
// take a Tx and use its connection with the dialect's named statements.
//
// A write transaction saves round trips to the database, which on MySQL are most of a write's
// cost while it holds the write lock:
// - Counters (the `counters` table) are read once per transaction, counted in memory and
//   written back just before the commit. Every writer holds the write lock (Dialect::
//   lock_writes, or SQLite's single writer), so nobody else moves them meanwhile.
// - Rows of append-only tables (history events, idempotency records, a new proposal's
//   sections) are buffered and inserted together, many rows per statement, just before the
//   commit. A repository function that reads or deletes such rows in a write transaction calls
//   FlushAppends() first, so the transaction always sees its own writes.
class Tx {
 public:
  Tx(SqlConnection* conn, const Dialect* dialect, bool write)
      : conn_(conn), dialect_(dialect), write_(write) {}

  SqlConnection& conn() { return *conn_; }
  const Dialect& dialect() const { return *dialect_; }
  bool write() const { return write_; }

  // Runs a statement; a statement that changed rows marks the current write as changed.
  absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params);
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql, const SqlParams& params) {
    return conn_->Query(sql, params);
  }
  // The first row of a query, or NOT_FOUND with `what` in the message.
  absl::StatusOr<SqlRow> QueryOne(absl::string_view sql, const SqlParams& params,
                                  absl::string_view what);

  // The counter's next value (value + 1), kept in memory until Finish().
  absl::StatusOr<int64_t> NextCounter(const std::string& name);
  // Raises the counter to at least `value` (an explicitly numbered row was inserted).
  absl::Status RaiseCounter(const std::string& name, int64_t value);
  // The counter's current value, already read by the caller (the write lock's row).
  void SeedCounter(const std::string& name, int64_t value) { counters_[name] = {value, false}; }

  // Buffers one row for `table` (its head and row placeholders; see AppendInsert).
  void Append(const AppendInsert& table, SqlParams row);
  // The buffered rows of `table` not yet inserted, oldest first.
  const std::vector<SqlParams>& Pending(const AppendInsert& table) const;
  // Inserts every buffered row now.
  absl::Status FlushAppends();
  // Before COMMIT: the buffered rows and the counters go to the database.
  absl::Status Finish();

  // Idempotency keys known not to be stored (looked up once for a whole batch).
  void SetAbsentRequests(absl::flat_hash_set<std::string> ids) { absent_requests_ = std::move(ids); }
  bool RequestKnownAbsent(absl::string_view id) const { return absent_requests_.contains(id); }

  // Group commit (store.cc) runs several writes in one transaction. Around each:
  void BeginWrite();       // a mark: what the write buffers or counts from here is its own
  void UndoWrite();        // the write was refused: drop its buffered rows and counts
  bool WriteChanged() const { return write_changed_; }  // it changed rows in the database
  bool FlushedOthers() const { return flushed_others_; }  // earlier writes' rows went in meanwhile

 private:
  struct Counter {
    int64_t value;
    bool dirty;
  };
  struct Appends {
    const AppendInsert* table;
    std::vector<SqlParams> rows;
    size_t mark = 0;  // rows before this belong to earlier writes
  };

  SqlConnection* conn_;
  const Dialect* dialect_;
  bool write_;
  absl::flat_hash_map<std::string, Counter> counters_;
  absl::flat_hash_map<std::string, Counter> counters_mark_;
  std::vector<Appends> appends_;  // in order of first use (foreign keys point backwards)
  absl::flat_hash_set<std::string> absent_requests_;
  bool write_changed_ = false;
  bool flushed_others_ = false;
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_TX_H_
