#include "storage/governance_queries.h"
#include "storage/sqlite/sqlite_queries.h"

namespace sec::storage {

const GovernanceQueries& SqliteGovernanceQueries() {
  static const GovernanceQueries* const kQueries = new GovernanceQueries();
  return *kQueries;
}

}  // namespace sec::storage
