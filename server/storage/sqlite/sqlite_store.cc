#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace sec::storage {
namespace {

absl::Status MapError(sqlite3* db, int rc, absl::string_view what) {
  const int primary = rc & 0xff;
  std::string msg = absl::StrCat(what, ": ", sqlite3_errmsg(db));
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
    return absl::AlreadyExistsError(msg);
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return absl::FailedPreconditionError(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return RetryableConflict(msg);
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) {
    return absl::UnavailableError(msg);
  }
  return absl::InternalError(msg);
}

class SqliteConnection final : public SqlConnection {
 public:
  SqliteConnection(sqlite3* db, std::shared_ptr<absl::Mutex> write_mu)
      : db_(db), write_mu_(std::move(write_mu)) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : stmts_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  absl::Status Begin(bool write) override {
    if (write) {
      write_mu_->Lock();
      holds_write_ = true;
    }
    absl::Status s = Simple(write ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!s.ok()) ReleaseWrite();
    return s;
  }
  absl::Status Commit() override {
    absl::Status s = Simple("COMMIT");
    if (s.ok()) ReleaseWrite();
    return s;
  }
  absl::Status Rollback() override {
    absl::Status s = sqlite3_get_autocommit(db_) ? absl::OkStatus() : Simple("ROLLBACK");
    ReleaseWrite();
    return s;
  }

  absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params) override {
    absl::StatusOr<sqlite3_stmt*> stmt = Prepare(sql, params);
    if (!stmt.ok()) return stmt.status();
    int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return MapError(db_, rc, "sqlite");
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql,
                                            const SqlParams& params) override {
    absl::StatusOr<sqlite3_stmt*> stmt = Prepare(sql, params);
    if (!stmt.ok()) return stmt.status();
    std::vector<SqlRow> rows;
    const int n = sqlite3_column_count(*stmt);
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      std::vector<std::optional<std::string>> cols(n);
      for (int i = 0; i < n; ++i) {
        const int type = sqlite3_column_type(*stmt, i);
        if (type == SQLITE_NULL) continue;
        if (type == SQLITE_INTEGER) {
          // The same digits sqlite3_column_text gives, without SQLite allocating a text copy
          // inside the statement (seven of a proposal's eighteen columns are integers).
          cols[i] = absl::StrCat(sqlite3_column_int64(*stmt, i));
          continue;
        }
        if (type == SQLITE_BLOB) {
          const void* blob = sqlite3_column_blob(*stmt, i);  // null for an empty BLOB
          const auto n = static_cast<size_t>(sqlite3_column_bytes(*stmt, i));
          cols[i] = blob == nullptr ? std::string()
                                    : std::string(static_cast<const char*>(blob), n);
          continue;
        }
        const unsigned char* text = sqlite3_column_text(*stmt, i);
        cols[i] = std::string(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_column_bytes(*stmt, i)));
      }
      rows.emplace_back(std::move(cols));
    }
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return MapError(db_, rc, "sqlite");
    return rows;
  }

  absl::Status ExecScript(absl::string_view script) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, std::string(script).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      return absl::InternalError(absl::StrCat("sqlite script: ", msg));
    }
    return absl::OkStatus();
  }

  absl::Status Ping() override { return Query("SELECT 1", {}).status(); }

 private:
  void ReleaseWrite() {
    if (holds_write_) {
      holds_write_ = false;
      write_mu_->Unlock();
    }
  }

  // BEGIN, COMMIT and ROLLBACK run on every call: prepared once and reused, because
  // sqlite3_exec would parse them each time (a tenth of a GetModification's instructions).
  absl::Status Simple(const char* sql) {
    absl::StatusOr<sqlite3_stmt*> stmt = Prepare(sql, {});
    if (!stmt.ok()) return stmt.status();
    int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return MapError(db_, rc, sql);
    return absl::OkStatus();
  }

  // Statements are prepared once per connection and reused (the text is the cache key).
  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql, const SqlParams& params) {
    auto it = stmts_.find(sql);
    sqlite3_stmt* stmt;
    if (it != stmts_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return MapError(db_, rc, absl::StrCat("prepare ", sql));
      stmts_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, idx, *v);
      } else if (const auto* t = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text64(stmt, idx, t->data(), t->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<SqlBlob>(&params[i])) {
        rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) return MapError(db_, rc, "bind");
    }
    return stmt;
  }

  sqlite3* db_;
  std::shared_ptr<absl::Mutex> write_mu_;
  bool holds_write_ = false;
  absl::flat_hash_map<std::string, sqlite3_stmt*> stmts_;
};

absl::StatusOr<std::unique_ptr<SqlConnection>> OpenConnection(
    const std::string& path, const std::shared_ptr<absl::Mutex>& write_mu) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return absl::UnavailableError(absl::StrCat("cannot open SQLite database ", path, ": ", msg));
  }
  sqlite3_extended_result_codes(db, 1);  // tell UNIQUE from FOREIGN KEY violations
  auto conn = std::make_unique<SqliteConnection>(db, write_mu);
  // WAL: readers never block the writer; synchronous=FULL: an acknowledged commit is on disk
  // before the call returns, so it survives a crash or power loss. temp_store=MEMORY: the
  // statement journals of multi-row statements would otherwise be temporary files.
  for (const char* pragma : {"PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL",
                             "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                             "PRAGMA case_sensitive_like = ON", "PRAGMA temp_store = MEMORY"}) {
    if (absl::Status s = conn->ExecScript(pragma); !s.ok()) {
      return absl::UnavailableError(absl::StrCat("cannot configure ", path, ": ", s.message()));
    }
  }
  return conn;
}

// A sqlite3 handle closed when it goes out of scope.
struct SqliteHandle {
  sqlite3* db = nullptr;
  ~SqliteHandle() { sqlite3_close_v2(db); }
  std::string error() const { return db ? sqlite3_errmsg(db) : "out of memory"; }
};

// Copies every page of `from` into `to` in one step, so the copy is one snapshot; waits while
// another connection holds a lock that keeps the step from starting.
absl::Status CopyPages(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return absl::InternalError(sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  for (int tries = 0; tries < 200; ++tries) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return absl::UnavailableError(absl::StrCat("backup step failed: ", sqlite3_errstr(rc)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BackupSqliteDatabase(const std::string& path, const std::string& destination) {
  const int fd = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create ", destination, " (it must not exist yet): ", std::strerror(errno)));
  }
  ::close(fd);
  absl::Status s = [&]() -> absl::Status {
    // Read-write but never created: a mistyped path is an error, not an empty backup.
    SqliteHandle from, to;
    if (sqlite3_open_v2(path.c_str(), &from.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      return absl::NotFoundError(
          absl::StrCat("cannot open SQLite database ", path, ": ", from.error()));
    }
    sqlite3_busy_timeout(from.db, 10000);
    if (sqlite3_open_v2(destination.c_str(), &to.db, SQLITE_OPEN_READWRITE, nullptr) !=
        SQLITE_OK) {
      return absl::InternalError(absl::StrCat("cannot open ", destination, ": ", to.error()));
    }
    return CopyPages(from.db, to.db);
  }();
  if (!s.ok()) ::unlink(destination.c_str());
  return s;
}

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                       StoreOptions options) {
  // Every party's credit data is in this file: readable by its owner alone. SQLite creates the
  // -wal and -shm files with the database file's mode, so they follow.
  if (path != ":memory:") {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot open SQLite database ", path, ": ", std::strerror(errno)));
    }
    ::close(fd);
  }
  auto write_mu = std::make_shared<absl::Mutex>();
  // Open one connection now so a bad path fails at start, not on the first call.
  absl::StatusOr<std::unique_ptr<SqlConnection>> probe = OpenConnection(path, write_mu);
  if (!probe.ok()) return probe.status();
  return std::make_unique<Store>(
      &SqliteDialect(), [path, write_mu]() { return OpenConnection(path, write_mu); }, options);
}

}  // namespace sec::storage
