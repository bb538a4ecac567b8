#ifndef SEC_STORAGE_SQLITE_SQLITE_STORE_H_
#define SEC_STORAGE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace sec::storage {

// The embedded store: one SQLite file in WAL mode, full sync, foreign keys on. Writers are
// serialised in-process (one at a time, BEGIN IMMEDIATE); readers run concurrently.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                       StoreOptions options = {});

// Copies the SQLite database at `path` to `destination` with SQLite's online backup: one
// consistent snapshot, taken while secd serves (WAL: the writer is not blocked). `destination`
// is created here, readable only by this user; an existing file or link there is refused.
absl::Status BackupSqliteDatabase(const std::string& path, const std::string& destination);

// The SQLite dialect (its statements live in this folder).
const Dialect& SqliteDialect();

}  // namespace sec::storage

#endif  // SEC_STORAGE_SQLITE_SQLITE_STORE_H_
