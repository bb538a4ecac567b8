#include "storage/sqlite/sqlite_store.h"

namespace sec::storage {
namespace {

// What SQLite says differently from PortableDialect().
Dialect Make() {
  Dialect d = PortableDialect("sqlite");
  d.lock_writes = "";  // BEGIN IMMEDIATE already holds the database's write lock
  d.set_counters_tail = " ON CONFLICT (name) DO UPDATE SET value = excluded.value";
  d.upsert_holiday =
      "INSERT INTO holidays (day, name) VALUES (?, ?) "
      "ON CONFLICT (day) DO UPDATE SET name = excluded.name";
  d.create_migrations_table =
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  return d;
}

}  // namespace

const Dialect& SqliteDialect() { return BuiltOnce<Dialect, Make>(); }

}  // namespace sec::storage
