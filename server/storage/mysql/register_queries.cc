#include "storage/register_queries.h"
#include "storage/mysql/mysql_queries.h"

namespace sec::storage {

// The portable statements, with this dialect's upsert.
const RegisterQueries& MysqlRegisterQueries() {
  static const RegisterQueries* const kQueries =
      new RegisterQueries(PortableRegisterQueries("INSERT INTO holidays (day, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)"));
  return *kQueries;
}

}  // namespace sec::storage
