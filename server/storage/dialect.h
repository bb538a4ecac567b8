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

// A table whose rows a write transaction may buffer and insert many per statement (tx.h): its
// INSERT in two parts, the head ("INSERT INTO t (a, b) VALUES ") and one row's placeholders
// ("(?, ?)").
struct AppendInsert {
  std::string table;  // as statements name it: naming it flushes the buffered rows first
  std::string head;
  std::string row;
  // Flushed in rank order: a table's foreign keys point at tables of lower rank.
  int rank = 0;
  // Whether an insert can be refused (a foreign key, a duplicate key). Such rows are buffered
  // only by a batch that can run again more carefully if the flush fails (store.cc).
  bool may_fail = false;
};

// Everything a backend says in SQL. Each backend folder (sqlite/, mysql/) fills one of these;
// the storage code above it is written once against the named statements.
struct Dialect {
  std::string name;  // "sqlite" or "mysql"
  // Run first in every write transaction. MySQL: lock every counter row, which orders all
  // writers across replicas so event sequences commit in order, and returns each counter's
  // name and value (tx.h). SQLite: empty (BEGIN IMMEDIATE already serialises writers).
  std::string lock_writes;
  // Group commit (store.cc): when a write of a batch changed rows and was then refused, or a
  // buffered row was refused, the batch runs again carefully, each write inside a savepoint,
  // so that the refused write is undone alone.
  // The name is fixed; batches are flat.
  std::string savepoint;
  std::string release_savepoint;  // may be empty: the next SAVEPOINT replaces the last
  std::string rollback_to_savepoint;
  // Counters (tx.h): read once per write transaction, written back before its commit.
  std::string select_counter;  // (name) -> value
  AppendInsert set_counters;   // rows (name, value), and then:
  std::string set_counters_tail;  // what makes the insert an upsert
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
