#include "storage/store.h"

#include <algorithm>
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
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    mu_.Await(absl::Condition(&available));
    if (!idle_.empty()) {
      std::unique_ptr<SqlConnection> c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  absl::StatusOr<std::unique_ptr<SqlConnection>> c = factory_();
  if (!c.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  return c;
}

void Store::Release(std::unique_ptr<SqlConnection> conn, bool healthy) {
  absl::MutexLock lock(&mu_);
  if (healthy) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // dropped: the next Acquire opens a fresh one (reconnect after an outage)
  }
}

absl::Status Store::BeginWrite(SqlConnection& conn, Tx& tx) {
  if (absl::Status s = conn.Begin(true); !s.ok()) return s;
  if (dialect_->lock_writes.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<SqlRow>> counters = conn.Query(dialect_->lock_writes, {});
  if (!counters.ok()) return counters.status();
  for (SqlRow& row : *counters) tx.SeedCounter(row.Take(0), row.Int(1));
  return absl::OkStatus();
}

absl::Status Store::Run(bool write, absl::FunctionRef<absl::Status(Tx&)> fn) {
  absl::Status last;
  for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
    if (attempt > 0) absl::SleepFor(absl::Milliseconds(2 << std::min(attempt, 6)));
    absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
    if (!conn.ok()) return conn.status();
    // Alone, nothing can run it again more carefully: only rows that cannot be refused wait.
    Tx tx(conn->get(), dialect_, write, write ? Buffering::kSafe : Buffering::kNone);
    absl::Status s = write ? BeginWrite(**conn, tx) : (*conn)->Begin(false);
    if (s.ok()) s = fn(tx);
    if (s.ok() && write) s = tx.Finish();
    if (s.ok()) s = (*conn)->Commit();
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
    absl::MutexLock lock(&batch_mu_);
    queued_.push_back(&self);
    auto ready = [&]() ABSL_SHARED_LOCKS_REQUIRED(batch_mu_) { return self.done || !committing_; };
    batch_mu_.Await(absl::Condition(&ready));
    if (self.done) return self.result;
    // Lead: this write and the oldest queued ones, up to the cap.
    committing_ = true;
    queued_.erase(std::find(queued_.begin(), queued_.end(), &self));
    const size_t others = std::min(queued_.size(), static_cast<size_t>(options_.max_batch - 1));
    batch.push_back(&self);
    batch.insert(batch.end(), queued_.begin(), queued_.begin() + others);
    queued_.erase(queued_.begin(), queued_.begin() + others);
  }
  BatchResult r = BatchResult::kFailed;
  if (batch.size() > 1) {
    r = RunBatch(batch, /*careful=*/false);
    if (r == BatchResult::kRunCarefully) r = RunBatch(batch, /*careful=*/true);
  }
  const bool grouped = r == BatchResult::kCommitted;
  if (!grouped) {
    // Alone, or the batch failed as a whole (nothing of it committed): each on its own, with
    // the usual retries.
    for (PendingWrite* w : batch) w->result = Run(true, w->fn);
  }
  BumpGeneration();
  absl::MutexLock lock(&batch_mu_);
  for (PendingWrite* w : batch) w->done = true;
  committing_ = false;
  if (grouped) grouped_ += static_cast<int64_t>(batch.size());
  return self.result;
}

int Store::QueuedWrites() {
  absl::MutexLock lock(&batch_mu_);
  return static_cast<int>(queued_.size());
}

int64_t Store::GroupedWrites() {
  absl::MutexLock lock(&batch_mu_);
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

// The batch's writes in one transaction. At first every inserted row waits for the commit
// and a refused write is undone in memory (tx.h), which works while it changed no row. If one
// did, or a waiting row was refused at the flush, the batch runs again carefully: rows inserted
// at once, each write inside a savepoint.
Store::BatchResult Store::RunBatch(const std::vector<PendingWrite*>& batch, bool careful) {
  absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
  if (!conn.ok()) return BatchResult::kFailed;
  SqlConnection& c = **conn;
  Tx tx(&c, dialect_, /*write=*/true, careful ? Buffering::kNone : Buffering::kEverything);
  BatchResult failed = BatchResult::kFailed;
  // A refusal the careful run handles; the database failing is not one.
  auto refused = [&](const absl::Status& e) {
    if (!careful && !IsRetryableConflict(e) && !absl::IsUnavailable(e)) {
      failed = BatchResult::kRunCarefully;
    }
    return e;
  };
  absl::Status s = BeginWrite(c, tx);
  if (s.ok()) s = LookUpRequests(tx, batch);
  for (size_t i = 0; s.ok() && i < batch.size(); ++i) {
    if (careful) {
      s = c.Exec(dialect_->savepoint, {}).status();
      if (!s.ok()) break;
    }
    tx.BeginWrite();
    absl::Status r = batch[i]->fn(tx);
    if (!tx.broken().ok()) {  // rows of this or an earlier write were refused
      s = refused(tx.broken());
      break;
    }
    if (!r.ok()) {
      // The database itself failing ends the batch; a refused write is undone alone.
      if (IsRetryableConflict(r) || absl::IsUnavailable(r)) {
        s = r;
        break;
      }
      if (tx.WriteChanged()) {
        if (!careful) {
          s = refused(r);
          break;
        }
        s = c.Exec(dialect_->rollback_to_savepoint, {}).status();
      }
      tx.UndoWrite();
    }
    if (s.ok() && careful && !dialect_->release_savepoint.empty()) {
      s = c.Exec(dialect_->release_savepoint, {}).status();
    }
    batch[i]->result = r;
  }
  if (s.ok()) {
    s = tx.Finish();
    if (!s.ok() && !tx.broken().ok()) s = refused(s);
  }
  if (s.ok()) s = c.Commit();
  if (!s.ok()) {
    absl::Status rb = c.Rollback();
    Release(std::move(*conn), rb.ok() && !absl::IsUnavailable(s));
    return failed;
  }
  Release(std::move(*conn), true);
  return BatchResult::kCommitted;
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
