// What a reflection client (buf curl, grpcurl, Postman) and a Kubernetes probe see of the real
// secd: every service it lists, Health included, is described in full through reflection v1
// and v1alpha; the plaintext health-only port answers health and nothing else; the `liveness`
// health name answers on both ports.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "support/process.h"

namespace sec::testing {
namespace {

namespace reflection = grpc::reflection::v1;
using ::testing::IsSupersetOf;

// Both versions speak the same messages (v1 is v1alpha renamed): v1's generated types serve
// for either path.
constexpr char kReflectionV1[] = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
constexpr char kReflectionV1Alpha[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

// One request on a fresh reflection stream at `method`; the call's status when it fails.
grpc::Status Ask(const std::string& address, const char* method,
                 const reflection::ServerReflectionRequest& request,
                 reflection::ServerReflectionResponse* response) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const grpc::internal::RpcMethod rpc(method, grpc::internal::RpcMethod::BIDI_STREAMING, channel);
  std::unique_ptr<grpc::ClientReaderWriter<reflection::ServerReflectionRequest,
                                           reflection::ServerReflectionResponse>>
      stream(grpc::internal::ClientReaderWriterFactory<
             reflection::ServerReflectionRequest,
             reflection::ServerReflectionResponse>::Create(channel.get(), rpc, &ctx));
  stream->Write(request);
  stream->WritesDone();
  const bool read = stream->Read(response);
  grpc::Status status = stream->Finish();
  if (status.ok() && !read) return {grpc::StatusCode::INTERNAL, "no response"};
  return status;
}

std::vector<std::string> ListServices(const std::string& address, const char* method) {
  reflection::ServerReflectionRequest req;
  req.set_list_services("");
  reflection::ServerReflectionResponse resp;
  grpc::Status s = Ask(address, method, req, &resp);
  EXPECT_TRUE(s.ok()) << method << ": " << s.error_code() << " " << s.error_message();
  std::vector<std::string> names;
  for (const auto& service : resp.list_services_response().service()) {
    names.push_back(service.name());
  }
  return names;
}

// Fetches the file declaring `service` (and its imports) through reflection and builds them
// into a fresh pool, as a reflection client does: nothing comes from this binary's own pool.
// Returns "" when the service and each method's request and response types resolve.
std::string DescribeService(const std::string& address, const char* method,
                            const std::string& service) {
  reflection::ServerReflectionRequest req;
  req.set_file_containing_symbol(service);
  reflection::ServerReflectionResponse resp;
  grpc::Status s = Ask(address, method, req, &resp);
  if (!s.ok()) return absl::StrCat("call failed: ", s.error_code(), " ", s.error_message());
  if (resp.has_error_response()) {
    return absl::StrCat("error ", resp.error_response().error_code(), ": ",
                        resp.error_response().error_message());
  }
  std::map<std::string, google::protobuf::FileDescriptorProto> files;
  for (const std::string& bytes : resp.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) return "a file descriptor does not parse";
    files[file.name()] = file;
  }
  google::protobuf::DescriptorPool pool;
  // Imports first: build whatever has all its dependencies built, until nothing is left.
  for (bool progress = true; progress && !files.empty();) {
    progress = false;
    for (auto it = files.begin(); it != files.end();) {
      bool ready = true;
      for (const std::string& dep : it->second.dependency()) {
        ready = ready && pool.FindFileByName(dep) != nullptr;
      }
      if (!ready) {
        ++it;
        continue;
      }
      if (pool.BuildFile(it->second) == nullptr) return absl::StrCat(it->first, " does not build");
      it = files.erase(it);
      progress = true;
    }
  }
  if (!files.empty()) return absl::StrCat(files.begin()->first, " lacks an import");
  const google::protobuf::ServiceDescriptor* d = pool.FindServiceByName(service);
  if (d == nullptr) return "the service is not in the files served";
  if (d->method_count() == 0) return "the service has no methods";
  for (int i = 0; i < d->method_count(); ++i) {
    if (d->method(i)->input_type() == nullptr || d->method(i)->output_type() == nullptr) {
      return absl::StrCat(d->method(i)->full_name(), " does not resolve");
    }
  }
  return "";
}

class HealthReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("secd-it-reflect-");
    health_ = absl::StrCat("127.0.0.1:", FreePort());
    secd_ = std::make_unique<SecdProcess>(
        dir_, std::vector<std::string>{"--health_listen=" + health_, "--metrics_listen="});
    ASSERT_TRUE(secd_->running()) << secd_->log();
  }
  void TearDown() override {
    if (secd_) {
      EXPECT_EQ(secd_->Stop(SIGTERM), 0);
    }
  }

  std::string dir_;
  std::string health_;
  std::unique_ptr<SecdProcess> secd_;
};

TEST_F(HealthReflectionTest, EveryListedServiceHealthIncludedIsDescribedByBothVersions) {
  for (const char* method : {kReflectionV1, kReflectionV1Alpha}) {
    SCOPED_TRACE(method);
    const std::vector<std::string> services = ListServices(secd_->address(), method);
    EXPECT_THAT(services, IsSupersetOf({"grpc.health.v1.Health", "sec.v1.RegisterService",
                                        "sec.v1.GovernanceService", "sec.v1.CreditCoverService",
                                        "sec.v1.ReleaseService", "sec.v1.LegalTextService",
                                        "sec.v1.DocumentService",
                                        "grpc.reflection.v1.ServerReflection",
                                        "grpc.reflection.v1alpha.ServerReflection"}));
    for (const std::string& service : services) {
      EXPECT_EQ(DescribeService(secd_->address(), method, service), "") << service;
    }
  }
}

TEST_F(HealthReflectionTest, HealthOnlyPortAnswersReflectionUnimplemented) {
  EXPECT_EQ(HealthStatus(health_, ""), 1);
  for (const char* method : {kReflectionV1, kReflectionV1Alpha}) {
    reflection::ServerReflectionRequest req;
    req.set_list_services("");
    reflection::ServerReflectionResponse resp;
    grpc::Status s = Ask(health_, method, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED)
        << method << " answered " << resp.ShortDebugString();
  }
  // The main port still serves it.
  reflection::ServerReflectionRequest req;
  req.set_list_services("");
  reflection::ServerReflectionResponse resp;
  EXPECT_TRUE(Ask(secd_->address(), kReflectionV1Alpha, req, &resp).ok());
}

TEST_F(HealthReflectionTest, LivenessAndReadinessAnswerOnBothPorts) {
  for (const std::string& address : {secd_->address(), health_}) {
    SCOPED_TRACE(address);
    EXPECT_EQ(HealthStatus(address, "liveness"), 1);
    EXPECT_EQ(HealthStatus(address, ""), 1);
    EXPECT_EQ(HealthStatus(address, "sec.v1.GovernanceService"), 1);
  }
}

}  // namespace
}  // namespace sec::testing
