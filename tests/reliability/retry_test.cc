// Retries (AIP-155): a client that gives up on a call and retries it with the same request_id
// gets exactly one effect, whether or not the first attempt committed — including when it
// committed after the client had already given up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "reliability/reliability_support.h"

namespace sec::testing::reliability {
namespace {

class RetryTest : public ::testing::TestWithParam<Backend> {};

// First attempts with deadlines of 0.05-5 ms (some time out before the call leaves the client,
// some during, some after the server's work), each retried with its request_id.
TEST_P(RetryTest, TimedOutAttemptsRetriedWithTheSameRequestIdTakeEffectOnce) {
  SecdSetup setup = NewSetup(GetParam(), "retry");
  ASSERT_FALSE(setup.database.empty());
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << secd->log();
  Client c(secd->address(), setup.token);
  ASSERT_TRUE(c.CreateParty("british-gas").ok());
  std::mt19937 rng(std::random_device{}());
  // Background writers keep the store busy, so a short deadline can pass while a raise queues for
  // the write lock or runs (on an idle server a raise takes well under a millisecond).
  std::atomic<bool> stop{false};
  std::atomic<int> background_acked{0};
  std::vector<std::thread> background;
  for (int t = 0; t < 3; ++t) {
    background.emplace_back([&, t] {
      Client bc(secd->address(), setup.token);
      for (int i = 0; !stop; ++i) {
        v1::Modification out;
        grpc::Status s = bc.Raise(absl::StrCat("bg-", t, "-", i), &out);
        EXPECT_TRUE(s.ok()) << s.error_message();
        if (s.ok()) ++background_acked;
      }
    });
  }
  constexpr int kRequests = 30;
  int timed_out = 0;
  std::set<std::string> names;
  [&] {  // a failed ASSERT leaves this lambda, and the writers are still joined
    for (int i = 0; i < kRequests; ++i) {
      const std::string rid = absl::StrCat("retry-", i);
      v1::Modification first, retried, again;
      grpc::Status s1 =
          c.Raise(rid, &first,
                  std::chrono::microseconds(std::uniform_int_distribution<int>(50, 5000)(rng)));
      if (!s1.ok()) {
        ASSERT_EQ(s1.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s1.error_message();
        ++timed_out;
      }
      ASSERT_TRUE(c.Raise(rid, &retried).ok()) << rid;
      ASSERT_TRUE(c.Raise(rid, &again).ok()) << rid;
      if (s1.ok()) {
        EXPECT_EQ(retried.SerializeAsString(), first.SerializeAsString());
      }
      EXPECT_EQ(again.SerializeAsString(), retried.SerializeAsString());
      EXPECT_TRUE(names.insert(retried.name()).second) << "two requests got " << retried.name();
    }
  }();
  stop = true;
  for (auto& t : background) t.join();
  std::vector<v1::Modification> mods;
  ASSERT_TRUE(c.ListAll(&mods).ok());
  EXPECT_EQ(mods.size(), static_cast<size_t>(kRequests + background_acked));
  EXPECT_EQ(ContiguousReferences(mods), "");
  std::set<std::string> titles;
  for (const auto& m : mods) EXPECT_TRUE(titles.insert(m.title()).second) << m.title();
  // Some first attempts must really have timed out, or this tested nothing.
  EXPECT_GT(timed_out, 0);
  std::cerr << timed_out << " of " << kRequests << " first attempts timed out\n";
  EXPECT_EQ(secd->Stop(SIGTERM), 0);
}

// Deterministic: another session holds the proposer's row lock, so secd's write blocks
// mid-transaction (after its deadline check, where the proposal's insert checks its foreign
// key); the client's 300 ms deadline passes; the lock is released 2 s later and secd commits —
// after the client gave up.
// The register then holds the proposal once, and the retry returns it without raising another.
TEST(RetryCommittedLateTest, FirstAttemptCommitsAfterTheClientGaveUp) {
  absl::StatusOr<MysqlTarget> db = NewMysqlDatabase();
  ASSERT_TRUE(db.ok()) << db.status();
  SecdSetup setup = NewSetup(Backend::kSqlite, "late");  // for its dir and token
  setup.database = db->url;
  setup.env = {"SECD_DATABASE_PASSWORD=" + db->password};
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << secd->log();
  Client c(secd->address(), setup.token);
  ASSERT_TRUE(c.CreateParty("british-gas").ok());
  v1::Modification first;
  ASSERT_TRUE(c.Raise("late-0", &first).ok());

  // mysql://secd@127.0.0.1:PORT/DB -> the mariadb client's arguments.
  const std::string hostport = db->url.substr(db->url.find('@') + 1);
  const std::string port =
      hostport.substr(hostport.find(':') + 1, hostport.find('/') - hostport.find(':') - 1);
  const std::string database = hostport.substr(hostport.find('/') + 1);
  auto sql = [&](const std::string& text) {
    return ::sec::testing::Run({"/usr/bin/mariadb", "--no-defaults", "-h127.0.0.1", "-P" + port,
                                "-usecd", "-p" + db->password, "-N", database, "-e", text});
  };
  std::thread holder([&] {
    CommandResult r =
        sql("BEGIN; SELECT id FROM parties WHERE id = 'british-gas' FOR UPDATE; "
            "DO GET_LOCK(DATABASE(), 0); DO SLEEP(2); ROLLBACK;");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  });
  // Wait until that session holds the row lock: it then takes a named lock (GET_LOCK, which
  // needs no privilege to observe, unlike information_schema.innodb_trx).
  bool locked = false;
  CommandResult r;
  for (int i = 0; i < 200 && !locked; ++i) {
    r = sql("SELECT IS_USED_LOCK(DATABASE()) IS NOT NULL");
    int n = 0;
    locked = absl::SimpleAtoi(absl::StripAsciiWhitespace(r.out), &n) && n > 0;
    if (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!locked) {
    holder.join();
    FAIL() << "the lock-holding session was never seen holding the lock: " << r.out << r.err;
  }
  v1::Modification out;
  grpc::Status s1 = c.Raise("late-1", &out, std::chrono::milliseconds(300));
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s1.error_message();
  std::vector<v1::Modification> mods;
  ASSERT_TRUE(c.ListAll(&mods).ok());
  EXPECT_EQ(mods.size(), 1u) << "nothing can have committed while the lock is held";
  holder.join();
  // secd's transaction, waiting on the lock, now commits: poll for it.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    ASSERT_TRUE(c.ListAll(&mods).ok());
    if (mods.size() == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(mods.size(), 2u) << "the abandoned first attempt did not commit:\n" << secd->log();
  EXPECT_EQ(mods[1].title(), Client::TitleFor("late-1"));

  v1::Modification retried;
  ASSERT_TRUE(c.Raise("late-1", &retried).ok());
  EXPECT_EQ(retried.name(), mods[1].name());
  EXPECT_EQ(retried.etag(), mods[1].etag());
  ASSERT_TRUE(c.ListAll(&mods).ok());
  EXPECT_EQ(mods.size(), 2u) << "the retry raised a second proposal";
  EXPECT_EQ(ContiguousReferences(mods), "");
  EXPECT_EQ(secd->Stop(SIGTERM), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, RetryTest, ::testing::Values(Backend::kSqlite, Backend::kMysql),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sec::testing::reliability
