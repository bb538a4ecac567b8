// The Prometheus endpoint: scraped over plain HTTP after real calls, on SQLite and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "sec/v1/register.grpc.pb.h"
#include "storage/credit_store.h"
#include "storage/governance_store.h"
#include "support/scrape.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::BackendTest;
using ::sec::testing::HttpBody;
using ::sec::testing::HttpGet;
using ::sec::testing::ParseExposition;
using ::sec::testing::Sample;
using ::sec::testing::Value;
using ::sec::testing::RegisterParty;
using ::sec::testing::TestServer;
using ::testing::HasSubstr;

class MetricsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    service::ServerOptions opts;
    opts.metrics_listen = "127.0.0.1:0";
    server_ = std::make_unique<TestServer>(store_.get(), opts);
    ASSERT_GT(server_->server().metrics_port(), 0);
    stub_ = v1::RegisterService::NewStub(server_->channel());
  }
  void TearDown() override { server_.reset(); }

  std::vector<Sample> Scrape() {
    const std::string response = HttpGet(server_->server().metrics_port(), "/metrics");
    EXPECT_THAT(response, HasSubstr("200 OK"));
    return ParseExposition(HttpBody(response));
  }

  grpc::Status Raise(const std::string& title, v1::Modification* out) {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title(title);
    req.mutable_modification()->add_sections("D");
    return stub_->CreateModification(server_->Ctx("bg").get(), req, out);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

const std::map<std::string, std::string> kCreateParty = {{"grpc_type", "unary"},
                                                         {"grpc_service", "sec.v1.RegisterService"},
                                                         {"grpc_method", "CreateParty"}};

TEST_P(MetricsTest, CountsStartedAndHandledCallsByCode) {
  ASSERT_TRUE(RegisterParty(*server_, "british-gas").ok());
  ASSERT_TRUE(RegisterParty(*server_, "edf-energy").ok());
  ASSERT_TRUE(RegisterParty(*server_, "npower").ok());
  // A duplicate, and one without a token: counted under their codes, not as OK.
  EXPECT_EQ(RegisterParty(*server_, "npower").error_code(), grpc::StatusCode::ALREADY_EXISTS);
  v1::GetModificationRequest get;
  get.set_name("modifications/SECMP9999");
  v1::Modification m;
  EXPECT_EQ(stub_->GetModification(server_->Ctx("bg").get(), get, &m).error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->GetModification(&anonymous, get, &m).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  std::vector<Sample> s = Scrape();
  EXPECT_EQ(Value(s, "grpc_server_started_total", kCreateParty), 4);
  auto with_code = [](std::map<std::string, std::string> labels, const std::string& code) {
    labels["grpc_code"] = code;
    return labels;
  };
  EXPECT_EQ(Value(s, "grpc_server_handled_total", with_code(kCreateParty, "OK")), 3);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", with_code(kCreateParty, "AlreadyExists")), 1);
  const std::map<std::string, std::string> get_labels = {
      {"grpc_service", "sec.v1.RegisterService"}, {"grpc_method", "GetModification"}};
  EXPECT_EQ(Value(s, "grpc_server_started_total", get_labels), 2);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", with_code(get_labels, "NotFound")), 1);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", with_code(get_labels, "Unauthenticated")), 1);
  // Every series exists from the start: a code never seen reads 0.
  EXPECT_EQ(Value(s, "grpc_server_handled_total", with_code(get_labels, "OK")), 0);
  // The histogram saw every CreateParty; all of them within its top bucket.
  EXPECT_EQ(Value(s, "grpc_server_handling_seconds_count", kCreateParty), 4);
  auto inf = kCreateParty;
  inf["le"] = "+Inf";
  EXPECT_EQ(Value(s, "grpc_server_handling_seconds_bucket", inf), 4);
  EXPECT_GT(Value(s, "grpc_server_handling_seconds_sum", kCreateParty), 0);

  // Counters only go up: another call shows at the next scrape.
  ASSERT_TRUE(RegisterParty(*server_, "scottish-power").ok());
  EXPECT_EQ(Value(Scrape(), "grpc_server_handled_total", with_code(kCreateParty, "OK")), 4);
}

TEST_P(MetricsTest, DomainGaugesComeFromTheStore) {
  ASSERT_TRUE(RegisterParty(*server_, "british-gas").ok());
  ASSERT_TRUE(RegisterParty(*server_, "edf-energy").ok());
  v1::Modification a, b, c;
  ASSERT_TRUE(Raise("First", &a).ok());
  ASSERT_TRUE(Raise("Second", &b).ok());
  ASSERT_TRUE(Raise("Third", &c).ok());
  // The gauges may be up to a second old: a scrape re-reads the store once the last read is
  // older than that (and the server reads it every 5 s regardless).
  absl::SleepFor(absl::Milliseconds(1100));
  std::vector<Sample> s = Scrape();
  EXPECT_EQ(Value(s, "secd_open_modifications", {{"status", "SUBMITTED"}}), 3);
  EXPECT_EQ(Value(s, "secd_parties_in_credit_shortfall"), 0);
  EXPECT_EQ(Value(s, "secd_consultations_open"), 0);

  // Breach notices and consultations straight into the tables the gauges read (the services
  // that write them have their own tests): british-gas has two open notices (one party), edf's
  // was cured; one consultation open, one closed.
  const Date d = absl::CivilDay(2017, 4, 3);
  ASSERT_TRUE(store()
                  .Write([&](storage::Tx& tx) -> absl::Status {
                    storage::StoredNotice n;
                    n.party = "british-gas";
                    n.notice_date = d;
                    n.cure_deadline = d + 3;
                    n.shortfall_pence = 100;
                    if (absl::Status st = storage::InsertNotice(tx, n); !st.ok()) return st;
                    n.notice_date = d + 1;
                    if (absl::Status st = storage::InsertNotice(tx, n); !st.ok()) return st;
                    n.party = "edf-energy";
                    n.state = NoticeState::kCured;
                    n.cured_date = d + 2;
                    if (absl::Status st = storage::InsertNotice(tx, n); !st.ok()) return st;
                    Consultation open;
                    open.modification =
                        std::string(absl::StripPrefix(a.name(), "modifications/"));
                    open.issue = d;
                    open.deadline = d + 10;
                    open.contact = "secas@example.org";
                    if (absl::Status st = storage::InsertConsultation(tx, open); !st.ok()) {
                      return st;
                    }
                    Consultation closed = open;
                    closed.modification = std::string(absl::StripPrefix(b.name(), "modifications/"));
                    closed.open = false;
                    closed.closed = d + 10;
                    return storage::InsertConsultation(tx, closed);
                  })
                  .ok());
  absl::SleepFor(absl::Milliseconds(1100));
  s = Scrape();
  EXPECT_EQ(Value(s, "secd_parties_in_credit_shortfall"), 1);
  EXPECT_EQ(Value(s, "secd_consultations_open"), 1);

  // A withdrawn proposal leaves the open count; a status that empties reads 0, not its last count.
  v1::WithdrawModificationRequest w;
  for (const v1::Modification* m : {&a, &b, &c}) {
    w.set_name(m->name());
    v1::Modification out;
    grpc::Status st = stub_->WithdrawModification(server_->Ctx("bg").get(), w, &out);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }
  absl::SleepFor(absl::Milliseconds(1100));
  s = Scrape();
  EXPECT_EQ(Value(s, "secd_open_modifications", {{"status", "SUBMITTED"}}), 0);
}

TEST_P(MetricsTest, UnknownPathIsNotFound) {
  EXPECT_THAT(HttpGet(server_->server().metrics_port(), "/nothing-here"), HasSubstr("404"));
}

SEC_INSTANTIATE_BACKENDS(MetricsTest);

}  // namespace
}  // namespace sec
