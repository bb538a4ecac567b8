#ifndef SEC_STORAGE_MYSQL_MYSQL_QUERIES_H_
#define SEC_STORAGE_MYSQL_MYSQL_QUERIES_H_

#include "storage/dialect.h"
#include "storage/credit_queries.h"
#include "storage/governance_queries.h"
#include "storage/metrics_queries.h"
#include "storage/register_queries.h"

namespace sec::storage {

// Every SQL statement the MySQL backend runs, grouped by area (one .cc file each).
const RegisterQueries& MysqlRegisterQueries();
const GovernanceQueries& MysqlGovernanceQueries();
const CreditQueries& MysqlCreditQueries();
const MetricsQueries& MysqlMetricsQueries();
Dialect MysqlDialectBase();

}  // namespace sec::storage

#endif  // SEC_STORAGE_MYSQL_MYSQL_QUERIES_H_
