// Database outage: MariaDB stops under load. Calls get UNAVAILABLE (retry), health turns
// NOT_SERVING; MariaDB starts again on the same data and secd recovers by itself — SERVING,
// writes succeed, nothing acknowledged before the outage is lost.
//
// The test runs its own MariaDB (tests/support/mariadb-fixture.sh in a private directory): the
// shared test server serves other tests running in parallel and must not be stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "reliability/reliability_support.h"

namespace sec::testing::reliability {
namespace {

const std::string kFixture = absl::StrCat(SEC_SOURCE_DIR, "/tests/support/mariadb-fixture.sh");

class PrivateMariaDb {
 public:
  PrivateMariaDb() : dir_(MakeTempDir("secd-outage-db-")) {}
  ~PrivateMariaDb() {
    Run({kFixture, "stop", dir_});
    std::system(("rm -rf " + dir_).c_str());
  }
  CommandResult Ensure() { return Run({kFixture, "ensure", dir_}); }
  CommandResult Restart() { return Run({kFixture, "restart", dir_}); }
  CommandResult Shutdown() {
    return Run({"/usr/bin/mariadb-admin", "--no-defaults", "--socket=" + dir_ + "/sock", "-uroot",
                "shutdown"});
  }
  CommandResult Sql(const std::string& sql) {
    return Run(
        {"/usr/bin/mariadb", "--no-defaults", "--socket=" + dir_ + "/sock", "-uroot", "-e", sql});
  }
  std::string port() const {
    return std::string(absl::StripAsciiWhitespace(ReadFileText(dir_ + "/port")));
  }

 private:
  std::string dir_;
};

TEST(OutageTest, MariaDbStopsUnderLoadAndSecdRecoversWithoutARestart) {
  PrivateMariaDb db;
  CommandResult up = db.Ensure();
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_EQ(db.Sql("CREATE DATABASE secd_outage").exit_code, 0);
  SecdSetup setup = NewSetup(Backend::kSqlite, "outage");  // for its dir and token
  setup.database = absl::StrCat("mysql://secd@127.0.0.1:", db.port(), "/secd_outage");
  setup.env = {"SECD_DATABASE_PASSWORD=secd-test"};
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << secd->log();
  ASSERT_EQ(WaitForHealth(secd->address(), 1, std::chrono::seconds(5)), 1);
  Client c(secd->address(), setup.token);
  ASSERT_TRUE(c.CreateParty("british-gas").ok());

  // Load: two writers raising continuously with 3 s deadlines, recording every outcome.
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<std::string, std::string> acked;
  std::map<grpc::StatusCode, int> codes;
  std::vector<std::string> unavailable_messages;
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      Client wc(secd->address(), setup.token);
      for (int i = 0; !stop; ++i) {
        const std::string rid = absl::StrCat("outage-", w, "-", i);
        v1::Modification out;
        grpc::Status s = wc.Raise(rid, &out, std::chrono::seconds(3));
        std::lock_guard<std::mutex> lock(mu);
        ++codes[s.error_code()];
        if (s.ok()) acked[rid] = out.name();
        if (s.error_code() == grpc::StatusCode::UNAVAILABLE) {
          unavailable_messages.push_back(s.error_message());
        }
        if (!s.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(db.Shutdown().exit_code, 0);

  // Calls now fail UNAVAILABLE, and health reports NOT_SERVING (secd pings every 2 s).
  v1::Modification out;
  grpc::Status down = c.Raise("outage-probe", &out, std::chrono::seconds(5));
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_EQ(WaitForHealth(secd->address(), 2, std::chrono::seconds(6)), 2)
      << "health did not turn NOT_SERVING:\n"
      << secd->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  CommandResult again = db.Restart();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(WaitForHealth(secd->address(), 1, std::chrono::seconds(10)), 1)
      << "health did not come back to SERVING:\n"
      << secd->log();
  // Writes succeed again (the probe, retried with its request_id), without restarting secd.
  grpc::Status back = c.Raise("outage-probe", &out, std::chrono::seconds(5));
  for (int i = 0; !back.ok() && i < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    back = c.Raise("outage-probe", &out, std::chrono::seconds(5));
  }
  EXPECT_TRUE(back.ok()) << back.error_code() << " " << back.error_message();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& t : writers) t.join();
  EXPECT_TRUE(secd->running());

  // Every outcome was OK or UNAVAILABLE (a few DEADLINE_EXCEEDED at the moment the server went
  // away are the client's own 3 s deadline), with a message saying to retry.
  for (const auto& [code, n] : codes) {
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::UNAVAILABLE ||
                code == grpc::StatusCode::DEADLINE_EXCEEDED)
        << n << " calls ended " << code;
  }
  EXPECT_GT(codes[grpc::StatusCode::UNAVAILABLE], 0);
  EXPECT_GT(acked.size(), 0u);
  for (const std::string& m : unavailable_messages) EXPECT_FALSE(m.empty());
  std::cerr << "outcomes: OK " << codes[grpc::StatusCode::OK] << ", UNAVAILABLE "
            << codes[grpc::StatusCode::UNAVAILABLE] << ", DEADLINE_EXCEEDED "
            << codes[grpc::StatusCode::DEADLINE_EXCEEDED] << "; e.g. \""
            << (unavailable_messages.empty() ? "" : unavailable_messages.front()) << "\"\n";

  // Nothing acknowledged was lost; the register is still gap-free.
  std::vector<v1::Modification> mods;
  ASSERT_TRUE(c.ListAll(&mods).ok());
  EXPECT_EQ(ContiguousReferences(mods), "");
  std::set<std::string> names;
  for (const auto& m : mods) names.insert(m.name());
  for (const auto& [rid, name] : acked) EXPECT_TRUE(names.count(name)) << rid << " lost";
  EXPECT_TRUE(names.count(out.name()));
  EXPECT_EQ(secd->Stop(SIGTERM), 0);
}

// Health as a Kubernetes probe sees it, on the main port and on the plaintext health port.
struct Probes {
  std::string main, health;
  // liveness, readiness (""), and a service's readiness on both ports, e.g. "1 1 1 / 1 1 1".
  std::string Read() const {
    std::string out;
    for (const std::string* address : {&main, &health}) {
      absl::StrAppend(&out, out.empty() ? "" : " / ", HealthStatus(*address, "liveness"), " ",
                      HealthStatus(*address, ""), " ",
                      HealthStatus(*address, "sec.v1.RegisterService"));
    }
    return out;
  }
  // Polls Read() until it equals `want` or `timeout` passes; returns the last reading.
  std::string WaitFor(const std::string& want, std::chrono::seconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    std::string got = Read();
    while (got != want && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      got = Read();
    }
    return got;
  }
};
constexpr char kAllServing[] = "1 1 1 / 1 1 1";
constexpr char kAliveNotReady[] = "1 2 2 / 1 2 2";  // liveness SERVING, readiness NOT_SERVING

// A secd set up for `db`'s database secd_outage, with a health-only port.
SecdSetup OutageSetup(PrivateMariaDb& db, const std::string& name, Probes* probes) {
  SecdSetup setup = NewSetup(Backend::kSqlite, name);  // for its dir and token
  setup.database = absl::StrCat("mysql://secd@127.0.0.1:", db.port(), "/secd_outage");
  setup.env = {"SECD_DATABASE_PASSWORD=secd-test"};
  probes->health = absl::StrCat("127.0.0.1:", FreePort());
  setup.extra_args = {"--health_listen=" + probes->health};
  return setup;
}

TEST(OutageTest, LivenessStaysServingWhileReadinessFollowsTheDatabase) {
  PrivateMariaDb db;
  CommandResult up = db.Ensure();
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_EQ(db.Sql("CREATE DATABASE secd_outage").exit_code, 0);
  Probes probes;
  SecdSetup setup = OutageSetup(db, "liveness", &probes);
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << secd->log();
  probes.main = secd->address();
  EXPECT_EQ(probes.WaitFor(kAllServing, std::chrono::seconds(5)), kAllServing);

  ASSERT_EQ(db.Shutdown().exit_code, 0);
  // secd pings every 2 s: readiness goes, liveness stays (a restart would not bring MySQL back).
  EXPECT_EQ(probes.WaitFor(kAliveNotReady, std::chrono::seconds(8)), kAliveNotReady)
      << secd->log();
  ASSERT_EQ(db.Restart().exit_code, 0);
  EXPECT_EQ(probes.WaitFor(kAllServing, std::chrono::seconds(10)), kAllServing) << secd->log();
  EXPECT_EQ(secd->Stop(SIGTERM), 0);
}

TEST(OutageTest, SecdStartedWhileTheDatabaseIsDownServesOnceItComesUp) {
  PrivateMariaDb db;
  CommandResult up = db.Ensure();
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_EQ(db.Sql("CREATE DATABASE secd_outage").exit_code, 0);
  ASSERT_EQ(db.Shutdown().exit_code, 0);
  Probes probes;
  SecdSetup setup = OutageSetup(db, "start-down", &probes);
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << "secd exited instead of waiting:\n" << secd->log();
  probes.main = secd->address();
  EXPECT_EQ(probes.WaitFor(kAliveNotReady, std::chrono::seconds(5)), kAliveNotReady)
      << secd->log();

  // The API answers, UNAVAILABLE with a reason, rather than refusing connections.
  Client c(secd->address(), setup.token);
  grpc::Status waiting = c.CreateParty("british-gas");
  EXPECT_EQ(waiting.error_code(), grpc::StatusCode::UNAVAILABLE) << waiting.error_message();
  EXPECT_THAT(waiting.error_message(), ::testing::HasSubstr("database"));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_THAT(secd->log(), ::testing::HasSubstr("database unreachable"));
  EXPECT_THAT(secd->log(), ::testing::HasSubstr("attempt=2"));

  ASSERT_EQ(db.Restart().exit_code, 0);
  EXPECT_EQ(probes.WaitFor(kAllServing, std::chrono::seconds(15)), kAllServing) << secd->log();
  grpc::Status created = c.CreateParty("british-gas");
  for (int i = 0; !created.ok() && i < 20; ++i) {  // a channel reconnecting to the new server
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    created = c.CreateParty("british-gas");
  }
  EXPECT_TRUE(created.ok()) << created.error_code() << " " << created.error_message();
  EXPECT_TRUE(secd->running());
  EXPECT_EQ(secd->Stop(SIGTERM), 0);
}

TEST(OutageTest, SigtermEndsTheWaitForADatabaseThatNeverComes) {
  PrivateMariaDb db;
  CommandResult up = db.Ensure();
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_EQ(db.Shutdown().exit_code, 0);
  Probes probes;
  SecdSetup setup = OutageSetup(db, "never", &probes);
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << secd->log();
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_EQ(secd->Stop(SIGTERM), 0) << secd->log();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(3));
}

TEST(OutageTest, CredentialsTheDatabaseRefusesFailTheStartAtOnce) {
  PrivateMariaDb db;
  CommandResult up = db.Ensure();
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_EQ(db.Sql("CREATE DATABASE secd_outage").exit_code, 0);
  Probes probes;
  SecdSetup setup = OutageSetup(db, "denied", &probes);
  setup.env = {"SECD_DATABASE_PASSWORD=not-the-password"};
  auto secd = setup.Start();
  // SecdProcess returns when secd exits; the wait would keep it running (and listening).
  EXPECT_FALSE(secd->running()) << "secd waits for a database that refuses it";
  EXPECT_THAT(secd->log(), ::testing::HasSubstr("Access denied"));
  EXPECT_THAT(secd->log(), ::testing::Not(::testing::HasSubstr("waiting for it")));
}

}  // namespace
}  // namespace sec::testing::reliability
