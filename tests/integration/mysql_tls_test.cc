// secd reaches MariaDB over TLS set in the database URL (?ssl_ca=PATH&ssl_mode=MODE, what the
// Helm chart renders), against a MariaDB of the test's own that only lets its user in over
// TLS; a certificate that does not verify fails the start at once instead of being waited for.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/auth.h"
#include "support/process.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;

const std::string kSecd = absl::StrCat(SEC_BINARY_DIR, "/server/secd");

// A CA, a server certificate for 127.0.0.1 signed by it, a second CA that signed nothing of
// this server's, and a MariaDB serving TLS with them whose user `secd` must use TLS.
constexpr char kStart[] = R"sh(
set -e
cd "$1"
PATH=$PATH:/usr/sbin
mk_ca() { openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 2 \
  -subj "/CN=$1" 2>/dev/null; }
mk_ca ca
mk_ca other-ca
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
  -days 2 -extfile ext.cnf 2>/dev/null
mkdir data
mariadb-install-db --no-defaults --datadir="$1/data" --user=root \
  --auth-root-authentication-method=socket --skip-test-db >install.log 2>&1
port=$((20000 + RANDOM % 20000))
setsid nohup mariadbd --no-defaults --datadir="$1/data" --socket="$1/sock" --port=$port \
  --bind-address=127.0.0.1 --user=root --pid-file="$1/pid" --skip-log-bin \
  --innodb-buffer-pool-size=32M --ssl-ca="$1/ca.pem" --ssl-cert="$1/server.pem" \
  --ssl-key="$1/server.key" >server.log 2>&1 </dev/null &
for _ in $(seq 1 200); do
  mariadb-admin --no-defaults --socket="$1/sock" -uroot ping >/dev/null 2>&1 && break
  sleep 0.1
done
mariadb --no-defaults --socket="$1/sock" -uroot -e "
  CREATE USER 'secd'@'127.0.0.1' IDENTIFIED BY 'secd-test' REQUIRE SSL;
  GRANT ALL PRIVILEGES ON *.* TO 'secd'@'127.0.0.1'; CREATE DATABASE secd_tls;"
echo $port >port
)sh";

class MysqlTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("secd-it-tls-");
    CommandResult up = sec::testing::Run({"/bin/bash", "-c", kStart, "start", dir_});
    ASSERT_EQ(up.exit_code, 0) << up.err << ReadFileText(dir_ + "/server.log");
    port_ = std::string(absl::StripAsciiWhitespace(ReadFileText(dir_ + "/port")));
    std::ofstream(dir_ + "/password") << "secd-test\n";
    std::ofstream(dir_ + "/tokens") << service::TokensFileLine(
                                           token_, Principal{"operator", {Role::kSecas}, ""})
                                    << "\n";
  }
  void TearDown() override {
    sec::testing::Run({"/usr/bin/mariadb-admin", "--no-defaults", "--socket=" + dir_ + "/sock", "-uroot",
         "shutdown"});
    sec::testing::Run({"/bin/rm", "-rf", dir_});
  }
  std::string Url(const std::string& query) const {
    return absl::StrCat("mysql://secd@127.0.0.1:", port_, "/secd_tls", query);
  }
  std::vector<std::string> Args(const std::string& query) const {
    return {"--database=" + Url(query), "--database_password_file=" + dir_ + "/password",
            "--tokens_file=" + dir_ + "/tokens", "--metrics_listen="};
  }
  CommandResult Migrate(const std::string& query) const {
    std::vector<std::string> argv = {kSecd, "migrate"};
    for (const std::string& a : Args(query)) argv.push_back(a);
    return sec::testing::Run(argv, dir_);
  }

  std::string dir_, port_;
  std::string token_ = service::NewToken();
};

TEST_F(MysqlTlsTest, ConnectsOverVerifiedTlsAndRefusesWhatDoesNotVerify) {
  const std::string ca = dir_ + "/ca.pem";
  // The user may only come in over TLS: without it the server refuses (and secd says so).
  CommandResult plain = Migrate("");
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_THAT(plain.err, HasSubstr("Access denied"));

  CommandResult verified = Migrate("?ssl_ca=" + ca + "&ssl_mode=VERIFY_IDENTITY");
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(Migrate("?ssl_ca=" + ca).exit_code, 0) << "a CA alone means verify";
  EXPECT_EQ(Migrate("?ssl_mode=REQUIRED").exit_code, 0) << "encrypted, unverified";

  // Another CA: the certificate does not verify, and secd fails now rather than wait.
  const auto asked = std::chrono::steady_clock::now();
  CommandResult wrong = Migrate("?ssl_ca=" + dir_ + "/other-ca.pem&ssl_mode=VERIFY_CA");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.err, HasSubstr("TLS"));
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(10));

  CommandResult misspelt = Migrate("?sslmode=REQUIRED");
  EXPECT_NE(misspelt.exit_code, 0);
  EXPECT_THAT(misspelt.err, HasSubstr("unknown parameter"));
  EXPECT_THAT(misspelt.err, HasSubstr("sslmode"));
  EXPECT_NE(Migrate("?ssl_mode=VERIFY_IDENTITY").exit_code, 0) << "VERIFY_* needs ssl_ca";

  // And it serves over that connection.
  SecdProcess secd(dir_, Args("?ssl_ca=" + ca + "&ssl_mode=VERIFY_IDENTITY"));
  ASSERT_TRUE(secd.running()) << secd.log();
  EXPECT_EQ(HealthStatus(secd.address(), ""), 1) << secd.log();
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace sec::testing
