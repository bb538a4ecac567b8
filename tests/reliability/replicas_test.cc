// Two secd replicas on one MariaDB database behave as one service: clients spread over both
// never get a duplicate reference, etag-checked updates lose nothing, and WatchEvents on one
// replica streams the other's writes in order with no gap.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "reliability/reliability_support.h"
#include "service/call.h"

namespace sec::testing::reliability {
namespace {

int64_t EtagVersion(const std::string& etag) {
  int64_t v = 0;
  EXPECT_TRUE(absl::SimpleAtoi(etag.substr(1, etag.size() - 2), &v)) << etag;
  return v;
}

TEST(ReplicasTest, TwoReplicasOneMariaDbActAsOneService) {
  SecdSetup setup = NewSetup(Backend::kMysql, "replicas");
  ASSERT_FALSE(setup.database.empty());
  // A slow feed, so that a replica's cache is often behind the other's writes: the checks below
  // must hold through the consistency token, not through timing.
  setup.extra_args = {"--event_poll_ms=500"};
  auto a = setup.Start();
  ASSERT_TRUE(a->running()) << a->log();
  auto b = setup.Start();  // same directory, tokens and database; its own port and log
  ASSERT_TRUE(b->running()) << b->log();
  const std::vector<std::string> replicas = {a->address(), b->address()};
  ASSERT_TRUE(Client(a->address(), setup.token).CreateParty("british-gas").ok());

  // A watcher on replica A from the beginning of the history.
  Client watcher(a->address(), setup.token);
  auto watch_ctx = watcher.Ctx(std::chrono::seconds(120));
  v1::WatchEventsRequest watch_req;
  auto reader = watcher.stub().WatchEvents(watch_ctx.get(), watch_req);

  // 1. Concurrent raises through both replicas.
  constexpr int kThreads = 6, kRaisesEach = 10;
  std::mutex mu;
  std::map<std::string, std::string> raised;  // reference -> replica address
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string& addr = replicas[t % 2];
      Client c(addr, setup.token);
      for (int i = 0; i < kRaisesEach; ++i) {
        v1::Modification out;
        grpc::Status s = c.Raise(absl::StrCat("rep-", t, "-", i), &out);
        ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
        std::lock_guard<std::mutex> lock(mu);
        EXPECT_TRUE(raised.emplace(out.name(), addr).second) << "duplicate " << out.name();
      }
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  std::vector<v1::Modification> mods;
  ASSERT_TRUE(Client(b->address(), setup.token).ListAll(&mods).ok());
  ASSERT_EQ(mods.size(), static_cast<size_t>(kThreads * kRaisesEach));
  EXPECT_EQ(ContiguousReferences(mods), "");

  // 2. Conflicting read-modify-write updates of one proposal through both replicas.
  const std::string target = "modifications/SECMP0001";
  struct Attempt {
    grpc::StatusCode code;
    std::string title;
    int64_t version;   // of the response, when OK
    int64_t sequence;  // the consistency token it answered with, when OK
  };
  std::vector<Attempt> attempts;
  constexpr int kUpdaters = 4, kUpdatesEach = 12;
  for (int t = 0; t < kUpdaters; ++t) {
    threads.emplace_back([&, t] {
      Client c(replicas[t % 2], setup.token);
      for (int i = 0; i < kUpdatesEach; ++i) {
        v1::GetModificationRequest get;
        get.set_name(target);
        v1::Modification current;
        grpc::Status g = c.stub().GetModification(c.Ctx().get(), get, &current);
        ASSERT_TRUE(g.ok()) << g.error_message();
        v1::UpdateModificationRequest up;
        *up.mutable_modification() = current;
        up.mutable_modification()->set_title(absl::StrCat("updated by ", t, " #", i));
        up.mutable_update_mask()->add_paths("title");
        v1::Modification out;
        auto ctx = c.Ctx();
        grpc::Status s = c.stub().UpdateModification(ctx.get(), up, &out);
        std::lock_guard<std::mutex> lock(mu);
        attempts.push_back({s.error_code(), up.modification().title(),
                            s.ok() ? EtagVersion(out.etag()) : 0, SequenceOf(*ctx)});
        if (!s.ok()) {
          EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
          EXPECT_THAT(s.error_message(), ::testing::HasSubstr("read it again"));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> ok_versions;
  const Attempt* last_ok = nullptr;
  int64_t token = 0;
  for (const Attempt& at : attempts) {
    if (at.code != grpc::StatusCode::OK) continue;
    EXPECT_GT(at.sequence, 0) << "an OK write without its sec-sequence";
    token = std::max(token, at.sequence);
    EXPECT_TRUE(ok_versions.insert(at.version).second)
        << "two OK writes made version " << at.version;
    if (last_ok == nullptr || at.version > last_ok->version) last_ok = &at;
  }
  ASSERT_NE(last_ok, nullptr);
  // Lost nothing: the OK writes made versions 2..K+1, one each, and the final state is the last.
  EXPECT_EQ(*ok_versions.begin(), 2);
  EXPECT_EQ(*ok_versions.rbegin(), static_cast<int64_t>(ok_versions.size()) + 1);
  // Read on A with the writes' token: read-your-writes across replicas, whatever A has cached
  // (without the token, A may answer from its cache until its feed has applied B's writes).
  Client on_a(a->address(), setup.token);
  auto read_on_a = [&](int64_t min_sequence) {
    v1::GetModificationRequest get;
    get.set_name(target);
    auto ctx = on_a.Ctx();
    ctx->AddMetadata(service::kMinSequenceHeader, absl::StrCat(min_sequence));
    v1::Modification m;
    grpc::Status s = on_a.stub().GetModification(ctx.get(), get, &m);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return m;
  };
  v1::Modification final_state = read_on_a(token);
  EXPECT_EQ(final_state.title(), last_ok->title);
  EXPECT_EQ(EtagVersion(final_state.etag()), last_ok->version);
  // Once more with A's cache certainly holding the proposal: a write through B, then A with B's
  // token shows it.
  {
    Client on_b(b->address(), setup.token);
    v1::UpdateModificationRequest up;
    *up.mutable_modification() = final_state;
    up.mutable_modification()->set_title("the last word, through B");
    up.mutable_update_mask()->add_paths("title");
    v1::Modification out;
    auto ctx = on_b.Ctx();
    ASSERT_TRUE(on_b.stub().UpdateModification(ctx.get(), up, &out).ok());
    ok_versions.insert(EtagVersion(out.etag()));
    EXPECT_EQ(read_on_a(SequenceOf(*ctx)).title(), "the last word, through B");
  }

  // 3. The watcher on A saw every event, B's included, in order, gap-free:
  //    1 party + 60 raises + one update per OK write.
  const int64_t expected = 1 + kThreads * kRaisesEach + static_cast<int64_t>(ok_versions.size());
  std::set<std::string> raised_seen;
  int updates_seen = 0;
  v1::Event e;
  int64_t next = 1;
  while (next <= expected && reader->Read(&e)) {
    ASSERT_EQ(e.sequence(), next) << "gap or reordering in the stream";
    ++next;
    if (e.kind() == "raise") raised_seen.insert(e.resource());
    if (e.kind() == "update" && e.resource() == target) ++updates_seen;
  }
  watch_ctx->TryCancel();
  ASSERT_EQ(next, expected + 1) << "the stream ended early";
  int through_b = 0;
  for (const auto& [name, addr] : raised) {
    EXPECT_TRUE(raised_seen.count(name)) << name << " raised through " << addr << " not streamed";
    through_b += addr == b->address();
  }
  EXPECT_EQ(through_b, kThreads * kRaisesEach / 2);
  EXPECT_EQ(updates_seen, static_cast<int>(ok_versions.size()));

  EXPECT_EQ(a->Stop(SIGTERM), 0);
  EXPECT_EQ(b->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace sec::testing::reliability
