#include "storage/mysql/mysql_store.h"

namespace sec::storage {
namespace {

// What MySQL/MariaDB says differently from PortableDialect().
Dialect Make() {
  Dialect d = PortableDialect("mysql");
  // Every counter row, in key order (so no two writers deadlock on them).
  d.lock_writes = "SELECT name, value FROM counters ORDER BY name FOR UPDATE";
  d.set_counters_tail = " ON DUPLICATE KEY UPDATE value = VALUES(value)";
  d.upsert_holiday =
      "INSERT INTO holidays (day, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)";
  d.create_migrations_table =
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, "
      "name VARCHAR(200) NOT NULL, applied_at VARCHAR(64) NOT NULL) ENGINE=InnoDB";
  // Two replicas starting together must not both apply a migration.
  d.migrate_lock = "SELECT GET_LOCK('secd_migrate', 60)";
  d.migrate_unlock = "SELECT RELEASE_LOCK('secd_migrate')";
  return d;
}

}  // namespace

const Dialect& MysqlDialect() { return BuiltOnce<Dialect, Make>(); }

}  // namespace sec::storage
