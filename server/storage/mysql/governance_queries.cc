#include "storage/governance_queries.h"
#include "storage/mysql/mysql_queries.h"

namespace sec::storage {

const GovernanceQueries& MysqlGovernanceQueries() {
  static const GovernanceQueries* const kQueries = new GovernanceQueries();
  return *kQueries;
}

}  // namespace sec::storage
