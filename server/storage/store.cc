#include "storage/store.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sec::storage {

absl::StatusOr<SqlRow> Tx::QueryOne(absl::string_view sql, const SqlParams& params,
                                    absl::string_view what) {
  absl::StatusOr<std::vector<SqlRow>> rows = conn_->Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(absl::StrCat(what, " not found"));
  return std::move(rows->front());
}

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

absl::Status Store::Run(bool write, absl::FunctionRef<absl::Status(Tx&)> fn) {
  absl::Status last;
  for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
    if (attempt > 0) absl::SleepFor(absl::Milliseconds(2 << std::min(attempt, 6)));
    absl::StatusOr<std::unique_ptr<SqlConnection>> conn = Acquire();
    if (!conn.ok()) return conn.status();
    Tx tx(conn->get(), dialect_, write);
    absl::Status s = (*conn)->Begin(write);
    if (s.ok() && write && !dialect_->lock_writes.empty()) {
      s = tx.Query(dialect_->lock_writes, {}).status();
    }
    if (s.ok()) s = fn(tx);
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

absl::Status Store::Write(absl::FunctionRef<absl::Status(Tx&)> fn) { return Run(true, fn); }
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
