#include "storage/store.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sec::storage {

Store::Store(const Dialect* dialect, ConnectionFactory factory, StoreOptions options)
    : dialect_(dialect), factory_(std::move(factory)), options_(options) {}

Store::~Store() = default;

absl::StatusOr<std::unique_ptr<SqlConnection>> Store::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    released_.wait(lock, [this] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!idle_.empty()) {
      std::unique_ptr<SqlConnection> c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  absl::StatusOr<std::unique_ptr<SqlConnection>> c = factory_();
  if (!c.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    released_.notify_one();
  }
  return c;
}

void Store::Release(std::unique_ptr<SqlConnection> conn, bool healthy) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (healthy) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;  // dropped: the next Acquire opens a fresh one (reconnect after an outage)
    }
  }
  released_.notify_one();
}

absl::Status Store::BeginWrite(SqlConnection& conn, Tx& tx) {
  if (absl::Status s = conn.Begin(true); !s.ok()) return s;
  if (dialect_->lock_writes.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<SqlRow>> counters = conn.Query(dialect_->lock_writes, {});
  if (!counters.ok()) return counters.status();
  for (SqlRow& row : *counters) tx.SeedCounter(row.Take(0), row.Int(1));
  return absl::OkStatus();
}

namespace {

// A write body's exception fails that write alone: it never leaves the store, whose batch
// machinery carries on (issue 11: one request wedged every write).
absl::Status RunBody(absl::FunctionRef<absl::Status(Tx&)> fn, Tx& tx) {
  try {
    return fn(tx);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("the write failed inside the server: ", e.what()));
  } catch (...) {
    return absl::InternalError("the write failed inside the server: an unknown exception");
  }
}

}  // namespace

absl::Status Store::Run(bool write, absl::FunctionRef<absl::Status(Tx&)> fn) {
  absl::Status last;
  for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
    if (attempt > 0) absl::SleepFor(absl::Milliseconds(2 << std::min(attempt, 6)));
    absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
    if (!conn.ok()) return conn.status();
    Tx tx(conn->get(), dialect_, write);
    absl::Status s = write ? BeginWrite(**conn, tx) : (*conn)->Begin(false);
    if (s.ok()) s = RunBody(fn, tx);
    if (s.ok() && write) s = tx.Finish();
    if (s.ok()) s = write ? CommitWrite(**conn, tx) : (*conn)->Commit();
    if (!s.ok()) {
      absl::Status rb = (*conn)->Rollback();
      bool healthy = rb.ok() && !absl::IsUnavailable(s);
      Release(std::move(*conn), healthy);
      if (IsRetryableConflict(s)) {
        last = s;
        continue;
      }
      return s;
    }
    Release(std::move(*conn), true);
    return absl::OkStatus();
  }
  return absl::AbortedError(
      absl::StrCat("the database stayed busy after ", options_.max_retries,
                   " retries; try again (", last.message(), ")"));
}

struct Store::PendingWrite {
  PendingWrite(absl::FunctionRef<absl::Status(Tx&)> f, absl::string_view id)
      : fn(f), request_id(id) {}
  absl::FunctionRef<absl::Status(Tx&)> fn;
  absl::string_view request_id;
  absl::Status result;
  bool done = false;
};

// Group commit, leader and followers: a write queues itself; if no batch is committing, the
// first queued caller becomes the leader, takes the whole queue and runs it as one batch while
// the next writes queue up behind it. Alone, a write is its own batch: no waiting is added.
absl::Status Store::Write(absl::FunctionRef<absl::Status(Tx&)> fn, absl::string_view request_id) {
  if (options_.max_batch <= 1) {
    absl::Status s = Run(true, fn);
    BumpGeneration();
    return s;
  }
  PendingWrite self(fn, request_id);
  std::vector<PendingWrite*> batch;
  {
    std::unique_lock<std::mutex> lock(batch_mu_);
    queued_.push_back(&self);
    batch_done_.wait(lock, [&] { return self.done || !committing_; });
    if (self.done) return self.result;
    // Lead: this write and the oldest queued ones, up to the cap.
    committing_ = true;
    queued_.erase(std::find(queued_.begin(), queued_.end(), &self));
    const size_t others = std::min(queued_.size(), static_cast<size_t>(options_.max_batch - 1));
    batch.push_back(&self);
    batch.insert(batch.end(), queued_.begin(), queued_.begin() + others);
    queued_.erase(queued_.begin(), queued_.begin() + others);
  }
  // Whatever happens below, the batch's writers are answered and the next batch may start.
  struct AnswerBatch {
    Store* store;
    const std::vector<PendingWrite*>& batch;
    bool grouped = false;
    ~AnswerBatch() {
      store->BumpGeneration();
      {
        std::lock_guard<std::mutex> lock(store->batch_mu_);
        for (PendingWrite* w : batch) w->done = true;
        store->committing_ = false;
        if (grouped) store->grouped_ += static_cast<int64_t>(batch.size());
      }
      store->batch_done_.notify_all();
    }
  } answer{this, batch};
  answer.grouped = batch.size() > 1 && RunBatch(batch);
  if (!answer.grouped) {
    // Alone, or the batch failed as a whole (nothing of it committed): each on its own, with
    // the usual retries.
    for (PendingWrite* w : batch) w->result = Run(true, w->fn);
  }
  return self.result;
}

int Store::QueuedWrites() {
  std::lock_guard<std::mutex> lock(batch_mu_);
  return static_cast<int>(queued_.size());
}

int64_t Store::GroupedWrites() {
  std::lock_guard<std::mutex> lock(batch_mu_);
  return grouped_;
}

absl::Status Store::LookUpRequests(Tx& tx, const std::vector<PendingWrite*>& batch) {
  absl::flat_hash_set<std::string> ids;
  for (const PendingWrite* w : batch) {
    if (!w->request_id.empty()) ids.emplace(w->request_id);
  }
  if (ids.empty()) return absl::OkStatus();
  std::string sql = dialect_->select_requests_in;
  SqlParams params;
  for (const std::string& id : ids) {
    absl::StrAppend(&sql, params.empty() ? "?" : ", ?");
    params.push_back(id);
  }
  sql += ")";
  absl::StatusOr<std::vector<SqlRow>> stored = tx.Query(sql, params);
  if (!stored.ok()) return stored.status();
  for (const SqlRow& row : *stored) ids.erase(row.Str(0));
  tx.SetAbsentRequests(std::move(ids));
  return absl::OkStatus();
}

// The batch's writes in one transaction. A refused write is undone in memory (its appended rows
// and counts dropped), which works while it changed no row of the database; one that had, or a
// failure of the database itself, fails the whole batch (nothing of it committed), and then
// every write runs again on its own.
bool Store::RunBatch(const std::vector<PendingWrite*>& batch) {
  absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
  if (!conn.ok()) return false;
  SqlConnection& c = **conn;
  Tx tx(&c, dialect_, /*write=*/true);
  absl::Status s = BeginWrite(c, tx);
  if (s.ok()) s = LookUpRequests(tx, batch);
  for (size_t i = 0; s.ok() && i < batch.size(); ++i) {
    tx.BeginWrite();
    absl::Status r = RunBody(batch[i]->fn, tx);
    if (!tx.broken().ok()) {
      s = tx.broken();
    } else if (!r.ok() && (tx.WriteChanged() || IsRetryableConflict(r) || absl::IsUnavailable(r))) {
      s = r;
    } else if (!r.ok()) {
      tx.UndoWrite();
    }
    batch[i]->result = r;
  }
  if (s.ok()) s = tx.Finish();
  if (s.ok()) s = CommitWrite(c, tx);
  if (!s.ok()) {
    absl::Status rb = c.Rollback();
    Release(std::move(*conn), rb.ok() && !absl::IsUnavailable(s));
    return false;
  }
  Release(std::move(*conn), true);
  return true;
}

absl::Status Store::CommitWrite(SqlConnection& conn, const Tx& tx) {
  std::lock_guard<std::mutex> lock(commit_mu_);
  if (absl::Status s = conn.Commit(); !s.ok()) return s;
  // The sequence counter as the transaction left it covers every event committed before it
  // too (it was read with the write lock), whether this transaction appended one or not.
  // Only commits move it, one at a time (commit_mu_).
  std::optional<int64_t> seq = tx.CounterValue("event_seq");
  if (seq.has_value() && *seq > committed_sequence_.load(std::memory_order_relaxed)) {
    committed_sequence_.store(*seq, std::memory_order_release);
  }
  if (on_commit_ && !tx.events().empty()) on_commit_(tx.events());
  return absl::OkStatus();
}

absl::Status Store::Read(absl::FunctionRef<absl::Status(Tx&)> fn) { return Run(false, fn); }

absl::StatusOr<std::vector<int>> Store::Migrate() {
  absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
  if (!conn.ok()) return conn.status();
  SqlConnection& c = **conn;
  std::vector<int> applied;
  auto run = [&]() -> absl::Status {
    if (!dialect_->migrate_lock.empty()) {
      if (auto s = c.Query(dialect_->migrate_lock, {}); !s.ok()) return s.status();
    }
    if (auto s = c.ExecScript(dialect_->create_migrations_table); !s.ok()) return s;
    absl::StatusOr<std::vector<SqlRow>> rows = c.Query(dialect_->select_migrations, {});
    if (!rows.ok()) return rows.status();
    std::vector<int> done;
    for (const SqlRow& r : *rows) done.push_back(static_cast<int>(r.Int(0)));
    // A schema from a newer secd (a rollback without a restore): this secd would not keep what
    // the newer migrations added (the status tallies, say), and they would be wrong after the
    // next upgrade. Refuse rather than run on it.
    int known = 0;
    for (const Migration& m : dialect_->migrations) known = std::max(known, m.version);
    for (int v : done) {
      if (v > known) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the database's schema has migration ", v, ", newer than this secd knows (up to ",
            known, "): run the secd version that migrated it, or restore the backup taken "
            "before that upgrade (docs/operations.md, Upgrade and rollback)"));
      }
    }
    for (const Migration& m : dialect_->migrations) {
      if (std::find(done.begin(), done.end(), m.version) != done.end()) continue;
      if (auto s = c.Begin(true); !s.ok()) return s;
      absl::Status s = c.ExecScript(m.sql);
      if (s.ok()) {
        s = c.Exec(dialect_->insert_migration,
                   {int64_t{m.version}, m.name, absl::FormatTime(absl::Now())})
                .status();
      }
      if (s.ok()) s = c.Commit();
      if (!s.ok()) {
        c.Rollback().IgnoreError();
        return absl::Status(s.code(), absl::StrCat("migration ", m.version, " (", m.name,
                                                   ") failed: ", s.message()));
      }
      applied.push_back(m.version);
    }
    return absl::OkStatus();
  };
  absl::Status s = run();
  BumpGeneration();
  if (!dialect_->migrate_unlock.empty()) c.Query(dialect_->migrate_unlock, {}).IgnoreError();
  Release(std::move(*conn), s.ok());
  if (!s.ok()) return s;
  return applied;
}

absl::Status Store::Ping() {
  absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
  if (!conn.ok()) return conn.status();
  absl::Status s = (*conn)->Ping();
  Release(std::move(*conn), s.ok());
  return s;
}

}  // namespace sec::storage
