#include "storage/mysql/mysql_queries.h"

namespace sec::storage {

Dialect MysqlDialectBase() {
  Dialect d;
  d.name = "mysql";
  // Every counter row, in key order (so no two writers deadlock on them).
  d.lock_writes = "SELECT name, value FROM counters ORDER BY name FOR UPDATE";
  d.select_counter = "SELECT value FROM counters WHERE name = ?";
  d.set_counters = {"INSERT INTO counters (name, value) VALUES ", "(?, ?)"};
  d.set_counters_tail = " ON DUPLICATE KEY UPDATE value = VALUES(value)";
  d.select_requests_in = "SELECT request_id FROM requests WHERE request_id IN (";
  d.create_migrations_table =
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, "
      "name VARCHAR(200) NOT NULL, applied_at VARCHAR(64) NOT NULL) ENGINE=InnoDB";
  d.select_migrations = "SELECT version FROM schema_migrations ORDER BY version";
  d.insert_migration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
  // Two replicas starting together must not both apply a migration.
  d.migrate_lock = "SELECT GET_LOCK('secd_migrate', 60)";
  d.migrate_unlock = "SELECT RELEASE_LOCK('secd_migrate')";
  d.reg = &MysqlRegisterQueries();
  d.gov = &MysqlGovernanceQueries();
  d.credit = &MysqlCreditQueries();
  d.metrics = &MysqlMetricsQueries();
  return d;
}

}  // namespace sec::storage
