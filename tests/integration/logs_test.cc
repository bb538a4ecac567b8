// secd's log as it ships: --log_format=json on the embedded store and on MariaDB. Every line is
// one JSON object with the fields operators filter on, and no secret ever reaches it.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/auth.h"
#include "support/process.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::MakeTempDir;
using ::sec::testing::ReadFileText;
using ::sec::testing::SecdProcess;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Line = google::protobuf::Struct;

std::string Field(const Line& l, const std::string& key) {
  auto it = l.fields().find(key);
  return it == l.fields().end() ? "" : it->second.string_value();
}

// Every line of `log` as JSON; a line that is not a JSON object fails the test.
std::vector<Line> ParseLog(const std::string& log) {
  std::vector<Line> out;
  for (absl::string_view raw : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    Line l;
    auto st = google::protobuf::util::JsonStringToMessage(std::string(raw), &l);
    EXPECT_TRUE(st.ok()) << "not a JSON object: " << raw;
    if (!st.ok()) continue;
    for (const char* key : {"ts", "level", "msg"}) {
      EXPECT_FALSE(Field(l, key).empty()) << key << " missing in " << raw;
    }
    out.push_back(std::move(l));
  }
  return out;
}

// Makes calls with `token` (and a bad one), stops secd, and checks its whole log.
void ExerciseAndCheck(SecdProcess& secd, const std::string& token,
                      const std::vector<std::string>& secrets) {
  ASSERT_TRUE(secd.running()) << secd.log();
  auto stub = v1::RegisterService::NewStub(
      grpc::CreateChannel(secd.address(), grpc::InsecureChannelCredentials()));
  auto ctx = [](const std::string& t) {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + t);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  };
  const std::string request_id = "0b5f8c1e-logs-test-request-id";
  v1::CreatePartyRequest create;
  create.set_party_id("british-gas");
  create.mutable_party()->set_display_name("British Gas");
  create.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  create.set_request_id(request_id);
  v1::Party party;
  grpc::Status s = stub->CreateParty(ctx(token).get(), create, &party);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::GetModificationRequest get;
  get.set_name("modifications/SECMP0999");
  v1::Modification m;
  EXPECT_EQ(stub->GetModification(ctx(token).get(), get, &m).error_code(),
            grpc::StatusCode::NOT_FOUND);
  const std::string wrong_token = "secd_wrong-token-that-must-not-be-logged";
  EXPECT_EQ(stub->GetModification(ctx(wrong_token).get(), get, &m).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(secd.Stop(SIGTERM), 0);

  const std::string log = secd.log();
  std::vector<Line> lines = ParseLog(log);
  std::set<std::string> lifecycle;
  bool saw_create = false, saw_not_found = false, saw_unauthenticated = false;
  for (const Line& l : lines) {
    if (Field(l, "msg") != "rpc") {
      lifecycle.insert(Field(l, "msg"));
      continue;
    }
    for (const char* key : {"method", "peer", "principal", "code"}) {
      EXPECT_FALSE(Field(l, key).empty()) << key << " missing in an rpc line";
    }
    // A number, as JSON has them: a program sums and compares it without parsing a string.
    EXPECT_TRUE(l.fields().contains("duration_ms") &&
                l.fields().at("duration_ms").has_number_value())
        << "duration_ms is not a JSON number in an rpc line";
    EXPECT_THAT(Field(l, "peer"), ::testing::StartsWith("ipv4:127.0.0.1:"));
    const std::string method = Field(l, "method");
    if (method == "sec.v1.RegisterService/CreateParty") {
      saw_create = true;
      EXPECT_EQ(Field(l, "request_id"), request_id);
      EXPECT_EQ(Field(l, "principal"), "admin");
      EXPECT_EQ(Field(l, "code"), "OK");
      EXPECT_EQ(Field(l, "level"), "INFO");
    } else if (method == "sec.v1.RegisterService/GetModification") {
      if (Field(l, "code") == "NOT_FOUND") {
        saw_not_found = true;
        EXPECT_EQ(Field(l, "principal"), "admin");
      } else if (Field(l, "code") == "UNAUTHENTICATED") {
        saw_unauthenticated = true;
        EXPECT_EQ(Field(l, "principal"), "-");
        EXPECT_EQ(Field(l, "level"), "WARN");
      }
    }
  }
  EXPECT_TRUE(saw_create);
  EXPECT_TRUE(saw_not_found);
  EXPECT_TRUE(saw_unauthenticated);
  for (const char* msg : {"starting", "migrations applied", "serving", "draining", "stopped"}) {
    EXPECT_TRUE(lifecycle.count(msg)) << "no \"" << msg << "\" line in\n" << log;
  }
  // No secret in any form, on either stream.
  const std::string out = ReadFileText(secd.workdir() + "/secd.out");
  std::vector<std::string> all = secrets;
  all.push_back(token);
  all.push_back(service::Sha256Hex(token));
  all.push_back(wrong_token);
  all.push_back(service::Sha256Hex(wrong_token));
  for (const std::string& secret : all) {
    ASSERT_FALSE(secret.empty());
    EXPECT_THAT(log, Not(HasSubstr(secret)));
    EXPECT_THAT(out, Not(HasSubstr(secret)));
  }
}

TEST(LogsTest, JsonOnTheEmbeddedStoreWithTheBootstrapToken) {
  const std::string dir = MakeTempDir("secd-logs-sqlite");
  // First start: secd makes the admin token itself and must not print it.
  SecdProcess secd(dir, {"--log_format=json", "--metrics_listen=", "--database=sqlite:secd.db"});
  const std::string token =
      std::string(absl::StripAsciiWhitespace(ReadFileText(dir + "/secd-admin.token")));
  ASSERT_FALSE(token.empty()) << secd.log();
  ExerciseAndCheck(secd, token, {});
}

TEST(LogsTest, JsonOnMariaDbNeverShowsThePassword) {
  absl::StatusOr<testing::MysqlTarget> db = testing::NewMysqlDatabase();
  ASSERT_TRUE(db.ok()) << db.status();
  const std::string dir = MakeTempDir("secd-logs-mysql");
  const std::string token = service::NewToken();
  std::ofstream(dir + "/tokens") << service::TokensFileLine(
                                        token, Principal{"admin", {Role::kSecas}, ""})
                                 << "\n";
  SecdProcess secd(dir,
                   {"--log_format=json", "--metrics_listen=", "--database=" + db->url,
                    "--tokens_file=" + dir + "/tokens"},
                   {"SECD_DATABASE_PASSWORD=" + db->password});
  ExerciseAndCheck(secd, token, {db->password});
}

TEST(LogsTest, TextFormatIsKeyValue) {
  const std::string dir = MakeTempDir("secd-logs-text");
  SecdProcess secd(dir, {"--metrics_listen=", "--database=sqlite:secd.db"});
  ASSERT_TRUE(secd.running()) << secd.log();
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
  const std::string log = secd.log();
  EXPECT_THAT(log, HasSubstr("INFO serving listen="));
  EXPECT_THAT(log, HasSubstr("INFO stopped"));
}

TEST(LogsTest, BadLogFormatIsAUsageError) {
  const std::string dir = MakeTempDir("secd-logs-bad");
  testing::CommandResult r = testing::Run(
      {absl::StrCat(SEC_BINARY_DIR, "/server/secd"), "--log_format=xml", "migrate"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--log_format"));
}

TEST(LogsTest, BadLogLevelIsAUsageError) {
  const std::string dir = MakeTempDir("secd-logs-bad-level");
  testing::CommandResult r = testing::Run(
      {absl::StrCat(SEC_BINARY_DIR, "/server/secd"), "--log_level=verbose", "migrate"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--log_level"));
}

// Polls `path` until it holds `text` (up to 20 s); its content then.
std::string WaitForText(const std::string& path, const std::string& text) {
  std::string content;
  for (int i = 0; i < 200; ++i) {
    content = ReadFileText(path);
    if (absl::StrContains(content, text)) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return content;
}

// gRPC core's own lines (here: a plaintext client at a TLS port, "Handshake failed") are JSON
// lines like secd's, marked source=grpc: nothing in the stream but JSON objects.
TEST(LogsTest, GrpcOwnLinesAreJsonLinesToo) {
  const std::string dir = MakeTempDir("secd-logs-grpc");
  testing::CommandResult cert = testing::Run(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.pem",
       "-days", "2", "-subj", "/CN=localhost"},
      dir);
  ASSERT_EQ(cert.exit_code, 0) << cert.err;
  // Started by hand: SecdProcess waits for a plaintext connection, which a TLS port never takes.
  const int port = testing::FreePort();
  testing::CommandResult started = testing::Run(
      {"/bin/sh", "-c",
       absl::StrCat(SEC_BINARY_DIR, "/server/secd --listen=127.0.0.1:", port,
                    " --tls_cert=server.pem --tls_key=server.key --log_format=json"
                    " --metrics_listen= --database=sqlite:secd.db"
                    " </dev/null >secd.out 2>secd.log & echo $!")},
      dir);
  int pid = 0;
  ASSERT_TRUE(absl::SimpleAtoi(absl::StripAsciiWhitespace(started.out), &pid)) << started.err;
  ASSERT_THAT(WaitForText(dir + "/secd.log", "\"msg\":\"serving\""), HasSubstr("serving"));

  auto stub = v1::RegisterService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::GetModificationRequest get;
  get.set_name("modifications/SECMP0001");
  v1::Modification m;
  EXPECT_FALSE(stub->GetModification(&ctx, get, &m).ok());
  WaitForText(dir + "/secd.log", "Handshake failed");
  kill(pid, SIGTERM);
  const std::string log = WaitForText(dir + "/secd.log", "\"msg\":\"stopped\"");

  bool saw_handshake = false;
  for (const Line& l : ParseLog(log)) {
    if (Field(l, "source") != "grpc") continue;
    EXPECT_THAT(Field(l, "file"), ::testing::StartsWith("src/"));
    EXPECT_TRUE(l.fields().at("line").has_number_value());
    if (absl::StrContains(Field(l, "msg"), "Handshake failed")) {
      saw_handshake = true;
      EXPECT_EQ(Field(l, "level"), "ERROR");
    }
  }
  EXPECT_TRUE(saw_handshake) << log;
}

// --log_level=warning: refusals are still written; INFO lines, secd's and gRPC's, are not.
TEST(LogsTest, LogLevelWarningDropsInfoLines) {
  const std::string dir = MakeTempDir("secd-logs-level");
  SecdProcess secd(dir, {"--log_format=json", "--log_level=warning", "--metrics_listen=",
                         "--database=sqlite:secd.db"});
  ASSERT_TRUE(secd.running()) << secd.log();
  const std::string token =
      std::string(absl::StripAsciiWhitespace(ReadFileText(dir + "/secd-admin.token")));
  auto stub = v1::RegisterService::NewStub(
      grpc::CreateChannel(secd.address(), grpc::InsecureChannelCredentials()));
  v1::GetModificationRequest get;
  get.set_name("modifications/SECMP0999");
  v1::Modification m;
  for (const std::string& t : {token, std::string("secd_not-a-token")}) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + t);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    (void)stub->GetModification(&ctx, get, &m);  // NOT_FOUND (INFO), then UNAUTHENTICATED (WARN)
  }
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
  std::vector<std::string> info;
  int warnings = 0;
  for (const Line& l : ParseLog(secd.log())) {
    if (Field(l, "level") == "INFO") info.push_back(Field(l, "msg"));
    if (Field(l, "level") == "WARN" && Field(l, "code") == "UNAUTHENTICATED") ++warnings;
  }
  EXPECT_THAT(info, IsEmpty());
  EXPECT_EQ(warnings, 1) << secd.log();
}

}  // namespace
}  // namespace sec
