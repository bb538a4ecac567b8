// Server limits: oversize messages, over-long fields, page sizes, concurrent streams and the
// deadline cap. A limit is answered with a status (RESOURCE_EXHAUSTED, INVALID_ARGUMENT,
// DEADLINE_EXCEEDED) and the server keeps serving. Limits are backend-independent: SQLite only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <climits>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "sec/v1/register.grpc.pb.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::Backend;
using ::sec::testing::NewTestStore;
using ::sec::testing::TestServer;
using ::testing::HasSubstr;

class LimitsTest : public ::testing::Test {
 protected:
  void Start(service::ServerOptions opts = {}) {
    absl::StatusOr<std::unique_ptr<storage::Store>> s = NewTestStore(Backend::kSqlite);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
    server_ = std::make_unique<TestServer>(store_.get(), opts);
    stub_ = v1::RegisterService::NewStub(Channel());
  }

  // A channel on its own connection, sending up to 64 MiB so the server's limit is what bites.
  std::shared_ptr<grpc::Channel> Channel() {
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 << 20);
    args.SetMaxReceiveMessageSize(64 << 20);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                     grpc::InsecureChannelCredentials(), args);
  }

  grpc::Status CreateParty(const std::string& id, const std::string& request_id = "") {
    v1::CreatePartyRequest req;
    req.set_party_id(id);
    req.mutable_party()->set_display_name("Party " + id);
    req.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
    req.set_request_id(request_id);
    v1::Party out;
    return stub_->CreateParty(server_->Ctx("admin").get(), req, &out);
  }

  grpc::Status Raise(const std::string& statement) {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title("Big");
    req.mutable_modification()->add_sections("D");
    req.mutable_modification()->set_problem_statement(statement);
    v1::Modification out;
    return stub_->CreateModification(server_->Ctx("bg").get(), req, &out);
  }

  grpc::Status ListParties(int page_size, const std::string& filter,
                           v1::ListPartiesResponse* resp) {
    v1::ListPartiesRequest req;
    req.set_page_size(page_size);
    req.set_filter(filter);
    return stub_->ListParties(server_->Ctx("admin").get(), req, resp);
  }

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

TEST_F(LimitsTest, OversizeRequestIsResourceExhaustedAndTheServerCarriesOn) {
  service::ServerOptions opts;
  opts.max_message_bytes = 32 << 10;
  Start(opts);
  ASSERT_TRUE(CreateParty("british-gas").ok());
  grpc::Status s = Raise(std::string(100 << 10, 'x'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  // Nothing was written and the next call is served.
  v1::ListModificationsRequest req;
  v1::ListModificationsResponse resp;
  ASSERT_TRUE(stub_->ListModifications(server_->Ctx("bg").get(), req, &resp).ok());
  EXPECT_EQ(resp.modifications_size(), 0);
  // Under the message limit but over a field's own limit: INVALID_ARGUMENT naming the field.
  s = Raise(std::string(12000, 'x'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("problem_statement"));
  s = Raise(std::string(9000, 'x'));
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(LimitsTest, OversizeResponseIsResourceExhausted) {
  service::ServerOptions opts;
  opts.max_message_bytes = 32 << 10;
  Start(opts);
  ASSERT_TRUE(CreateParty("british-gas").ok());
  // Five requests under the limit whose list is over it.
  for (int i = 0; i < 5; ++i) {
    grpc::Status s = Raise(std::string(9000, 'x'));
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::ListModificationsRequest req;
  v1::ListModificationsResponse resp;
  grpc::Status s = stub_->ListModifications(server_->Ctx("bg").get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  // A smaller page fits.
  req.set_page_size(1);
  EXPECT_TRUE(stub_->ListModifications(server_->Ctx("bg").get(), req, &resp).ok());
}

TEST_F(LimitsTest, OverlongFieldsAreInvalidArgument) {
  Start();
  v1::ListPartiesResponse resp;
  grpc::Status s = ListParties(0, std::string(5000, 'a'), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();

  v1::ListModificationsRequest req;
  req.set_filter(absl::StrCat("title : \"", std::string(5000, 'a'), "\""));
  v1::ListModificationsResponse mods;
  s = stub_->ListModifications(server_->Ctx("bg").get(), req, &mods);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("filter"));

  s = CreateParty("british-gas", std::string(200, 'r'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("request_id"));
  // The refused call wrote nothing: the same party can be created now.
  EXPECT_TRUE(CreateParty("british-gas", "a-short-request-id").ok());
}

TEST_F(LimitsTest, PageSizesAreCappedOrRefused) {
  Start();
  for (const char* id : {"a-party", "b-party", "c-party"}) ASSERT_TRUE(CreateParty(id).ok());
  v1::ListPartiesResponse resp;
  ASSERT_TRUE(ListParties(INT_MAX, "", &resp).ok());
  EXPECT_EQ(resp.parties_size(), 3);
  grpc::Status s = ListParties(-1, "", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  s = ListParties(INT_MIN, "", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();

  v1::ListModificationsRequest req;
  v1::ListModificationsResponse mods;
  req.set_page_size(INT_MAX);
  EXPECT_TRUE(stub_->ListModifications(server_->Ctx("bg").get(), req, &mods).ok());
  req.set_page_size(-5);
  s = stub_->ListModifications(server_->Ctx("bg").get(), req, &mods);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
}

TEST_F(LimitsTest, ConcurrentStreamsPerConnectionAreBounded) {
  service::ServerOptions opts;
  opts.max_concurrent_streams = 1;
  Start(opts);
  // One open stream uses the connection's only slot ...
  auto watch_ctx = server_->Ctx("admin");
  v1::WatchEventsRequest watch;
  auto reader = stub_->WatchEvents(watch_ctx.get(), watch);
  absl::SleepFor(absl::Milliseconds(300));
  // ... so a call on the same connection waits (and here runs out of time) ...
  auto ctx = server_->Ctx("admin");
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  v1::ListPartiesRequest req;
  v1::ListPartiesResponse resp;
  EXPECT_EQ(stub_->ListParties(ctx.get(), req, &resp).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // ... while another connection is served.
  auto other = v1::RegisterService::NewStub(Channel());
  EXPECT_TRUE(other->ListParties(server_->Ctx("admin").get(), req, &resp).ok());
  watch_ctx->TryCancel();
  reader->Finish();
}

TEST_F(LimitsTest, DeadlineCapBoundsTheServersWork) {
  service::ServerOptions opts;
  // A cap shorter than any call: every unary call is refused before it writes.
  opts.max_deadline = absl::Nanoseconds(1);
  Start(opts);
  grpc::Status s = CreateParty("british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("deadline cap"));
  ASSERT_TRUE(store_
                  ->Read([](storage::Tx& tx) -> absl::Status {
                    absl::StatusOr<std::vector<storage::SqlRow>> rows =
                        tx.Query("SELECT COUNT(*) FROM parties", {});
                    if (!rows.ok()) return rows.status();
                    EXPECT_EQ(rows->front().Int(0), 0);
                    return absl::OkStatus();
                  })
                  .ok());
  // WatchEvents is exempt: the stream runs until the client's own deadline.
  auto ctx = server_->Ctx("admin");
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(600));
  const absl::Time start = absl::Now();
  v1::WatchEventsRequest watch;
  auto reader = stub_->WatchEvents(ctx.get(), watch);
  v1::Event e;
  while (reader->Read(&e)) {
  }
  s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(500));
}

TEST_F(LimitsTest, ClientDeadlinesBeyondTheCapAreServed) {
  Start();  // default cap: 60 s
  auto ctx = server_->Ctx("admin");
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  v1::CreatePartyRequest req;
  req.set_party_id("british-gas");
  req.mutable_party()->set_display_name("British Gas");
  req.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  v1::Party out;
  grpc::Status s = stub_->CreateParty(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  // And so are calls with no deadline at all.
  grpc::ClientContext none;
  none.AddMetadata("authorization", "Bearer " + TestServer::TokenFor("admin"));
  v1::ListPartiesRequest list;
  v1::ListPartiesResponse resp;
  EXPECT_TRUE(stub_->ListParties(&none, list, &resp).ok());
  EXPECT_EQ(resp.parties_size(), 1);
}

}  // namespace
}  // namespace sec
