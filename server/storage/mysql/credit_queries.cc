#include "storage/credit_queries.h"
#include "storage/mysql/mysql_queries.h"

namespace sec::storage {

const CreditQueries& MysqlCreditQueries() {
  static const CreditQueries* const kQueries = new CreditQueries();
  return *kQueries;
}

}  // namespace sec::storage
