// The operator's commands on the real binary: `secd tokens add` mints a principal a running
// secd accepts after SIGHUP, and `secd backup` copies the embedded store while secd serves it,
// into a file another secd can serve the same data from.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/auth.h"
#include "support/process.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

const std::string kSecd = absl::StrCat(SEC_BINARY_DIR, "/server/secd");

int FileMode(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return st.st_mode & 0777;
}

// A register client holding one bearer token.
class Register {
 public:
  Register(const std::string& address, std::string token)
      : token_(std::move(token)),
        stub_(v1::RegisterService::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {}

  grpc::Status ListParties(v1::ListPartiesResponse* out) {
    grpc::ClientContext ctx;
    Prepare(ctx);
    return stub_->ListParties(&ctx, v1::ListPartiesRequest(), out);
  }
  grpc::Status CreateParty(const std::string& id) {
    v1::CreatePartyRequest req;
    req.set_party_id(id);
    req.mutable_party()->set_display_name("Party " + id);
    req.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
    v1::Party out;
    grpc::ClientContext ctx;
    Prepare(ctx);
    return stub_->CreateParty(&ctx, req, &out);
  }

 private:
  void Prepare(grpc::ClientContext& ctx) const {
    ctx.AddMetadata("authorization", "Bearer " + token_);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  }
  std::string token_;
  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

// A directory holding a tokens file (0600) with one SECAS operator.
struct Workdir {
  std::string dir = MakeTempDir("secd-it-ops-");
  std::string tokens = dir + "/tokens";
  std::string operator_token = service::NewToken();
  Workdir() {
    std::ofstream(tokens) << service::TokensFileLine(operator_token,
                                                     Principal{"operator", {Role::kSecas}, ""})
                          << "\n";
    chmod(tokens.c_str(), 0600);
  }
  std::vector<std::string> SecdArgs() const {
    return {"--tokens_file=" + tokens, "--database=sqlite:" + dir + "/secd.db",
            "--metrics_listen=", "--drain_seconds=1"};
  }
  CommandResult TokensAdd(std::vector<std::string> words) const {
    std::vector<std::string> argv = {kSecd, "--tokens_file=" + tokens, "tokens", "add"};
    argv.insert(argv.end(), words.begin(), words.end());
    return Run(argv, dir);
  }
};

TEST(TokensAddTest, PrintsATokenOnceThatARunningSecdAcceptsAfterSighup) {
  Workdir w;
  SecdProcess secd(w.dir, w.SecdArgs());
  ASSERT_TRUE(secd.running()) << secd.log();

  CommandResult added = w.TokensAdd({"alice", "SECAS,PANEL"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string token(absl::StripAsciiWhitespace(added.out));
  EXPECT_THAT(token, MatchesRegex("secd_[0-9a-f]{64}"));
  EXPECT_EQ(added.out, token + "\n") << "stdout holds the token and nothing else";
  const std::string file = ReadFileText(w.tokens);
  EXPECT_THAT(file, HasSubstr(service::Sha256Hex(token) + " alice SECAS,PANEL\n"));
  EXPECT_THAT(file, Not(HasSubstr(token))) << "the file keeps the hash, never the token";
  EXPECT_EQ(FileMode(w.tokens), 0600);

  Register alice(secd.address(), token);
  v1::ListPartiesResponse parties;
  EXPECT_EQ(alice.ListParties(&parties).error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << "not loaded before SIGHUP";
  ASSERT_EQ(kill(secd.pid(), SIGHUP), 0);
  grpc::Status s = alice.ListParties(&parties);
  for (int i = 0; !s.ok() && i < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    s = alice.ListParties(&parties);
  }
  EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message() << "\n" << secd.log();
  EXPECT_TRUE(alice.CreateParty("british-gas").ok()) << "SECAS may register parties";
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
}

TEST(TokensAddTest, RefusesADuplicateNameAndBadInputLeavingTheFileAsItWas) {
  Workdir w;
  CommandResult party = w.TokensAdd({"bg-ops", "PARTY", "british-gas"});
  ASSERT_EQ(party.exit_code, 0) << party.err;
  EXPECT_THAT(ReadFileText(w.tokens), HasSubstr(" bg-ops PARTY party=british-gas\n"));
  const std::string before = ReadFileText(w.tokens);

  CommandResult again = w.TokensAdd({"bg-ops", "SECAS"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already names \"bg-ops\""));
  EXPECT_EQ(again.out, "") << "no token is printed for a refused principal";
  CommandResult taken = w.TokensAdd({"operator", "PANEL"});
  EXPECT_EQ(taken.exit_code, 2) << "a name written by hand counts too";

  CommandResult role = w.TokensAdd({"carol", "SECAS,WIZARD"});
  EXPECT_EQ(role.exit_code, 2);
  EXPECT_THAT(role.err, HasSubstr("unknown role \"WIZARD\""));
  EXPECT_EQ(w.TokensAdd({"dave", "PARTY"}).exit_code, 2) << "PARTY needs its party";
  EXPECT_EQ(w.TokensAdd({"erin", "CHANGE_BOARD"}).exit_code, 2) << "needs group=CATEGORY";
  EXPECT_EQ(w.TokensAdd({"frank"}).exit_code, 2) << "ROLES is required";
  EXPECT_EQ(ReadFileText(w.tokens), before);
  EXPECT_EQ(FileMode(w.tokens), 0600);
}

TEST(TokensAddTest, CreatesAMissingTokensFileReadableOnlyByItsOwner) {
  Workdir w;
  const std::string path = w.dir + "/new-tokens";
  CommandResult r = testing::Run({kSecd, "--tokens_file=" + path, "tokens", "add", "panel-chair",
                         "CHANGE_BOARD,PANEL", "group=LARGE_SUPPLIER"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(FileMode(path), 0600);
  EXPECT_TRUE(service::Authenticator::FromFile(path).ok()) << ReadFileText(path);
}

TEST(BackupTest, CopiesTheEmbeddedStoreWhileSecdServesIt) {
  Workdir w;
  auto secd = std::make_unique<SecdProcess>(w.dir, w.SecdArgs());
  ASSERT_TRUE(secd->running()) << secd->log();
  Register op(secd->address(), w.operator_token);
  for (const char* id : {"british-gas", "octopus", "edf"}) ASSERT_TRUE(op.CreateParty(id).ok());

  const std::string copy = w.dir + "/backup.db";
  CommandResult r = testing::Run({kSecd, "--database=sqlite:" + w.dir + "/secd.db", "backup", copy});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(FileMode(copy), 0600);
  EXPECT_TRUE(secd->running()) << "the backup did not disturb the serving secd";
  EXPECT_TRUE(op.CreateParty("ovo").ok()) << "and it still writes";
  EXPECT_EQ(secd->Stop(SIGTERM), 0);

  // Restored: another secd on the copy serves what was there when it was taken.
  Workdir restored;
  std::vector<std::string> args = restored.SecdArgs();
  args[1] = "--database=sqlite:" + copy;
  args[0] = "--tokens_file=" + w.tokens;
  SecdProcess second(restored.dir, args);
  ASSERT_TRUE(second.running()) << second.log();
  v1::ListPartiesResponse parties;
  ASSERT_TRUE(Register(second.address(), w.operator_token).ListParties(&parties).ok());
  std::vector<std::string> ids;
  for (const auto& p : parties.parties()) ids.push_back(p.name());
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre("parties/british-gas", "parties/octopus",
                                                   "parties/edf"));
  EXPECT_EQ(second.Stop(SIGTERM), 0);
}

TEST(BackupTest, RefusesAnExistingFileAndGivesTheMysqlRecipe) {
  Workdir w;
  {
    SecdProcess secd(w.dir, w.SecdArgs());  // creates the store
    ASSERT_TRUE(secd.running()) << secd.log();
    EXPECT_EQ(secd.Stop(SIGTERM), 0);
  }
  const std::string existing = w.dir + "/keep.db";
  std::ofstream(existing) << "precious";
  CommandResult over = testing::Run({kSecd, "--database=sqlite:" + w.dir + "/secd.db", "backup", existing});
  EXPECT_EQ(over.exit_code, 2) << over.err;
  EXPECT_EQ(ReadFileText(existing), "precious");

  CommandResult missing = testing::Run({kSecd, "--database=sqlite:" + w.dir + "/nope.db", "backup",
                               w.dir + "/nope-backup.db"});
  EXPECT_NE(missing.exit_code, 0) << "a mistyped store is an error, not an empty backup";
  EXPECT_EQ(FileMode(w.dir + "/nope-backup.db"), -1) << "and leaves no file behind";

  CommandResult mysql =
      testing::Run({kSecd, "--database=mysql://secd@db:3306/secd", "backup", w.dir + "/m.sql"});
  EXPECT_EQ(mysql.exit_code, 2);
  EXPECT_THAT(mysql.err, HasSubstr("mariadb-dump --single-transaction"));
  EXPECT_EQ(testing::Run({kSecd, "backup"}).exit_code, 2) << "FILE is required";
}

}  // namespace
}  // namespace sec::testing
