#include "storage/open/open_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/mysql/mysql_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace sec::storage {
namespace {

// The URL's query: ssl_ca, ssl_cert, ssl_key (file paths) and ssl_mode. An unknown parameter
// is refused, so a misspelt TLS setting cannot quietly connect in the clear.
absl::Status ParseMysqlQuery(absl::string_view query, MysqlConfig* c) {
  bool mode_given = false;
  for (absl::string_view param : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(param, absl::MaxSplits('=', 1));
    const auto& [key, value] = kv;
    if (key == "ssl_mode") {
      if (!ParseMysqlSslMode(value, &c->ssl_mode)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--database: ssl_mode=", value,
            " is not DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY"));
      }
      mode_given = true;
    } else if (key == "ssl_ca" || key == "ssl_cert" || key == "ssl_key") {
      if (value.empty()) return absl::InvalidArgumentError(absl::StrCat("--database: empty ", key));
      (key == "ssl_ca" ? c->ssl_ca : key == "ssl_cert" ? c->ssl_cert : c->ssl_key) =
          std::string(value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--database: unknown parameter \"", key, "\" (known: ssl_mode, ssl_ca, ssl_cert, ssl_key)"));
    }
  }
  // As MySQL's client: a CA without a mode means check the server against it.
  if (!mode_given && !c->ssl_ca.empty()) c->ssl_mode = MysqlSslMode::kVerifyCa;
  if ((c->ssl_mode == MysqlSslMode::kVerifyCa || c->ssl_mode == MysqlSslMode::kVerifyIdentity) &&
      c->ssl_ca.empty()) {
    return absl::InvalidArgumentError("--database: ssl_mode=VERIFY_* needs ssl_ca=PATH");
  }
  if (c->ssl_cert.empty() != c->ssl_key.empty()) {
    return absl::InvalidArgumentError("--database: ssl_cert and ssl_key go together");
  }
  return absl::OkStatus();
}

absl::StatusOr<MysqlConfig> ParseMysqlUrl(absl::string_view url) {
  MysqlConfig c;
  absl::string_view rest = url.substr(8);  // after "mysql://"
  if (const size_t q = rest.find('?'); q != absl::string_view::npos) {
    if (absl::Status s = ParseMysqlQuery(rest.substr(q + 1), &c); !s.ok()) return s;
    rest = rest.substr(0, q);
  }
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
