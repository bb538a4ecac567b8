// The real secd's files and secrets (issue 11, findings 10 and 11): what it creates is readable
// only by its user, it never writes a secret through a link, SIGHUP reloads the tokens file
// without stopping it, and secctl's request ids cannot collide.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/auth.h"
#include "support/process.h"
#include "support/test_support.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;

unsigned Mode(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return 07777;
  return st.st_mode & 0777;
}

// Polls `ok` every 50 ms, at most 200 times: order, not time, is what the tests assert.
bool Eventually(const std::function<bool()>& ok) {
  for (int i = 0; i < 200; ++i) {
    if (ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(FilesTest, EverythingSecdCreatesIsReadableOnlyByItsUser) {
  const std::string dir = MakeTempDir("secd-it-files-");
  // The files are created 0600 whatever the umask says.
  const mode_t old = umask(022);
  SecdProcess secd(dir, {});
  umask(old);
  ASSERT_TRUE(secd.running()) << secd.log();
  CommandResult list = Secctl(secd.address(), dir + "/secd-admin.token", {"parties", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* f : {"secd.db", "secd.db-wal", "secd.db-shm", "secd-tokens",
                        "secd-admin.token", "secd.db.lock"}) {
    EXPECT_EQ(Mode(dir + "/" + f), 0600u) << f;
  }
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
}

TEST(FilesTest, TheAdminTokenIsNeverWrittenThroughALink) {
  const std::string dir = MakeTempDir("secd-it-link-");
  const std::string target = dir + "/elsewhere";
  ASSERT_EQ(symlink(target.c_str(), (dir + "/secd-admin.token").c_str()), 0);
  SecdProcess secd(dir, {});
  EXPECT_FALSE(secd.running());
  EXPECT_THAT(secd.log(), HasSubstr("secd-admin.token"));
  EXPECT_NE(access(target.c_str(), F_OK), 0) << "the token went through the link";
}

TEST(FilesTest, SighupReloadsTheTokensFileAndKeepsTheOldOneWhenTheNewIsBad) {
  const std::string dir = MakeTempDir("secd-it-hup-");
  const std::string first = service::NewToken(), second = service::NewToken();
  const std::string tokens = dir + "/tokens";
  auto write_tokens = [&](const std::string& text) {
    std::ofstream(tokens + ".new") << text;
    ASSERT_EQ(rename((tokens + ".new").c_str(), tokens.c_str()), 0);
  };
  const std::string line1 =
      service::TokensFileLine(first, Principal{"first", {Role::kSecas}, ""});
  write_tokens(line1 + "\n");
  std::ofstream(dir + "/first.token") << first << "\n";
  std::ofstream(dir + "/second.token") << second << "\n";
  SecdProcess secd(dir, {"--tokens_file=" + tokens});
  ASSERT_TRUE(secd.running()) << secd.log();
  auto works = [&](const std::string& token_file) {
    return Secctl(secd.address(), dir + "/" + token_file, {"parties", "list"}).exit_code == 0;
  };
  ASSERT_TRUE(works("first.token"));
  EXPECT_FALSE(works("second.token"));

  write_tokens(line1 + "\n" +
               service::TokensFileLine(second, Principal{"second", {Role::kSecas}, ""}) + "\n");
  ASSERT_EQ(kill(secd.pid(), SIGHUP), 0);
  EXPECT_TRUE(Eventually([&] { return works("second.token"); })) << secd.log();
  EXPECT_TRUE(works("first.token"));

  // A bad file is refused with a log line; the principals loaded before still hold.
  write_tokens("not a tokens file\n");
  ASSERT_EQ(kill(secd.pid(), SIGHUP), 0);
  EXPECT_TRUE(Eventually([&] {
    return secd.log().find("tokens file not reloaded") != std::string::npos;
  })) << secd.log();
  EXPECT_TRUE(works("first.token"));
  EXPECT_TRUE(works("second.token"));
  EXPECT_EQ(secd.Stop(SIGTERM), 0) << secd.log();
}

TEST(FilesTest, SecctlRequestIdsAreRandomUuids) {
  const std::string dir = MakeTempDir("secd-it-uuid-");
  SecdProcess secd(dir, {});
  ASSERT_TRUE(secd.running()) << secd.log();
  const std::string token = dir + "/secd-admin.token";
  for (int i = 0; i < 5; ++i) {
    CommandResult r = Secctl(secd.address(), token,
                             {"parties", "create", absl::StrCat("party-", i), "--name",
                              absl::StrCat("Party ", i), "--category", "SMALL_SUPPLIER"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(secd.Stop(SIGTERM), 0);
  // secd logs each call's request_id: each a UUID of version 4, variant 10xx.
  auto uuid4 = [](absl::string_view id) {
    static constexpr char kShape[] = "xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx";
    if (id.size() != sizeof(kShape) - 1) return false;
    for (size_t i = 0; i < id.size(); ++i) {
      const char c = id[i], want = kShape[i];
      const bool hex = absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
      if ((want == 'x' && !hex) || (want == 'V' && !absl::StrContains("89ab", c)) ||
          (want != 'x' && want != 'V' && c != want)) {
        return false;
      }
    }
    return true;
  };
  std::set<std::string> ids;
  const std::string log = secd.log();
  for (size_t at = log.find("request_id="); at != std::string::npos;
       at = log.find("request_id=", at + 1)) {
    const std::string id = log.substr(at + 11, 36);
    EXPECT_TRUE(uuid4(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 5u) << log;
}

}  // namespace
}  // namespace sec::testing
