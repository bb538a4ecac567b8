#ifndef SEC_STORAGE_DIALECT_H_
#define SEC_STORAGE_DIALECT_H_

#include <string>
#include <vector>

namespace sec::storage {

struct RegisterQueries;
struct GovernanceQueries;
struct CreditQueries;
struct MetricsQueries;

// A schema migration: forward-only, numbered, embedded in the binary from schema/<backend>/.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Everything a backend says in SQL. Each backend folder (sqlite/, mysql/) fills one of these;
// the storage code above it is written once against the named statements.
struct Dialect {
  std::string name;  // "sqlite" or "mysql"
  // Run first in every write transaction. MySQL: lock the event counter row, which orders all
  // writers across replicas so event sequences commit in order. SQLite: empty (BEGIN IMMEDIATE
  // already serialises writers).
  std::string lock_writes;
  // Group commit (store.h): each write of a batch runs inside a savepoint of the batch's
  // transaction, so a refused write is undone alone. The name is fixed; batches are flat.
  std::string savepoint;
  std::string release_savepoint;  // may be empty: the next SAVEPOINT replaces the last
  std::string rollback_to_savepoint;
  std::string create_migrations_table;
  std::string select_migrations;
  std::string insert_migration;
  std::string migrate_lock;    // may be empty
  std::string migrate_unlock;  // may be empty
  std::vector<Migration> migrations;
  const RegisterQueries* reg = nullptr;
  const GovernanceQueries* gov = nullptr;
  const CreditQueries* credit = nullptr;
  const MetricsQueries* metrics = nullptr;
};

// Embedded migrations (generated from schema/ at build time).
std::vector<Migration> EmbeddedMigrations(const std::string& backend);

}  // namespace sec::storage

#endif  // SEC_STORAGE_DIALECT_H_
