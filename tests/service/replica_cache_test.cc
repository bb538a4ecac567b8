// The read cache across replicas (service/read_cache.h): two secd servers on one database,
// each with its own cache and event feed, as the Helm chart runs them. The tests count stale
// reads and check the order of what is seen; they never time anything.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/call.h"
#include "storage/open/open_store.h"
#include "support/test_support.h"

namespace sec::testing {
namespace {

// Trials of write-then-read; SECD_TOKEN_TRIALS lowers it under the sanitizers.
int Trials() {
  int n = 10000;
  if (const char* v = std::getenv("SECD_TOKEN_TRIALS")) {
    if (!absl::SimpleAtoi(v, &n)) n = 10000;
  }
  return n;
}

class ReplicaCacheTest : public BackendTest {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kMysql) {
      // Two replicas: each its own store (connections), cache and feed, on one database.
      absl::StatusOr<MysqlTarget> t = NewMysqlDatabase();
      ASSERT_TRUE(t.ok()) << t.status();
      for (auto* s : {&store_, &store_b_}) {
        absl::StatusOr<std::unique_ptr<storage::Store>> opened =
            storage::OpenStore(t->url, t->password, {});
        ASSERT_TRUE(opened.ok()) << opened.status();
        *s = *std::move(opened);
      }
      ASSERT_TRUE(store_->Migrate().ok());
    } else {
      BackendTest::SetUp();
      if (HasFatalFailure()) return;
    }
    a_ = std::make_unique<TestServer>(store_.get());
    if (store_b_) b_ = std::make_unique<TestServer>(store_b_.get());
    ASSERT_TRUE(RegisterParty(*a_, "british-gas").ok());
  }
  void TearDown() override {
    b_.reset();
    a_.reset();
  }
  // The replica reads go to: the other server on MySQL, the only one on SQLite.
  TestServer& reader() { return b_ ? *b_ : *a_; }

  v1::Modification Raise() {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title("first title");
    req.mutable_modification()->set_problem_statement("p");
    req.mutable_modification()->set_proposer("parties/british-gas");
    req.mutable_modification()->add_sections("D");
    v1::Modification out;
    grpc::Status s = v1::RegisterService::NewStub(a_->channel())
                         ->CreateModification(a_->Ctx("admin").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  // Retitles `m` through replica A; returns the sequence its response carried.
  int64_t Retitle(v1::Modification* m, const std::string& title) {
    v1::UpdateModificationRequest req;
    *req.mutable_modification() = *m;
    req.mutable_modification()->set_title(title);
    req.mutable_update_mask()->add_paths("title");
    auto ctx = a_->Ctx("admin");
    grpc::Status s =
        v1::RegisterService::NewStub(a_->channel())->UpdateModification(ctx.get(), req, m);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return SequenceOf(*ctx);
  }
  // The title replica B answers with, sending `min_sequence` when it is not negative.
  std::string TitleRead(const std::string& name, int64_t min_sequence) {
    v1::GetModificationRequest req;
    req.set_name(name);
    auto ctx = reader().Ctx("admin");
    if (min_sequence >= 0) ctx->AddMetadata(service::kMinSequenceHeader, absl::StrCat(min_sequence));
    v1::Modification out;
    grpc::Status s =
        v1::RegisterService::NewStub(reader().channel())->GetModification(ctx.get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.title();
  }

  std::unique_ptr<TestServer> a_, b_;
  std::unique_ptr<storage::Store> store_b_;
};

TEST_P(ReplicaCacheTest, EveryWriteAnswersWithTheSequenceItCommittedAt) {
  v1::Modification m = Raise();
  const int64_t first = Retitle(&m, "second title");
  const int64_t second = Retitle(&m, "third title");
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  // The history's events are numbered by the same sequence.
  v1::ListModificationEventsRequest req;
  req.set_parent(m.name());
  v1::ListModificationEventsResponse events;
  ASSERT_TRUE(v1::RegisterService::NewStub(a_->channel())
                  ->ListModificationEvents(a_->Ctx("admin").get(), req, &events)
                  .ok());
  ASSERT_GE(events.events_size(), 3);
  EXPECT_EQ(events.events(events.events_size() - 1).sequence(), second);
}

TEST_P(ReplicaCacheTest, AReadSendingTheWritesSequenceNeverSeesOlder) {
  v1::Modification m = Raise();
  ASSERT_EQ(TitleRead(m.name(), -1), "first title");  // cached by the reading replica
  const int trials = Trials();
  int stale = 0;
  for (int i = 0; i < trials; ++i) {
    const std::string title = absl::StrCat("title ", i);
    const int64_t token = Retitle(&m, title);
    ASSERT_GT(token, 0);
    if (TitleRead(m.name(), token) != title) ++stale;
  }
  EXPECT_EQ(stale, 0) << "of " << trials << " reads sending min_sequence";
}

TEST_P(ReplicaCacheTest, AWriteThroughOneReplicaReachesTheOthersCacheInOrder) {
  v1::Modification m = Raise();
  ASSERT_EQ(TitleRead(m.name(), -1), "first title");
  for (int round = 1; round <= 20; ++round) {
    const std::string title = absl::StrCat("round ", round);
    Retitle(&m, title);
    // Without a token the reading replica may answer from its cache for a while (at most its
    // feed's poll interval after the commit); what it answers never goes back.
    int reads = 0;
    std::string seen;
    while ((seen = TitleRead(m.name(), -1)) != title) {
      ASSERT_EQ(seen, round == 1 ? "first title" : absl::StrCat("round ", round - 1));
      ASSERT_LT(++reads, 1000000) << "the write never reached the other replica";
    }
    EXPECT_EQ(TitleRead(m.name(), -1), title);
  }
}

SEC_INSTANTIATE_BACKENDS(ReplicaCacheTest);

}  // namespace
}  // namespace sec::testing
