#include "storage/dialect.h"

#include "storage/credit_queries.h"
#include "storage/document_queries.h"
#include "storage/governance_queries.h"
#include "storage/metrics_queries.h"
#include "storage/register_queries.h"
#include "storage/release_queries.h"
#include "storage/text_queries.h"

namespace sec::storage {

Dialect PortableDialect(const std::string& name) {
  Dialect d;
  d.name = name;
  d.migrations = EmbeddedMigrations(name);
  d.select_counter = "SELECT value FROM counters WHERE name = ?";
  d.set_counters = {"INSERT INTO counters (name, value) VALUES ", "(?, ?)"};
  d.select_requests_in = "SELECT request_id FROM requests WHERE request_id IN (";
  d.select_migrations = "SELECT version FROM schema_migrations ORDER BY version";
  d.insert_migration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
  d.reg = &RegisterSql();
  d.gov = &GovernanceSql();
  d.credit = &CreditSql();
  d.metrics = &MetricsSql();
  d.release = &ReleaseSql();
  d.text = &TextSql();
  d.document = &DocumentSql();
  return d;
}

}  // namespace sec::storage
