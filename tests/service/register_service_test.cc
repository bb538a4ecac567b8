// RegisterService through its public API, on an in-process server, on SQLite and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "sec/v1/register.grpc.pb.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::RegisterParty;
using ::sec::testing::ServiceTest;
using ::testing::HasSubstr;

class RegisterServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = v1::RegisterService::NewStub(server().channel());
    ASSERT_TRUE(RegisterParty(server(), "british-gas", v1::PARTY_CATEGORY_LARGE_SUPPLIER).ok());
    ASSERT_TRUE(RegisterParty(server(), "edf-energy", v1::PARTY_CATEGORY_LARGE_SUPPLIER).ok());
  }

  grpc::Status Raise(const std::string& who, const std::string& title, v1::Modification* out,
                     const std::string& request_id = "") {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title(title);
    req.mutable_modification()->add_sections("D");
    req.set_request_id(request_id);
    if (who == "admin") req.mutable_modification()->set_proposer("parties/british-gas");
    return stub_->CreateModification(Ctx(who).get(), req, out);
  }

  std::vector<v1::Modification> ListAll(const std::string& filter = "") {
    v1::ListModificationsRequest req;
    req.set_filter(filter);
    std::vector<v1::Modification> out;
    do {
      v1::ListModificationsResponse resp;
      grpc::Status s = stub_->ListModifications(Ctx("bg").get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      out.insert(out.end(), resp.modifications().begin(), resp.modifications().end());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  }

  int EventCount() {
    v1::WatchEventsRequest req;
    auto ctx = Ctx("admin");
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(700));
    auto reader = stub_->WatchEvents(ctx.get(), req);
    v1::Event e;
    int n = 0;
    while (reader->Read(&e)) ++n;
    reader->Finish();
    return n;
  }

  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

TEST_P(RegisterServiceTest, EveryCallNeedsAValidToken) {
  v1::ListModificationsRequest req;
  v1::ListModificationsResponse resp;
  grpc::ClientContext none;
  EXPECT_EQ(stub_->ListModifications(&none, req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext garbage;
  garbage.AddMetadata("authorization", "Bearer not-a-token");
  EXPECT_EQ(stub_->ListModifications(&garbage, req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext scheme;
  scheme.AddMetadata("authorization", "Basic abc");
  EXPECT_EQ(stub_->ListModifications(&scheme, req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(RegisterServiceTest, RolesDecideWhoMayWrite) {
  v1::CreatePartyRequest req;
  req.set_party_id("rogue");
  req.mutable_party()->set_display_name("Rogue");
  req.mutable_party()->set_category(v1::PARTY_CATEGORY_SMALL_SUPPLIER);
  v1::Party out;
  grpc::Status s = stub_->CreateParty(Ctx("bg").get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("SECAS"));

  // A party raises only for itself.
  v1::CreateModificationRequest raise;
  raise.mutable_modification()->set_title("For someone else");
  raise.mutable_modification()->set_proposer("parties/edf-energy");
  v1::Modification m;
  EXPECT_EQ(stub_->CreateModification(Ctx("bg").get(), raise, &m).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Historical fields are SECAS's.
  raise.mutable_modification()->set_proposer("parties/british-gas");
  raise.set_modification_id("SECMP0016");
  EXPECT_EQ(stub_->CreateModification(Ctx("bg").get(), raise, &m).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->CreateModification(Ctx("panel").get(), raise, &m).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(ListAll().empty());
}

TEST_P(RegisterServiceTest, ConcurrentRaisesGetConsecutiveReferences) {
  constexpr int kClients = 8, kEach = 5;
  std::vector<std::string> refs[kClients];
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      auto stub = v1::RegisterService::NewStub(server().channel());
      for (int i = 0; i < kEach; ++i) {
        v1::CreateModificationRequest req;
        req.mutable_modification()->set_title(absl::StrCat("client ", c, " #", i));
        v1::Modification m;
        grpc::Status s = stub->CreateModification(Ctx(c % 2 ? "bg" : "edf").get(), req, &m);
        EXPECT_TRUE(s.ok()) << s.error_message();
        refs[c].push_back(m.name());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& r : refs) all.insert(r.begin(), r.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kClients * kEach));
  EXPECT_EQ(*all.begin(), "modifications/SECMP0001");
  EXPECT_EQ(*all.rbegin(), absl::StrCat("modifications/SECMP00", kClients * kEach));
}

TEST_P(RegisterServiceTest, RetriedRequestIdWritesNothing) {
  v1::Modification first, second;
  ASSERT_TRUE(Raise("bg", "Once only", &first, "7d3b1f0e-1111-4aaa-8bbb-000000000001").ok());
  const int events = EventCount();
  ASSERT_TRUE(Raise("bg", "Once only", &second, "7d3b1f0e-1111-4aaa-8bbb-000000000001").ok());
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(ListAll().size(), 1u);
  EXPECT_EQ(EventCount(), events);
  // The same id for a different call is refused, not silently replayed.
  v1::CreatePartyRequest other;
  other.set_party_id("octopus");
  other.mutable_party()->set_display_name("Octopus");
  other.mutable_party()->set_category(v1::PARTY_CATEGORY_SMALL_SUPPLIER);
  other.set_request_id("7d3b1f0e-1111-4aaa-8bbb-000000000001");
  v1::Party p;
  EXPECT_EQ(stub_->CreateParty(Ctx("admin").get(), other, &p).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(RegisterServiceTest, StaleEtagIsAbortedAndChangesNothing) {
  v1::Modification m;
  ASSERT_TRUE(Raise("bg", "Original", &m).ok());
  v1::UpdateModificationRequest req;
  *req.mutable_modification() = m;
  req.mutable_modification()->set_title("First edit");
  req.mutable_update_mask()->add_paths("title");
  v1::Modification edited;
  ASSERT_TRUE(stub_->UpdateModification(Ctx("bg").get(), req, &edited).ok());
  EXPECT_NE(edited.etag(), m.etag());

  req.mutable_modification()->set_title("Lost update");  // still carries the old etag
  v1::Modification out;
  grpc::Status s = stub_->UpdateModification(Ctx("bg").get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  v1::GetModificationRequest get;
  get.set_name(m.name());
  v1::Modification now;
  ASSERT_TRUE(stub_->GetModification(Ctx("edf").get(), get, &now).ok());
  EXPECT_EQ(now.title(), "First edit");
  EXPECT_EQ(now.etag(), edited.etag());
}

// Reads are served from a cache on the embedded store (service/read_cache.h): a read that
// follows an acknowledged write, of any kind, must see it; and a refused write changes no
// later read.
TEST_P(RegisterServiceTest, AReadAfterAWriteSeesIt) {
  v1::Modification m;
  ASSERT_TRUE(Raise("bg", "Before", &m).ok());
  v1::GetModificationRequest get;
  get.set_name(m.name());
  v1::ListModificationsRequest list;
  list.set_filter("open = true");
  auto read = [&](v1::Modification* got, v1::ListModificationsResponse* page) {
    ASSERT_TRUE(stub_->GetModification(Ctx("edf").get(), get, got).ok());
    ASSERT_TRUE(stub_->ListModifications(Ctx("edf").get(), list, page).ok());
  };
  v1::Modification got;
  v1::ListModificationsResponse page;
  for (int twice = 0; twice < 2; ++twice) read(&got, &page);  // the second may be a cache hit
  EXPECT_EQ(got.title(), "Before");
  ASSERT_EQ(page.total_size(), 1);

  v1::UpdateModificationRequest update;
  *update.mutable_modification() = m;
  update.mutable_modification()->set_title("After");
  update.mutable_update_mask()->add_paths("title");
  v1::Modification edited;
  ASSERT_TRUE(stub_->UpdateModification(Ctx("bg").get(), update, &edited).ok());
  read(&got, &page);
  EXPECT_EQ(got.title(), "After");
  EXPECT_EQ(got.etag(), edited.etag());
  ASSERT_EQ(page.modifications_size(), 1);
  EXPECT_EQ(page.modifications(0).title(), "After");

  v1::Modification second;
  ASSERT_TRUE(Raise("edf", "Another", &second).ok());
  read(&got, &page);
  EXPECT_EQ(page.total_size(), 2);

  update.mutable_modification()->set_title("Refused: stale etag");
  v1::Modification refused;
  ASSERT_EQ(stub_->UpdateModification(Ctx("bg").get(), update, &refused).error_code(),
            grpc::StatusCode::ABORTED);
  read(&got, &page);
  EXPECT_EQ(got.title(), "After");
  EXPECT_EQ(page.total_size(), 2);
}

TEST_P(RegisterServiceTest, BadFiltersAndPageSizesAreInvalidArguments) {
  v1::ListModificationsRequest req;
  v1::ListModificationsResponse resp;
  req.set_filter("staus = REFINEMENT");
  grpc::Status s = stub_->ListModifications(Ctx("bg").get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("unknown field \"staus\""));
  req.set_filter("status = SIDEWAYS");
  s = stub_->ListModifications(Ctx("bg").get(), req, &resp);
  EXPECT_THAT(s.error_message(), HasSubstr("\"SIDEWAYS\" is not a value of \"status\""));
  req.set_filter("title : \"x\" OR 1=1");
  EXPECT_EQ(stub_->ListModifications(Ctx("bg").get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_filter("");
  req.set_page_size(-1);
  EXPECT_EQ(stub_->ListModifications(Ctx("bg").get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_page_size(10);
  req.set_page_token("garbage");
  EXPECT_EQ(stub_->ListModifications(Ctx("bg").get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(RegisterServiceTest, PagesCoverEveryRowOnceInOrder) {
  for (int i = 0; i < 23; ++i) {
    v1::Modification m;
    ASSERT_TRUE(Raise(i % 2 ? "bg" : "edf", absl::StrCat("Title ", 100 - i), &m).ok());
  }
  v1::ListModificationsRequest req;
  req.set_page_size(5);
  req.set_order_by("title desc");
  std::vector<std::string> titles;
  int pages = 0;
  do {
    v1::ListModificationsResponse resp;
    ASSERT_TRUE(stub_->ListModifications(Ctx("bg").get(), req, &resp).ok());
    EXPECT_EQ(resp.total_size(), 23);
    for (const auto& m : resp.modifications()) titles.push_back(m.title());
    req.set_page_token(resp.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(pages, 5);
  ASSERT_EQ(titles.size(), 23u);
  EXPECT_TRUE(std::is_sorted(titles.rbegin(), titles.rend()));
  EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), 23u);
  EXPECT_EQ(ListAll("proposer = \"british-gas\" AND open = true").size(), 11u);
}

TEST_P(RegisterServiceTest, OnlyTheProposerWithdrawsAndOnlyOnce) {
  v1::Modification m;
  ASSERT_TRUE(Raise("bg", "Mine", &m).ok());
  v1::WithdrawModificationRequest req;
  req.set_name(m.name());
  req.set_reason("no longer needed");
  v1::Modification out;
  grpc::Status s = stub_->WithdrawModification(Ctx("edf").get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = stub_->WithdrawModification(Ctx("admin").get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->WithdrawModification(Ctx("bg").get(), req, &out).ok());
  EXPECT_EQ(out.status(), v1::MODIFICATION_STATUS_WITHDRAWN);
  EXPECT_FALSE(out.open());
  s = stub_->WithdrawModification(Ctx("bg").get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("WITHDRAWN"));

  v1::ListModificationEventsRequest hist;
  hist.set_parent(m.name());
  v1::ListModificationEventsResponse events;
  ASSERT_TRUE(stub_->ListModificationEvents(Ctx("edf").get(), hist, &events).ok());
  ASSERT_EQ(events.events_size(), 2);
  EXPECT_EQ(events.events(0).kind(), "raise");
  EXPECT_EQ(events.events(1).kind(), "withdraw");
  EXPECT_EQ(events.events(1).principal(), "bg");
  EXPECT_EQ(events.events(1).note(), "no longer needed");
  EXPECT_EQ(events.events(1).status(), v1::MODIFICATION_STATUS_WITHDRAWN);
  EXPECT_THAT(events.events(1).before_json(), HasSubstr("MODIFICATION_STATUS_SUBMITTED"));
}

TEST_P(RegisterServiceTest, HistoricalLoadKeepsReferenceAndMovesTheCounter) {
  v1::CreateModificationRequest req;
  req.set_modification_id("SECMP0033");
  req.mutable_modification()->set_title("Update to CH Handover Support Materials");
  req.mutable_modification()->set_proposer("parties/british-gas");
  req.mutable_modification()->set_status(v1::MODIFICATION_STATUS_REPORT_PHASE);
  req.mutable_modification()->set_date_raised("2017-02-10");
  v1::Modification loaded;
  ASSERT_TRUE(stub_->CreateModification(Ctx("admin").get(), req, &loaded).ok());
  EXPECT_EQ(loaded.name(), "modifications/SECMP0033");
  EXPECT_EQ(loaded.status_title(), "Report Phase");
  v1::Modification next;
  ASSERT_TRUE(Raise("bg", "Next one", &next).ok());
  EXPECT_EQ(next.name(), "modifications/SECMP0034");
  v1::Modification again;
  EXPECT_EQ(stub_->CreateModification(Ctx("admin").get(), req, &again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_P(RegisterServiceTest, WatchDeliversPastThenNewEventsInOrder) {
  v1::Modification m;
  ASSERT_TRUE(Raise("bg", "Before watching", &m).ok());
  v1::WatchEventsRequest req;
  req.set_resource_prefix("modifications/");
  auto ctx = Ctx("edf");
  auto reader = stub_->WatchEvents(ctx.get(), req);
  v1::Event e;
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.resource(), m.name());
  const int64_t first = e.sequence();
  std::thread writer([&] {
    v1::Modification later;
    EXPECT_TRUE(Raise("edf", "While watching", &later).ok());
  });
  ASSERT_TRUE(reader->Read(&e));
  writer.join();
  EXPECT_GT(e.sequence(), first);
  EXPECT_EQ(e.kind(), "raise");
  EXPECT_THAT(e.after_json(), HasSubstr("While watching"));
  ctx->TryCancel();
  reader->Finish();
}

SEC_INSTANTIATE_BACKENDS(RegisterServiceTest);

}  // namespace
}  // namespace sec
