// Crash safety: the real secd is killed with SIGKILL at random moments while clients raise
// proposals, restarted on the same store, and the register is checked against what the clients
// saw acknowledged.
//
// The invariant, after every restart (A = acknowledged raises, F = raises in flight at the kill:
// sent, no answer; S = stored proposals):
//   1. S's references are exactly SECMP0001..SECMP000N, N = |S|: no duplicate, no hole — the
//      counter and the row are one transaction, so a raise is all there or not at all;
//   2. every acknowledged raise is in S under the reference and title it was acknowledged with;
//   3. every stored proposal is a raise that was sent (in A or F), and each at most once;
//      so |A| <= N <= |A| + |F| — an unacknowledged in-flight raise may or may not have
//      committed, and that is the only freedom;
//   4. retrying each raise of F with its request_id succeeds and leaves exactly one proposal per
//      request: afterwards N = |A| + |F| and every request has its own reference.
// The store opens cleanly: secd restarts, applies its migrations, reports SERVING, and (SQLite)
// PRAGMA integrity_check says ok.
//
// CI runs 5 cycles per backend; SECD_RELIABILITY_CYCLES=50 is the long form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "reliability/reliability_support.h"

namespace sec::testing::reliability {
namespace {

class CrashTest : public ::testing::TestWithParam<Backend> {};

std::string SqliteIntegrity(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string e = db ? sqlite3_errmsg(db) : "open failed";
    sqlite3_close(db);
    return e;
  }
  std::string result;
  sqlite3_exec(
      db, "PRAGMA integrity_check",
      [](void* out, int, char** values, char**) {
        static_cast<std::string*>(out)->append(values[0] ? values[0] : "NULL");
        return 0;
      },
      &result, nullptr);
  sqlite3_close(db);
  return result;
}

TEST_P(CrashTest, KillNineUnderWriteLoseNothingAcknowledged) {
  const Backend backend = GetParam();
  SecdSetup setup = NewSetup(backend, "crash");
  ASSERT_FALSE(setup.database.empty());
  const int cycles = Cycles(5);
  const unsigned seed = std::random_device()();
  std::mt19937 rng(seed);
  SCOPED_TRACE(absl::StrCat("seed ", seed, ", ", cycles, " cycles, dir ", setup.dir));
  constexpr int kWriters = 4;
  constexpr int kRaisesPerWriter = 40;  // at most 160 a cycle: 50 cycles stay under SECMP9999

  std::map<std::string, std::string> acked;  // request_id -> reference name
  std::set<std::string> in_flight;           // sent, no answer, not yet retried
  int in_flight_total = 0, in_flight_committed = 0;
  {
    auto secd = setup.Start();
    ASSERT_TRUE(secd->running()) << secd->log();
    Client c(secd->address(), setup.token);
    ASSERT_TRUE(c.CreateParty("british-gas").ok());
    secd->Stop(SIGTERM);
  }

  for (int cycle = 0; cycle < cycles; ++cycle) {
    SCOPED_TRACE(absl::StrCat("cycle ", cycle));
    auto secd = setup.Start();
    ASSERT_TRUE(secd->running()) << "secd did not restart on the crashed store:\n" << secd->log();
    ASSERT_EQ(WaitForHealth(secd->address(), 1, std::chrono::seconds(10)), 1) << secd->log();
    Client client(secd->address(), setup.token);

    // Phase 1: check the previous crash's outcome, then settle its in-flight raises by retrying.
    std::vector<v1::Modification> mods;
    ASSERT_TRUE(client.ListAll(&mods).ok());
    ASSERT_EQ(ContiguousReferences(mods), "");
    std::map<std::string, std::string> by_title;
    for (const auto& m : mods) {
      ASSERT_TRUE(by_title.emplace(m.title(), m.name()).second) << "duplicate " << m.title();
      const std::string rid = m.title().substr(std::string("raise ").size());
      EXPECT_TRUE(acked.count(rid) > 0 || in_flight.count(rid) > 0)
          << m.name() << " (" << m.title() << ") was never sent";
    }
    for (const auto& [rid, name] : acked) {
      auto it = by_title.find(Client::TitleFor(rid));
      ASSERT_NE(it, by_title.end()) << "acknowledged " << name << " (" << rid << ") is gone";
      EXPECT_EQ(it->second, name) << rid;
    }
    ASSERT_GE(mods.size(), acked.size());
    ASSERT_LE(mods.size(), acked.size() + in_flight.size())
        << "a proposal appeared that no client sent";
    for (const std::string& rid : in_flight) {
      v1::Modification out;
      grpc::Status s = client.Raise(rid, &out);
      ASSERT_TRUE(s.ok()) << rid << ": " << s.error_message();
      auto it = by_title.find(Client::TitleFor(rid));
      ++in_flight_total;
      if (it != by_title.end()) {
        ++in_flight_committed;
        EXPECT_EQ(out.name(), it->second) << "retry of a committed raise made a second one";
      }
      acked[rid] = out.name();
    }
    in_flight.clear();
    ASSERT_TRUE(client.ListAll(&mods).ok());
    ASSERT_EQ(ContiguousReferences(mods), "");
    ASSERT_EQ(mods.size(), acked.size()) << "every request exactly once after the retries";

    // Phase 2: write load, then SIGKILL at a random moment.
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        Client c(secd->address(), setup.token);
        // Paced and capped: the register holds SECMP0001-9999, and 50 cycles of unpaced load on
        // a fast store would use them up; 40 raises 15 ms apart span the kill window.
        for (int i = 0; !stop.load() && i < kRaisesPerWriter; ++i) {
          if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(15));
          const std::string rid = absl::StrCat("c", cycle, "-w", w, "-", i);
          v1::Modification out;
          grpc::Status s = c.Raise(rid, &out);
          std::lock_guard<std::mutex> lock(mu);
          if (s.ok()) {
            acked[rid] = out.name();
          } else {
            in_flight.insert(rid);
            if (s.error_code() != grpc::StatusCode::UNAVAILABLE &&
                s.error_code() != grpc::StatusCode::CANCELLED) {
              ADD_FAILURE() << rid << ": " << s.error_code() << " " << s.error_message();
            }
            return;  // the server is gone
          }
        }
      });
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 700)(rng)));
    stop = true;
    EXPECT_EQ(secd->Stop(SIGKILL), 128 + SIGKILL);
    for (auto& t : writers) t.join();
    if (backend == Backend::kSqlite) {
      EXPECT_EQ(SqliteIntegrity(setup.dir + "/secd.db"), "ok");
    }
  }

  // The last crash, checked and settled the same way.
  auto secd = setup.Start();
  ASSERT_TRUE(secd->running()) << secd->log();
  Client client(secd->address(), setup.token);
  for (const std::string& rid : in_flight) {
    v1::Modification out;
    ASSERT_TRUE(client.Raise(rid, &out).ok());
    acked[rid] = out.name();
  }
  std::vector<v1::Modification> mods;
  ASSERT_TRUE(client.ListAll(&mods).ok());
  EXPECT_EQ(ContiguousReferences(mods), "");
  ASSERT_EQ(mods.size(), acked.size());
  std::set<std::string> names;
  for (const auto& [rid, name] : acked) names.insert(name);
  EXPECT_EQ(names.size(), acked.size()) << "two requests share a reference";
  for (const auto& m : mods) {
    const std::string rid = m.title().substr(std::string("raise ").size());
    EXPECT_EQ(acked[rid], m.name());
  }
  // Enough load to mean something: the writers raised in every cycle.
  EXPECT_GE(mods.size(), static_cast<size_t>(cycles)) << "the load barely ran";
  std::cerr << cycles << " kill -9 cycles: " << mods.size() << " proposals; " << in_flight_total
            << " raises were in flight at a kill (before the last), " << in_flight_committed
            << " of them had committed\n";
  EXPECT_EQ(secd->Stop(SIGTERM), 0);
  std::system(absl::StrCat("rm -rf ", setup.dir).c_str());
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::Values(Backend::kSqlite, Backend::kMysql),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sec::testing::reliability
