#include "storage/sqlite/sqlite_queries.h"

namespace sec::storage {

Dialect SqliteDialectBase() {
  Dialect d;
  d.name = "sqlite";
  d.lock_writes = "";  // BEGIN IMMEDIATE already holds the database's write lock
  d.select_counter = "SELECT value FROM counters WHERE name = ?";
  d.set_counters = {"INSERT INTO counters (name, value) VALUES ", "(?, ?)"};
  d.set_counters_tail = " ON CONFLICT (name) DO UPDATE SET value = excluded.value";
  d.select_requests_in = "SELECT request_id FROM requests WHERE request_id IN (";
  d.create_migrations_table =
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  d.select_migrations = "SELECT version FROM schema_migrations ORDER BY version";
  d.insert_migration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
  d.reg = &SqliteRegisterQueries();
  d.gov = &SqliteGovernanceQueries();
  d.credit = &SqliteCreditQueries();
  d.metrics = &SqliteMetricsQueries();
  return d;
}

}  // namespace sec::storage
