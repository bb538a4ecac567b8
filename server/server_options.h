#ifndef SEC_SERVER_OPTIONS_H_
#define SEC_SERVER_OPTIONS_H_

#include <string>

#include "service/log.h"
#include "service/services.h"
#include "storage/store.h"

namespace sec::server {

// Everything secd is configured with, read from flags (each also SECD_<NAME> in the
// environment; a flag on the command line wins).
struct Options {
  service::ServerOptions server;
  std::string database;
  storage::StoreOptions store;
  int read_cache_mb = 0;          // from --read_cache_mb; 0: no read cache
  std::string database_password;  // from SECD_DATABASE_PASSWORD only, never a flag
  std::string database_password_file;
  std::string tokens_file;
  std::string admin_token_file;
  bool log_format_json = false;
  service::LogLevel log_level = service::LogLevel::kInfo;
  int drain_seconds = 10;
};

// Sets each flag from SECD_<FLAG> when that variable is set; exits with a message on a bad value.
void ApplyEnvironmentToFlags();
Options OptionsFromFlags();

}  // namespace sec::server

#endif  // SEC_SERVER_OPTIONS_H_
