#ifndef SEC_STORAGE_MYSQL_MYSQL_STORE_H_
#define SEC_STORAGE_MYSQL_MYSQL_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/store.h"

namespace sec::storage {

// TLS to the server, named as MySQL's --ssl-mode names it.
enum class MysqlSslMode {
  kDefault,    // the client library's default (no TLS unless asked for)
  kDisabled,   // never
  kPreferred,  // when the server offers it
  kRequired,   // always, without checking the server's certificate
  kVerifyCa,   // always, the certificate checked against ssl_ca
  kVerifyIdentity,  // as kVerifyCa, and the certificate names the host
};

struct MysqlConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  MysqlSslMode ssl_mode = MysqlSslMode::kDefault;
  std::string ssl_ca;    // PEM file of the CA that signed the server's certificate
  std::string ssl_cert;  // PEM client certificate and key, for servers that ask for one
  std::string ssl_key;
};

// "DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY" (any case).
bool ParseMysqlSslMode(absl::string_view name, MysqlSslMode* mode);

// Production store: MySQL/MariaDB (InnoDB) through Connector/C++, a small connection pool,
// READ COMMITTED sessions and one transaction per RPC. Write transactions first lock the
// counter rows, so writers from every replica are ordered and history sequences commit in order.
absl::StatusOr<std::unique_ptr<Store>> OpenMysqlStore(const MysqlConfig& config,
                                                      StoreOptions options = {});

const Dialect& MysqlDialect();

}  // namespace sec::storage

#endif  // SEC_STORAGE_MYSQL_MYSQL_STORE_H_
