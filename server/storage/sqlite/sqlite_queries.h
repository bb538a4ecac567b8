#ifndef SEC_STORAGE_SQLITE_SQLITE_QUERIES_H_
#define SEC_STORAGE_SQLITE_SQLITE_QUERIES_H_

#include "storage/dialect.h"
#include "storage/credit_queries.h"
#include "storage/governance_queries.h"
#include "storage/metrics_queries.h"
#include "storage/register_queries.h"

namespace sec::storage {

// Every SQL statement the SQLite backend runs, grouped by area (one .cc file each).
const RegisterQueries& SqliteRegisterQueries();
const GovernanceQueries& SqliteGovernanceQueries();
const CreditQueries& SqliteCreditQueries();
const MetricsQueries& SqliteMetricsQueries();
// The dialect without migrations (those are embedded separately).
Dialect SqliteDialectBase();

}  // namespace sec::storage

#endif  // SEC_STORAGE_SQLITE_SQLITE_QUERIES_H_
