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

// An append-only table's INSERT in two parts, its head ("INSERT INTO t (a, b) VALUES ") and one
// row's placeholders ("(?, ?)"), so that a transaction can insert many rows in one statement.
struct AppendInsert {
  std::string head;
  std::string row;
};

// Everything a backend says in SQL. Each backend folder (sqlite/, mysql/) fills one of these;
// the storage code above it is written once against the named statements.
struct Dialect {
  std::string name;  // "sqlite" or "mysql"
  // Run first in every write transaction. MySQL: lock the event counter row, which orders all
  // writers across replicas so event sequences commit in order. SQLite: empty (BEGIN IMMEDIATE
  // already serialises writers).
  // Its first column, where there is one, is the event counter's value (read with the lock).
  std::string lock_writes;
  // Group commit (store.h): when a write of a batch changed rows and was then refused, the batch
  // runs again with each write inside a savepoint, so that the refused write is undone alone.
  // The name is fixed; batches are flat.
  std::string savepoint;
  std::string release_savepoint;  // may be empty: the next SAVEPOINT replaces the last
  std::string rollback_to_savepoint;
  // Counters (tx.h): read once per write transaction, written back before its commit.
  std::string select_counter;  // (name) -> value
  std::string set_counter;     // (value, name)
  // The head of "which of these idempotency keys are stored": "... IN (" + "?, ?" + ")".
  std::string select_requests_in;
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
