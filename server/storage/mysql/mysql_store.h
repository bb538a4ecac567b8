#ifndef SEC_STORAGE_MYSQL_MYSQL_STORE_H_
#define SEC_STORAGE_MYSQL_MYSQL_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace sec::storage {

struct MysqlConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
};

// Production store: MySQL/MariaDB (InnoDB) through Connector/C++, a small connection pool,
// READ COMMITTED sessions and one transaction per RPC. Write transactions first lock the
// counter rows, so writers from every replica are ordered and history sequences commit in order.
absl::StatusOr<std::unique_ptr<Store>> OpenMysqlStore(const MysqlConfig& config,
                                                      StoreOptions options = {});

const Dialect& MysqlDialect();

}  // namespace sec::storage

#endif  // SEC_STORAGE_MYSQL_MYSQL_STORE_H_
