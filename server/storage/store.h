#ifndef SEC_STORAGE_STORE_H_
#define SEC_STORAGE_STORE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/dialect.h"
#include "storage/sql.h"
#include "storage/tx.h"

namespace sec::storage {

struct StoreOptions {
  int pool_size = 8;
  int max_retries = 5;  // of a whole transaction after a deadlock / busy conflict
  // Group commit: writes that arrive while another is committing run together in the next
  // transaction and share one commit (one flush), at most this many per batch; 1 turns it off
  // (every write its own transaction). Both backends serialise writers anyway (SQLite has one
  // writer; MySQL writes queue on the counters' locks).
  int max_batch = 64;
};

// A database: a pool of connections of one backend and the transaction runner.
class Store {
 public:
  using ConnectionFactory = std::function<absl::StatusOr<std::unique_ptr<SqlConnection>>()>;

  Store(const Dialect* dialect, ConnectionFactory factory, StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs `fn` in one write transaction: commits when it returns OK, rolls back otherwise, so a
  // refused write changes nothing; an exception `fn` throws is that write's INTERNAL error. Retries the whole of `fn` on a retryable conflict. With
  // group commit the transaction may hold other calls' writes too, and `fn`'s refusal still
  // undoes only `fn`; it returns once that transaction is committed. `fn` may run more than
  // once, and on another caller's thread, so it must not rely on thread-locals. `request_id`
  // is the write's idempotency key, if it has one: a batch looks all of its keys up at once.
  absl::Status Write(absl::FunctionRef<absl::Status(Tx&)> fn, absl::string_view request_id = {});
  // Runs `fn` in a read-only transaction (one consistent snapshot).
  absl::Status Read(absl::FunctionRef<absl::Status(Tx&)> fn);

  // Applies pending migrations of the dialect; returns the versions applied.
  absl::StatusOr<std::vector<int>> Migrate();
  absl::Status Ping();
  const Dialect& dialect() const { return *dialect_; }

  // Counts write transactions (bumped after each ends, committed or not, before its writers
  // return): a value read before a read transaction began tags what that transaction saw, and
  // stays current only while nothing was written since. Sees only this process's writes.
  uint64_t WriteGeneration() const { return generation_.load(std::memory_order_acquire); }

  // Called with the history events of every write transaction this process commits, after
  // the commit and before its writers return (so a cache it clears never outlives a write
  // acknowledged to a client). Set before writes run; setting it again replaces it.
  using CommitListener = std::function<void(const std::vector<CommittedEvent>&)>;
  void SetCommitListener(CommitListener listener) { on_commit_ = std::move(listener); }
  // The highest event sequence a write transaction of this process has committed at: every
  // event up to it is in the database (0 before the first write). A write's consistency token.
  int64_t CommittedSequence() const { return committed_sequence_.load(std::memory_order_acquire); }

  // Group commit's figures: writes waiting for the committing batch to finish, and writes
  // committed so far in a batch of more than one.
  int QueuedWrites();
  int64_t GroupedWrites();

 private:
  absl::StatusOr<std::unique_ptr<SqlConnection>> Acquire();
  void Release(std::unique_ptr<SqlConnection> conn, bool healthy);
  absl::Status Run(bool write, absl::FunctionRef<absl::Status(Tx&)> fn);
  void BumpGeneration() { generation_.fetch_add(1, std::memory_order_release); }
  // COMMIT of a write transaction, then (when it committed) the committed sequence and the
  // listener, under commit_mu_.
  absl::Status CommitWrite(SqlConnection& conn, const Tx& tx);
  struct PendingWrite;
  // The batch's writes in one transaction; false when nothing of it was committed and the
  // writes must run again, each on its own.
  bool RunBatch(const std::vector<PendingWrite*>& batch);
  // Begins a write transaction on `tx`: the write lock, and the counters it holds.
  absl::Status BeginWrite(SqlConnection& conn, Tx& tx);
  // Which of the batch's idempotency keys are not stored yet: one query for the batch.
  absl::Status LookUpRequests(Tx& tx, const std::vector<PendingWrite*>& batch);

  const Dialect* dialect_;
  ConnectionFactory factory_;
  StoreOptions options_;
  // The pool. std::mutex, not absl::Mutex: a connection changes threads here, and
  // ThreadSanitizer sees this hand-over (Debian's Abseil is uninstrumented).
  std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                      // guarded by mu_

  std::atomic<uint64_t> generation_{0};
  std::atomic<int64_t> committed_sequence_{0};
  CommitListener on_commit_;
  // Held from a write's COMMIT to its listener's return, so the listener hears commits in
  // their order. Commits are serialised anyway (SQLite's one writer, MySQL's counter locks).
  std::mutex commit_mu_;
  // Group commit's queue; std::mutex for the same reason as the pool's (a batch's writes run
  // on the leader's thread and their results go back to their callers').
  std::mutex batch_mu_;
  std::condition_variable batch_done_;
  std::vector<PendingWrite*> queued_;  // guarded by batch_mu_
  bool committing_ = false;            // guarded by batch_mu_
  int64_t grouped_ = 0;                // guarded by batch_mu_
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_STORE_H_
