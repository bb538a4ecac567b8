// The real secd's /metrics as Prometheus reads it: promtool accepts it, and it carries the names
// and labels of go-grpc-prometheus that dashboards and alert rules assume, for every method from
// the start, with a cancelled stream and an oversized request counted under their codes.
#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/dispatch.h"
#include "support/process.h"
#include "support/scrape.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::FreePort;
using ::sec::testing::HttpBody;
using ::sec::testing::HttpGet;
using ::sec::testing::MakeTempDir;
using ::sec::testing::ParseExposition;
using ::sec::testing::ReadFileText;
using ::sec::testing::Sample;
using ::sec::testing::SecdProcess;
using ::sec::testing::Value;
using ::testing::HasSubstr;
using Labels = std::map<std::string, std::string>;

constexpr int kMaxMessageBytes = 64 << 10;

Labels Method(const std::string& type, const std::string& service, const std::string& method) {
  return {{"grpc_type", type}, {"grpc_service", service}, {"grpc_method", method}};
}
Labels WithCode(Labels labels, const std::string& code) {
  labels["grpc_code"] = code;
  return labels;
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("secd-metrics");
    metrics_port_ = FreePort();
    secd_ = std::make_unique<SecdProcess>(
        dir_, std::vector<std::string>{
                  "--database=sqlite:secd.db", "--log_format=json",
                  absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port_),
                  absl::StrCat("--max_message_bytes=", kMaxMessageBytes)});
    ASSERT_TRUE(secd_->running()) << secd_->log();
    token_ = std::string(absl::StripAsciiWhitespace(ReadFileText(dir_ + "/secd-admin.token")));
    stub_ = v1::RegisterService::NewStub(
        grpc::CreateChannel(secd_->address(), grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<grpc::ClientContext> Ctx() const {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + token_);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  }

  std::string ScrapeText() { return HttpBody(HttpGet(metrics_port_, "/metrics")); }

  // promtool's verdict on `text`: "" when it accepts it.
  std::string Promtool(const std::string& text) {
    const std::string path = dir_ + "/scrape.txt";
    std::ofstream(path) << text;
    testing::CommandResult r =
        testing::Run({"/bin/sh", "-c", "promtool check metrics < scrape.txt"}, dir_);
    return r.exit_code == 0 ? "" : absl::StrCat("exit ", r.exit_code, ": ", r.out, r.err);
  }

  std::string dir_;
  int metrics_port_ = 0;
  std::unique_ptr<SecdProcess> secd_;
  std::string token_;
  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

TEST_F(MetricsEndpointTest, PromtoolAcceptsTheScrapeWithEveryConventionalName) {
  const std::string text = ScrapeText();
  ASSERT_THAT(text, HasSubstr("grpc_server_started_total"));
  EXPECT_EQ(Promtool(text), "");
  const std::vector<Sample> s = ParseExposition(text);
  for (const char* name :
       {"grpc_server_started_total", "grpc_server_handled_total", "grpc_server_msg_received_total",
        "grpc_server_msg_sent_total", "grpc_server_handling_seconds_bucket",
        "grpc_server_handling_seconds_sum", "grpc_server_handling_seconds_count",
        "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
        "process_start_time_seconds", "secd_build_info"}) {
    EXPECT_NE(Value(s, name), -1) << name << " missing from\n" << text;
  }
  EXPECT_GT(Value(s, "process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(Value(s, "process_open_fds"), 2);
  // Started after 2020 and not in the future.
  EXPECT_GT(Value(s, "process_start_time_seconds"), 1.5e9);
  EXPECT_LT(Value(s, "process_start_time_seconds"), absl::ToUnixSeconds(absl::Now()) + 1);

  // The build's version and revision, the ones secd logs at its start.
  EXPECT_EQ(Value(s, "secd_build_info"), 1);
  std::string version, revision;
  for (const Sample& sample : s) {
    if (sample.name != "secd_build_info") continue;
    version = sample.labels.at("version");
    revision = sample.labels.at("revision");
  }
  EXPECT_FALSE(version.empty());
  EXPECT_FALSE(revision.empty());
  EXPECT_THAT(secd_->log(), HasSubstr(absl::StrCat("\"version\":\"", version, "\",\"revision\":\"",
                                                   revision, "\"")));
}

TEST_F(MetricsEndpointTest, EveryMethodHasZeroSeriesBeforeItsFirstCall) {
  const std::vector<Sample> s = ParseExposition(ScrapeText());
  int methods = 0;
  for (const std::string& name : service::ServedServiceNames()) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* m = service->method(i);
      const std::string type = m->server_streaming() ? "server_stream" : "unary";
      const Labels labels = Method(type, name, m->name());
      for (const char* series :
           {"grpc_server_started_total", "grpc_server_msg_received_total",
            "grpc_server_msg_sent_total", "grpc_server_handling_seconds_count"}) {
        EXPECT_EQ(Value(s, series, labels), 0) << series << " " << m->full_name() << " " << type;
      }
      for (const char* code : {"OK", "Canceled", "InvalidArgument", "ResourceExhausted"}) {
        EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(labels, code)), 0)
            << m->full_name() << " " << code;
      }
      ++methods;
    }
  }
  EXPECT_GT(methods, 30);
  // The health service is counted too (kubelet's probes).
  EXPECT_EQ(Value(s, "grpc_server_started_total",
                  Method("unary", "grpc.health.v1.Health", "Check")),
            0);
}

TEST_F(MetricsEndpointTest, CountsCallsMessagesCancelledStreamsAndOversizedRequests) {
  const std::string kRegister = "sec.v1.RegisterService";
  // A unary call that succeeds and one that finds nothing.
  v1::CreatePartyRequest create;
  create.set_party_id("british-gas");
  create.mutable_party()->set_display_name("British Gas");
  create.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  v1::Party party;
  grpc::Status st = stub_->CreateParty(Ctx().get(), create, &party);
  ASSERT_TRUE(st.ok()) << st.error_message();
  v1::GetModificationRequest get;
  get.set_name("modifications/SECMP0999");
  v1::Modification m;
  EXPECT_EQ(stub_->GetModification(Ctx().get(), get, &m).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A stream the client cancels once it has the one event there is.
  {
    auto ctx = Ctx();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::WatchEventsRequest watch;
    std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub_->WatchEvents(ctx.get(), watch);
    v1::Event e;
    ASSERT_TRUE(reader->Read(&e));
    ctx->TryCancel();
    while (reader->Read(&e)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }

  // A request over --max_message_bytes: refused before any handler.
  v1::CreatePartyRequest big = create;
  big.set_party_id("npower");
  big.mutable_party()->set_display_name(std::string(kMaxMessageBytes + 1, 'x'));
  EXPECT_EQ(stub_->CreateParty(Ctx().get(), big, &party).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // A stream's oversized request too (gRPC would answer a server stream's failed read with an
  // empty UNIMPLEMENTED).
  {
    auto ctx = Ctx();
    v1::WatchEventsRequest huge;
    huge.set_resource_prefix(std::string(kMaxMessageBytes + 1, 'm'));
    std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub_->WatchEvents(ctx.get(), huge);
    v1::Event e;
    EXPECT_FALSE(reader->Read(&e));
    grpc::Status refused = reader->Finish();
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(refused.error_message(), HasSubstr("--max_message_bytes"));
  }

  // The stream's end is counted when the server has finished it: wait for it.
  const Labels watch = Method("server_stream", kRegister, "WatchEvents");
  std::vector<Sample> s;
  for (int i = 0; i < 100; ++i) {
    s = ParseExposition(ScrapeText());
    if (Value(s, "grpc_server_handled_total", WithCode(watch, "Canceled")) >= 1) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(Value(s, "grpc_server_started_total", watch), 2);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(watch, "Canceled")), 1);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(watch, "ResourceExhausted")), 1);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(watch, "OK")), 0);
  EXPECT_EQ(Value(s, "grpc_server_msg_received_total", watch), 1);
  EXPECT_GE(Value(s, "grpc_server_msg_sent_total", watch), 1);
  EXPECT_EQ(Value(s, "grpc_server_handling_seconds_count", watch), 2);

  const Labels create_labels = Method("unary", kRegister, "CreateParty");
  EXPECT_EQ(Value(s, "grpc_server_started_total", create_labels), 2);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(create_labels, "OK")), 1);
  EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(create_labels, "ResourceExhausted")),
            1);
  EXPECT_EQ(Value(s, "grpc_server_msg_received_total", create_labels), 1);
  EXPECT_EQ(Value(s, "grpc_server_msg_sent_total", create_labels), 1);

  const Labels get_labels = Method("unary", kRegister, "GetModification");
  EXPECT_EQ(Value(s, "grpc_server_handled_total", WithCode(get_labels, "NotFound")), 1);
  EXPECT_EQ(Value(s, "grpc_server_msg_received_total", get_labels), 1);
  EXPECT_EQ(Value(s, "grpc_server_msg_sent_total", get_labels), 0);

  // The stream's end and the oversized request are in the log too.
  EXPECT_EQ(secd_->Stop(SIGTERM), 0);
  EXPECT_THAT(secd_->log(), HasSubstr("\"code\":\"RESOURCE_EXHAUSTED\""));
  EXPECT_THAT(secd_->log(), HasSubstr("--max_message_bytes"));
  EXPECT_THAT(secd_->log(),
              HasSubstr("\"method\":\"sec.v1.RegisterService/WatchEvents\",\"peer\""));
  EXPECT_THAT(secd_->log(), HasSubstr("\"code\":\"CANCELLED\""));
}

}  // namespace
}  // namespace sec
