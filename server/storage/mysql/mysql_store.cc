#include "storage/mysql/mysql_store.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"

namespace sec::storage {
namespace {

// Connector/C++ reports errors by throwing; nothing thrown leaves this file.
absl::Status MapError(const sql::SQLException& e, absl::string_view what) {
  const int code = e.getErrorCode();
  std::string msg = absl::StrCat(what, ": ", e.what(), " (MySQL error ", code, ")");
  switch (code) {
    case 1062:  // ER_DUP_ENTRY
      return absl::AlreadyExistsError(msg);
    case 1213:  // ER_LOCK_DEADLOCK
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
      return RetryableConflict(msg);
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      return absl::FailedPreconditionError(msg);
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 1040:  // ER_CON_COUNT_ERROR
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED
      return absl::UnavailableError(msg);
    default:
      if (code == 0 || code >= 2000) return absl::UnavailableError(msg);
      return absl::InternalError(msg);
  }
}

// A connection the server refuses for who asks or what for, not for being busy or away.
bool IsRefusal(int code) {
  switch (code) {
    case 1044:  // ER_DBACCESS_DENIED_ERROR
    case 1045:  // ER_ACCESS_DENIED_ERROR
    case 1049:  // ER_BAD_DB_ERROR
    case 1698:  // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
    case 2026:  // CR_SSL_CONNECTION_ERROR: no TLS, or a certificate that does not verify
      return true;
    default:
      return false;
  }
}

class MysqlConnection final : public SqlConnection {
 public:
  explicit MysqlConnection(std::unique_ptr<sql::Connection> conn) : conn_(std::move(conn)) {}
  ~MysqlConnection() override {
    stmts_.clear();
    try {
      conn_->close();
    } catch (const sql::SQLException&) {
    }
  }

  absl::Status Begin(bool write) override {
    return Simple(write ? "START TRANSACTION" : "START TRANSACTION READ ONLY");
  }
  absl::Status Commit() override { return Simple("COMMIT"); }
  absl::Status Rollback() override { return Simple("ROLLBACK"); }

  absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params) override {
    try {
      absl::StatusOr<sql::PreparedStatement*> stmt = Prepare(sql, params);
      if (!stmt.ok()) return stmt.status();
      return static_cast<int64_t>((*stmt)->executeUpdate());
    } catch (const sql::SQLException& e) {
      return MapError(e, "mysql");
    }
  }

  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql,
                                            const SqlParams& params) override {
    try {
      absl::StatusOr<sql::PreparedStatement*> stmt = Prepare(sql, params);
      if (!stmt.ok()) return stmt.status();
      std::unique_ptr<sql::ResultSet> rs((*stmt)->executeQuery());
      const unsigned n = rs->getMetaData()->getColumnCount();
      std::vector<SqlRow> rows;
      while (rs->next()) {
        std::vector<std::optional<std::string>> cols(n);
        for (unsigned i = 0; i < n; ++i) {
          std::string v = rs->getString(i + 1);
          if (!rs->wasNull()) cols[i] = std::move(v);
        }
        rows.emplace_back(std::move(cols));
      }
      return rows;
    } catch (const sql::SQLException& e) {
      return MapError(e, "mysql");
    }
  }

  absl::Status ExecScript(absl::string_view script) override {
    // Statements end with ';' at the end of a line; '--' lines are comments.
    std::string current;
    for (absl::string_view line : absl::StrSplit(script, '\n')) {
      absl::string_view t = absl::StripAsciiWhitespace(line);
      if (t.empty() || absl::StartsWith(t, "--")) continue;
      absl::StrAppend(&current, line, "\n");
      if (absl::EndsWith(t, ";")) {
        if (absl::Status s = Simple(current); !s.ok()) return s;
        current.clear();
      }
    }
    if (!absl::StripAsciiWhitespace(current).empty()) return Simple(current);
    return absl::OkStatus();
  }

  absl::Status Ping() override { return Query("SELECT 1", {}).status(); }

 private:
  absl::Status Simple(const std::string& sql) {
    try {
      std::unique_ptr<sql::Statement> st(conn_->createStatement());
      st->execute(sql);
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      return MapError(e, "mysql");
    }
  }

  // Server-side prepared statements, prepared once per connection (the text is the key).
  absl::StatusOr<sql::PreparedStatement*> Prepare(absl::string_view sql, const SqlParams& params) {
    auto it = stmts_.find(sql);
    sql::PreparedStatement* stmt;
    if (it != stmts_.end()) {
      stmt = it->second.get();
    } else {
      std::unique_ptr<sql::PreparedStatement> p(conn_->prepareStatement(std::string(sql)));
      stmt = p.get();
      stmts_.emplace(std::string(sql), std::move(p));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const unsigned idx = static_cast<unsigned>(i) + 1;
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        stmt->setInt64(idx, *v);
      } else if (const auto* t = std::get_if<std::string>(&params[i])) {
        stmt->setString(idx, *t);
      } else if (const auto* b = std::get_if<SqlBlob>(&params[i])) {
        // Connector/C++ binds a string with its length, NULs and all: into a LONGBLOB column
        // the bytes go as they are (tests/service/document_service_test.cc sends 0x00..0xFF).
        stmt->setString(idx, b->bytes);
      } else {
        stmt->setNull(idx, sql::DataType::VARCHAR);
      }
    }
    return stmt;
  }

  std::unique_ptr<sql::Connection> conn_;
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> stmts_;
};

// Connector/C++ 1.1 over MariaDB Connector/C (Debian's build) has no ssl-mode option: the mode
// becomes sslEnforce (TLS or no connection) and sslVerify (the certificate checked against
// sslCA; MariaDB's client then also checks that it names the host, so VERIFY_CA is as strict
// as VERIFY_IDENTITY here).
void SetTlsOptions(const MysqlConfig& c, sql::ConnectOptionsMap& opts) {
  if (c.ssl_mode == MysqlSslMode::kDisabled) return;
  if (!c.ssl_ca.empty()) opts["sslCA"] = sql::SQLString(c.ssl_ca);
  if (!c.ssl_cert.empty()) opts["sslCert"] = sql::SQLString(c.ssl_cert);
  if (!c.ssl_key.empty()) opts["sslKey"] = sql::SQLString(c.ssl_key);
  const bool enforce = c.ssl_mode == MysqlSslMode::kRequired ||
                       c.ssl_mode == MysqlSslMode::kVerifyCa ||
                       c.ssl_mode == MysqlSslMode::kVerifyIdentity;
  const bool verify =
      c.ssl_mode == MysqlSslMode::kVerifyCa || c.ssl_mode == MysqlSslMode::kVerifyIdentity;
  if (enforce) opts["sslEnforce"] = true;
  if (verify) opts["sslVerify"] = true;
}

sql::mysql::MySQL_Driver* Driver() {
  // get_mysql_driver_instance is not safe to call concurrently the first time.
  static sql::mysql::MySQL_Driver* const kDriver = sql::mysql::get_mysql_driver_instance();
  return kDriver;
}

absl::StatusOr<std::unique_ptr<SqlConnection>> Connect(const MysqlConfig& c) {
  try {
    sql::ConnectOptionsMap opts;
    opts["hostName"] = sql::SQLString(absl::StrCat("tcp://", c.host, ":", c.port));
    opts["userName"] = sql::SQLString(c.user);
    opts["password"] = sql::SQLString(c.password);
    opts["schema"] = sql::SQLString(c.database);
    opts["OPT_CONNECT_TIMEOUT"] = 5;
    opts["OPT_READ_TIMEOUT"] = 30;
    opts["OPT_WRITE_TIMEOUT"] = 30;
    opts["OPT_RECONNECT"] = false;
    opts["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    SetTlsOptions(c, opts);
    std::unique_ptr<sql::Connection> conn(Driver()->connect(opts));
    std::unique_ptr<sql::Statement> st(conn->createStatement());
    st->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    st->execute("SET SESSION innodb_lock_wait_timeout = 10");
    st->execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
    return std::unique_ptr<SqlConnection>(new MysqlConnection(std::move(conn)));
  } catch (const sql::SQLException& e) {
    absl::Status s = MapError(e, absl::StrCat("cannot connect to MySQL at ", c.host, ":", c.port,
                                              " database ", c.database, " as ", c.user));
    // The server answered and refused: waiting will not help (secd fails its start on these).
    if (IsRefusal(e.getErrorCode())) return absl::FailedPreconditionError(s.message());
    return absl::UnavailableError(s.message());
  }
}

}  // namespace

bool ParseMysqlSslMode(absl::string_view name, MysqlSslMode* mode) {
  static constexpr std::pair<const char*, MysqlSslMode> kModes[] = {
      {"DISABLED", MysqlSslMode::kDisabled},   {"PREFERRED", MysqlSslMode::kPreferred},
      {"REQUIRED", MysqlSslMode::kRequired},   {"VERIFY_CA", MysqlSslMode::kVerifyCa},
      {"VERIFY_IDENTITY", MysqlSslMode::kVerifyIdentity}};
  for (const auto& [n, m] : kModes) {
    if (absl::EqualsIgnoreCase(name, n)) {
      *mode = m;
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::unique_ptr<Store>> OpenMysqlStore(const MysqlConfig& config,
                                                      StoreOptions options) {
  Driver();
  absl::StatusOr<std::unique_ptr<SqlConnection>> probe = Connect(config);
  if (!probe.ok()) return probe.status();
  return std::make_unique<Store>(
      &MysqlDialect(), [config]() { return Connect(config); }, options);
}

}  // namespace sec::storage
