// The real secd binary driven by the real secctl, as an operator would.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/auth.h"
#include "support/process.h"
#include "support/test_support.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kRegisterData = absl::StrCat(SEC_SOURCE_DIR, "/data/reference/10-register.json");

// Lists services through the reflection service (grpc.reflection.v1alpha, list_services = 7).
std::string ReflectionListing(const std::string& address) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::CompletionQueue cq;
  void* tag;
  bool ok;
  auto call =
      stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  std::string req = {0x3a, 0x00};  // list_services: ""
  grpc::Slice slice(req);
  grpc::ByteBuffer request(&slice, 1), response;
  call->Write(request, reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  call->Read(&response, reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  std::vector<grpc::Slice> slices;
  response.Dump(&slices);
  std::string bytes;
  for (auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  call->WritesDone(reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  cq.Next(&tag, &ok);
  return bytes;
}

std::vector<std::vector<std::string>> CsvRows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(csv, "\r\n", absl::SkipEmpty())) {
    // Titles in the reference data contain no quotes or commas except in quoted fields.
    std::vector<std::string> cells;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    cells.push_back(cur);
    rows.push_back(cells);
  }
  return rows;
}

TEST(SecdSecctlTest, FirstStartImportListHistoryAndErrors) {
  const std::string dir = MakeTempDir("secd-it-");
  SecdProcess secd(dir, {});
  ASSERT_TRUE(secd.running()) << secd.log();
  const std::string token = dir + "/secd-admin.token";
  struct stat st;
  ASSERT_EQ(stat(token.c_str(), &st), 0) << secd.log();
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(secd.log(), HasSubstr("secd-admin.token"));
  const std::string secret = ReadFileText(token);
  EXPECT_THAT(ReadFileText(dir + "/secd-tokens"), Not(HasSubstr(secret.substr(0, 40))));

  EXPECT_EQ(HealthStatus(secd.address(), ""), 1);
  EXPECT_EQ(HealthStatus(secd.address(), "sec.v1.RegisterService"), 1);
  const std::string services = ReflectionListing(secd.address());
  EXPECT_THAT(services, HasSubstr("sec.v1.RegisterService"));
  EXPECT_THAT(services, HasSubstr("sec.v1.GovernanceService"));
  EXPECT_THAT(services, HasSubstr("sec.v1.CreditCoverService"));

  CommandResult imported = Secctl(secd.address(), token, {"import", kRegisterData});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CommandResult again = Secctl(secd.address(), token, {"import", kRegisterData});
  ASSERT_EQ(again.exit_code, 0) << again.err;

  CommandResult list =
      Secctl(secd.address(), token, {"--output", "csv", "modifications", "list", "--open"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto rows = CsvRows(list.out);
  ASSERT_EQ(rows.size(), 1u + 25u + 1u) << list.out;  // header, Table one, SECMP0034
  EXPECT_EQ(rows[0][0], "REFERENCE");
  std::map<std::string, std::vector<std::string>> by_ref;
  for (size_t i = 1; i < rows.size(); ++i) by_ref[rows[i][0]] = rows[i];
  EXPECT_EQ(by_ref["SECMP0006"][1], "Specifying the number of digits for device displays");
  EXPECT_EQ(by_ref["SECMP0006"][2], "Refinement");
  EXPECT_EQ(by_ref["SECMP0008"][1],
            "Provision of a DCC Alert (formerly Service Request Error Response) for "
            "Quarantined Service Requests");
  EXPECT_EQ(by_ref["SECMP0031"][2], "Modification Proposal Submitted");
  EXPECT_EQ(by_ref["SECMP0034"][4], "british-gas");
  EXPECT_EQ(by_ref["SECMP0034"][5], "2017-04-05");
  EXPECT_EQ(by_ref.count("SECMP0016"), 0u);  // approved: not open

  CommandResult history = Secctl(secd.address(), token, {"modifications", "history", "SECMP0034"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("raise"));
  EXPECT_THAT(history.out, HasSubstr("2017-04-05"));

  CommandResult missing = Secctl(secd.address(), token, {"modifications", "get", "SECMP9999"});
  EXPECT_EQ(missing.exit_code, 10 + 5);
  EXPECT_THAT(missing.err, HasSubstr("NOT_FOUND"));
  CommandResult bad_filter =
      Secctl(secd.address(), token, {"modifications", "list", "--filter", "colour = red"});
  EXPECT_EQ(bad_filter.exit_code, 10 + 3);
  EXPECT_THAT(bad_filter.err, HasSubstr("unknown field \"colour\""));
  CommandResult no_token = Secctl(secd.address(), "", {"parties", "list"});
  EXPECT_EQ(no_token.exit_code, 10 + 16);

  EXPECT_EQ(secd.Stop(SIGTERM), 0);
  EXPECT_THAT(secd.log(), HasSubstr("draining"));
  EXPECT_THAT(secd.log(), HasSubstr("stopped"));
  EXPECT_THAT(secd.log(), Not(HasSubstr(secret.substr(0, 40))));
}

// secctl uploads a file larger than a message in chunks and downloads it byte for byte; a
// confidential response is not listed for another party.
TEST(SecdSecctlTest, DocumentsAddListAndGetAFileLargerThanAMessage) {
  const std::string dir = MakeTempDir("secd-it-docs-");
  SecdProcess secd(dir, {});
  ASSERT_TRUE(secd.running()) << secd.log();
  const std::string token = dir + "/secd-admin.token";
  ASSERT_EQ(Secctl(secd.address(), token, {"import", kRegisterData}).exit_code, 0);
  std::string bytes(5 * (1 << 20) + 17, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + i / 7) & 0xFF);
  {
    std::ofstream f(dir + "/report.pdf", std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  CommandResult add = Secctl(secd.address(), token,
                             {"modifications", "documents", "add", "SECMP0034", "--kind",
                              "modification-report", "--file", dir + "/report.pdf"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_THAT(add.out, HasSubstr(service::Sha256Hex(bytes)));
  EXPECT_THAT(add.out, HasSubstr("application/pdf"));
  CommandResult conf =
      Secctl(secd.address(), token,
             {"modifications", "documents", "add", "SECMP0034", "--kind", "consultation-response",
              "--party", "british-gas", "--confidential", "--file", dir + "/report.pdf"});
  ASSERT_EQ(conf.exit_code, 0) << conf.err;
  CommandResult list =
      Secctl(secd.address(), token, {"modifications", "documents", "list", "SECMP0034"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("modifications/SECMP0034/documents/1"));
  EXPECT_THAT(list.out, HasSubstr("modifications/SECMP0034/documents/2"));
  CommandResult get = Secctl(
      secd.address(), token,
      {"modifications", "documents", "get", "SECMP0034/documents/1", "--out", dir + "/back.pdf"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_TRUE(ReadFileText(dir + "/back.pdf") == bytes) << "the downloaded bytes differ";
  CommandResult missing = Secctl(secd.address(), token,
                                 {"modifications", "documents", "get", "SECMP0034/documents/1",
                                  "--revision", "2", "--out", dir + "/x"});
  EXPECT_EQ(missing.exit_code, 10 + 5) << missing.err;  // NOT_FOUND
}

// The README's legal-text lines: the reference text of Section G imported as 5.4 and 5.5, read
// back as each version has it, and their tracked changes as the README shows them.
TEST(SecdSecctlTest, TheReferenceLegalTextImportsReadsAndDiffs) {
  const std::string dir = MakeTempDir("secd-it-text-");
  SecdProcess secd(dir, {});
  ASSERT_TRUE(secd.running()) << secd.log();
  const std::string token = dir + "/secd-admin.token";
  const std::string text_dir = std::string(SEC_SOURCE_DIR) + "/data/legal-text/";
  for (const char* version : {"5.4", "5.5"}) {
    CommandResult import = Secctl(
        secd.address(), token,
        {"text", "import", "G", "--version", version, "--file", text_dir + "G-" + version + ".md"});
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  CommandResult old = Secctl(secd.address(), token, {"text", "get", "G7.7", "--version", "5.4"});
  ASSERT_EQ(old.exit_code, 0) << old.err;
  EXPECT_THAT(old.out, HasSubstr("by a person authorised to act for it."));
  CommandResult changed = Secctl(secd.address(), token, {"text", "changed", "5.5"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_THAT(changed.out, HasSubstr("G7.12"));
  EXPECT_THAT(changed.out, Not(HasSubstr("\nG7.6 ")));  // a row starts with its clause
  CommandResult diff = Secctl(secd.address(), token,
                              {"text", "diff", "--section", "G", "--from", "5.4", "--to", "5.5"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_THAT(diff.out, HasSubstr("by a person {--authorised to act for it--}{++who holds a "
                                  "relevant senior position within that Party's organisation++}."));
  const std::string readme = ReadFileText(std::string(SEC_SOURCE_DIR) + "/README.md");
  EXPECT_THAT(readme, HasSubstr(diff.out)) << "the README's G 7.6-7.12 output is out of date";
}

TEST(SecdSecctlTest, SecdHelpListsItsOwnFlags) {
  testing::CommandResult r = testing::Run({absl::StrCat(SEC_BINARY_DIR, "/server/secd"), "--help"},
                                          MakeTempDir("secd-it-help-"));
  const std::string help = r.out + r.err;
  for (const char* flag : {"--database", "--listen", "--tokens_file", "--write_batch",
                           "--read_cache_mb", "--max_deadline_seconds"}) {
    EXPECT_THAT(help, HasSubstr(flag));
  }
  EXPECT_THAT(help, Not(HasSubstr("No flags matched")));
}

TEST(SecdSecctlTest, HealthOnlyListenerServesHealthAndNothingElse) {
  const std::string dir = MakeTempDir("secd-it-health-");
  const int health_port = FreePort();
  SecdProcess secd(dir, {absl::StrCat("--health_listen=127.0.0.1:", health_port)});
  ASSERT_TRUE(secd.running()) << secd.log();
  const std::string health = absl::StrCat("127.0.0.1:", health_port);
  EXPECT_EQ(HealthStatus(health, ""), 1);
  EXPECT_EQ(HealthStatus(health, "sec.v1.CreditCoverService"), 1);
  // The API is not reachable through the plaintext health port.
  CommandResult list = Secctl(health, dir + "/secd-admin.token", {"modifications", "list"});
  EXPECT_EQ(list.exit_code, 10 + 12) << list.err;  // UNIMPLEMENTED
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
}

TEST(SecdSecctlTest, RunsOnMariaDbWithATokensFile) {
  absl::StatusOr<MysqlTarget> db = NewMysqlDatabase();
  ASSERT_TRUE(db.ok()) << db.status();
  const std::string dir = MakeTempDir("secd-it-mysql-");
  const std::string token = service::NewToken();
  {
    std::ofstream tokens(dir + "/tokens");
    tokens << "# test principals: sha256(token) name roles [party]\n"
           << service::TokensFileLine(token, Principal{"operator", {Role::kSecas}, ""}) << "\n";
    std::ofstream(dir + "/admin.token") << token << "\n";
  }
  SecdProcess secd(dir, {"--database=" + db->url, "--tokens_file=" + dir + "/tokens"},
                   {"SECD_DATABASE_PASSWORD=" + db->password});
  ASSERT_TRUE(secd.running()) << secd.log();
  EXPECT_THAT(secd.log(), Not(HasSubstr(db->password)));
  CommandResult imported = Secctl(secd.address(), dir + "/admin.token", {"import", kRegisterData});
  ASSERT_EQ(imported.exit_code, 0) << imported.err << secd.log();
  CommandResult list = Secctl(secd.address(), dir + "/admin.token",
                              {"--output", "csv", "modifications", "list", "--open"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(CsvRows(list.out).size(), 27u);
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace sec::testing
