#ifndef SEC_STORAGE_DIALECT_H_
#define SEC_STORAGE_DIALECT_H_

#include <string>
#include <vector>

namespace sec::storage {

struct RegisterQueries;
struct GovernanceQueries;
struct CreditQueries;
struct MetricsQueries;
struct ReleaseQueries;
struct TextQueries;
struct DocumentQueries;

// A schema migration: forward-only, numbered, embedded in the binary from schema/<backend>/.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// A table a write transaction appends rows to (Tx::Append), inserted many per statement: its
// INSERT in two parts, the head ("INSERT INTO t (a, b) VALUES ") and one row's placeholders
// ("(?, ?)").
struct AppendTable {
  std::string head;
  std::string row;
  // Inserted in rank order: a table's foreign keys point at tables of lower rank.
  int rank = 0;
};

// Everything a backend says in SQL: PortableDialect() with each backend folder's (sqlite/,
// mysql/) overrides; the storage code above it is written once against the named statements.
struct Dialect {
  std::string name;  // "sqlite" or "mysql"
  // Run first in every write transaction. MySQL: lock every counter row, which orders all
  // writers across replicas so event sequences commit in order, and returns each counter's
  // name and value (tx.h). SQLite: empty (BEGIN IMMEDIATE already serialises writers).
  std::string lock_writes;
  // Counters (tx.h): read once per write transaction, written back before its commit.
  std::string select_counter;  // (name) -> value
  AppendTable set_counters;    // rows (name, value), and then:
  std::string set_counters_tail;  // what makes the insert an upsert
  // The head of "which of these idempotency keys are stored": "... IN (" + "?, ?" + ")".
  std::string select_requests_in;
  // Adds a holiday or renames it: (day, name).
  std::string upsert_holiday;
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
  const ReleaseQueries* release = nullptr;
  const TextQueries* text = nullptr;
  const DocumentQueries* document = nullptr;
};

// The statements every backend shares (dialect.cc), with backend `name`'s embedded migrations;
// a backend folder overrides only what its dialect says differently (lock_writes, the upserts,
// the migration table's DDL and lock).
Dialect PortableDialect(const std::string& name);

// What `Make` builds, built on first use and kept for the process: each statement set
// (RegisterSql(), ...) and each backend's dialect.
template <typename T, T (*Make)()>
const T& BuiltOnce() {
  static const T* const kBuilt = new T(Make());
  return *kBuilt;
}

// Embedded migrations (generated from schema/ at build time).
std::vector<Migration> EmbeddedMigrations(const std::string& backend);

}  // namespace sec::storage

#endif  // SEC_STORAGE_DIALECT_H_
