// The write baseline: the same database doing single-row durable insert transactions through
// the same driver as secd: secd's own SqlConnection (SQLite in WAL with synchronous=FULL and its
// BEGIN IMMEDIATE; MariaDB over Connector/C++ with InnoDB's default flush at commit), as many
// connections as secd's pool. Each transaction is BEGIN, one INSERT, COMMIT, with nothing of
// secd's own on top (no global write lock row, no history, no idempotency record): what the
// database itself allows. CreateModification is compared against this. A figure-producing
// tool, never a test.
//
//   insert_bench --database=URL [--threads=32 --warmup_s=2 --duration_s=8 --payload_bytes=600]
// prints RESULT mode=insert rps=... p50_ms=... p99_ms=... ok=... errors=...
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/open/open_store.h"

ABSL_FLAG(std::string, database, "", "sqlite:PATH or mysql://USER@HOST:PORT/DB");
ABSL_FLAG(int, threads, 32, "concurrent writers (the load generator's calls in flight)");
ABSL_FLAG(double, warmup_s, 2, "warm-up seconds (not measured)");
ABSL_FLAG(double, duration_s, 8, "measured seconds");
ABSL_FLAG(int, payload_bytes, 600, "bytes of text per row (about a proposal's row)");

namespace sec::bench {
namespace {

int Run() {
  const char* pw = std::getenv("SECD_DATABASE_PASSWORD");
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::OpenStore(absl::GetFlag(FLAGS_database), pw ? pw : "");
  if (!store.ok()) {
    std::fprintf(stderr, "insert_bench: %s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  const bool mysql = (*store)->dialect().name != "sqlite";
  // On the bare connection too: the store's write transaction would take secd's write lock,
  // whose table this database does not have.
  absl::Status s = (*store)->Read([&](storage::Tx& tx) -> absl::Status {
    storage::SqlConnection& c = tx.conn();
    if (absl::Status st = c.Commit(); !st.ok()) return st;
    absl::Status st =
        c.ExecScript(mysql ? "CREATE TABLE IF NOT EXISTS bench_inserts (id BIGINT PRIMARY KEY, "
                             "payload TEXT NOT NULL) ENGINE=InnoDB"
                           : "CREATE TABLE IF NOT EXISTS bench_inserts (id INTEGER PRIMARY KEY, "
                             "payload TEXT NOT NULL)");
    if (!st.ok()) return st;
    return c.Begin(false);
  });
  if (!s.ok()) {
    std::fprintf(stderr, "insert_bench: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  const std::string payload(static_cast<size_t>(absl::GetFlag(FLAGS_payload_bytes)), 'x');
  // secd runs at most pool_size transactions at once, whatever the calls in flight.
  const int n_threads =
      std::max(1, std::min(absl::GetFlag(FLAGS_threads), storage::StoreOptions().pool_size));
  const absl::Time t0 = absl::Now();
  const absl::Time measure_from = t0 + absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  const absl::Time stop_at = measure_from + absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  // Fresh keys on every run, so rounds can share one table.
  std::atomic<int64_t> next_id{absl::ToUnixMicros(absl::Now())};
  std::atomic<int64_t> ok_total{0}, errors{0};
  std::vector<std::vector<int64_t>> lat(n_threads);
  std::vector<std::thread> threads;
  for (int t = 0; t < n_threads; ++t) {
    threads.emplace_back([&, t] {
      // One pooled connection per thread for the whole run: the store's read transaction is
      // closed at once and the thread runs its own write transactions on the bare connection.
      absl::Status held = (*store)->Read([&](storage::Tx& tx) -> absl::Status {
        storage::SqlConnection& c = tx.conn();
        if (absl::Status s = c.Commit(); !s.ok()) return s;
        while (true) {
          const absl::Time start = absl::Now();
          if (start >= stop_at) break;
          const int64_t id = next_id.fetch_add(1);
          absl::Status st = c.Begin(true);
          if (st.ok()) {
            st = c.Exec("INSERT INTO bench_inserts (id, payload) VALUES (?, ?)", {id, payload})
                     .status();
          }
          if (st.ok()) st = c.Commit();
          if (!st.ok()) c.Rollback().IgnoreError();
          const absl::Time end = absl::Now();
          if (!st.ok()) {
            if (errors.fetch_add(1) == 0) {
              std::fprintf(stderr, "insert_bench: %s\n", std::string(st.message()).c_str());
            }
            continue;
          }
          ok_total.fetch_add(1);
          if (start >= measure_from && end <= stop_at) {
            lat[t].push_back(absl::ToInt64Microseconds(end - start));
          }
        }
        return c.Begin(false);  // the store commits its transaction as usual
      });
      if (!held.ok() && errors.fetch_add(1) == 0) {
        std::fprintf(stderr, "insert_bench: %s\n", std::string(held.message()).c_str());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<int64_t> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) -> double {
    if (all.empty()) return 0;
    size_t i = std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())));
    return static_cast<double>(all[i]) / 1000.0;
  };
  std::printf("RESULT mode=insert rps=%.1f p50_ms=%.3f p99_ms=%.3f ok=%lld errors=%lld\n",
              static_cast<double>(all.size()) / absl::GetFlag(FLAGS_duration_s), pct(0.5),
              pct(0.99), static_cast<long long>(ok_total.load()),
              static_cast<long long>(errors.load()));
  return errors.load() == 0 ? 0 : 3;
}

}  // namespace
}  // namespace sec::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return sec::bench::Run();
}
