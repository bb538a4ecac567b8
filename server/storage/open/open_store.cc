#include "storage/open/open_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/mysql/mysql_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace sec::storage {
namespace {

absl::StatusOr<MysqlConfig> ParseMysqlUrl(absl::string_view url) {
  MysqlConfig c;
  absl::string_view rest = url.substr(8);  // after "mysql://"
  const size_t at = rest.find('@');
  const size_t slash = rest.find('/');
  if (at == absl::string_view::npos || slash == absl::string_view::npos || slash < at) {
    return absl::InvalidArgumentError(
        absl::StrCat("--database: \"", url, "\" is not mysql://USER@HOST[:PORT]/DATABASE"));
  }
  c.user = std::string(rest.substr(0, at));
  if (c.user.find(':') != std::string::npos) {
    return absl::InvalidArgumentError(
        "--database: do not put the password in the URL; set SECD_DATABASE_PASSWORD or "
        "--database_password_file");
  }
  absl::string_view hostport = rest.substr(at + 1, slash - at - 1);
  c.database = std::string(rest.substr(slash + 1));
  const size_t colon = hostport.rfind(':');
  if (colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(hostport.substr(colon + 1), &c.port) || c.port <= 0 ||
        c.port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("--database: bad port in \"", url, "\""));
    }
    hostport = hostport.substr(0, colon);
  }
  c.host = std::string(hostport);
  if (c.user.empty() || c.host.empty() || c.database.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--database: \"", url, "\" needs a user, a host and a database"));
  }
  return c;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url,
                                                 const std::string& password,
                                                 StoreOptions options) {
  if (absl::StartsWith(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) return absl::InvalidArgumentError("--database: sqlite: needs a file path");
    return OpenSqliteStore(path, options);
  }
  if (absl::StartsWith(url, "mysql://")) {
    absl::StatusOr<MysqlConfig> c = ParseMysqlUrl(url);
    if (!c.ok()) return c.status();
    c->password = password;
    return OpenMysqlStore(*c, options);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--database: \"", url, "\" is neither sqlite:PATH nor mysql://USER@HOST:PORT/DB"));
}

absl::Status BackupStore(const std::string& url, const std::string& file) {
  if (absl::StartsWith(url, "sqlite:") && url.size() > 7) {
    return BackupSqliteDatabase(url.substr(7), file);
  }
  if (absl::StartsWith(url, "mysql://")) {
    return absl::UnimplementedError(
        "secd backup copies the embedded store only; back MySQL up with its own tools");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--database: \"", url, "\" is neither sqlite:PATH nor mysql://..."));
}

std::string DescribeStoreUrl(const std::string& url) { return url; }

}  // namespace sec::storage
