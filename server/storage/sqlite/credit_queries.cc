#include "storage/credit_queries.h"
#include "storage/sqlite/sqlite_queries.h"

namespace sec::storage {

const CreditQueries& SqliteCreditQueries() {
  static const CreditQueries* const kQueries = new CreditQueries();
  return *kQueries;
}

}  // namespace sec::storage
