// The reference server: the physical limit of this machine for secd's traffic. It exposes the
// same methods (sec.v1.RegisterService GetModification, ListModifications, CreateModification)
// on the same server setup as secd (the synchronous gRPC server with its default thread
// handling, health and reflection switched on, the same channel arguments: see
// server/service/services.cc), and answers each call with a canned response captured from secd
// (loadgen --mode=capture), so the bytes on the wire are the same size. It does no work beyond
// what every server must: it checks that the call carries `authorization: Bearer <token>` with
// the expected token by plain string comparison (secd hashes it and looks the hash up), so an
// unauthenticated call costs both servers a refusal.
//
// It answers with the canned bytes as they are, through secd's call interceptor
// (service/call_interceptor.h), as secd does on a read cache hit: nothing is copied or serialized
// per call, the cheapest answer there is. With --nostored_bytes each call copies the canned
// message into the response, which gRPC then serializes, as a handler does.
//
//   ref_server --listen=127.0.0.1:0 --canned_dir=DIR --token_file=FILE [--nostored_bytes]
// prints "port N" on stdout once serving.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/call_interceptor.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "host:port");
ABSL_FLAG(std::string, canned_dir, "", "directory with get.bin, list.bin, create.bin");
ABSL_FLAG(std::string, token_file, "", "file holding the bearer token calls must carry");
ABSL_FLAG(int, max_message_bytes, 4 << 20, "as secd's --max_message_bytes");
ABSL_FLAG(int, max_concurrent_streams, 100, "as secd's --max_concurrent_streams");
ABSL_FLAG(int, max_pollers, 32, "idle server threads per completion queue, as secd's StartServer");
ABSL_FLAG(bool, stored_bytes, true,
          "send the canned responses' bytes as stored; false: copy the canned message into each "
          "response (and gRPC serializes it)");

namespace sec::bench {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "ref_server: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename M>
M Load(const std::string& path) {
  M m;
  if (!m.ParseFromString(ReadAll(path))) {
    std::fprintf(stderr, "ref_server: %s is not a %s\n", path.c_str(),
                 m.GetDescriptor()->full_name().c_str());
    std::exit(2);
  }
  return m;
}

class RefRegister final : public v1::RegisterService::Service {
 public:
  RefRegister(const std::string& dir, std::string bearer, bool stored_bytes)
      : bearer_(std::move(bearer)),
        stored_bytes_(stored_bytes),
        get_(Load<v1::Modification>(dir + "/get.bin")),
        list_(Load<v1::ListModificationsResponse>(dir + "/list.bin")),
        create_(Load<v1::Modification>(dir + "/create.bin")),
        get_bytes_(Serialized(get_)),
        list_bytes_(Serialized(list_)),
        create_bytes_(Serialized(create_)) {}

  grpc::Status GetModification(grpc::ServerContext* ctx, const v1::GetModificationRequest*,
                               v1::Modification* resp) override {
    return Answer(*ctx, get_, get_bytes_, resp);
  }
  grpc::Status ListModifications(grpc::ServerContext* ctx, const v1::ListModificationsRequest*,
                                 v1::ListModificationsResponse* resp) override {
    return Answer(*ctx, list_, list_bytes_, resp);
  }
  grpc::Status CreateModification(grpc::ServerContext* ctx, const v1::CreateModificationRequest*,
                                  v1::Modification* resp) override {
    return Answer(*ctx, create_, create_bytes_, resp);
  }

 private:
  template <typename M>
  grpc::Status Answer(const grpc::ServerContext& ctx, const M& canned,
                      const grpc::ByteBuffer& bytes, M* resp) const {
    if (!Authorized(ctx)) return Unauthenticated();
    if (stored_bytes_) {
      service::SendSerializedResponse(&ctx, bytes);
    } else {
      *resp = canned;
    }
    return grpc::Status::OK;
  }
  static grpc::ByteBuffer Serialized(const google::protobuf::Message& m) {
    grpc::Slice slice(m.SerializeAsString());
    return grpc::ByteBuffer(&slice, 1);
  }
  bool Authorized(const grpc::ServerContext& ctx) const {
    auto it = ctx.client_metadata().find("authorization");
    return it != ctx.client_metadata().end() &&
           absl::string_view(it->second.data(), it->second.size()) == bearer_;
  }
  static grpc::Status Unauthenticated() {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "bad token");
  }

  const std::string bearer_;
  const bool stored_bytes_;
  const v1::Modification get_;
  const v1::ListModificationsResponse list_;
  const v1::Modification create_;
  const grpc::ByteBuffer get_bytes_;
  const grpc::ByteBuffer list_bytes_;
  const grpc::ByteBuffer create_bytes_;
};

int Run() {
  // As secd's main does: Debian's Abseil is built with Mutex deadlock detection on, which
  // gRPC's own locks pay for on every call.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::string token(absl::StripAsciiWhitespace(ReadAll(absl::GetFlag(FLAGS_token_file))));
  const bool stored_bytes = absl::GetFlag(FLAGS_stored_bytes);
  RefRegister service(absl::GetFlag(FLAGS_canned_dir), absl::StrCat("Bearer ", token),
                      stored_bytes);
  // The same builder calls as secd's StartServer, minus the services secd has and we do not.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(absl::GetFlag(FLAGS_max_message_bytes));
  builder.SetMaxSendMessageSize(absl::GetFlag(FLAGS_max_message_bytes));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             absl::GetFlag(FLAGS_max_concurrent_streams));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              absl::GetFlag(FLAGS_max_pollers));
  if (stored_bytes) {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(std::make_unique<service::CallInterceptorFactory>());
    builder.experimental().SetInterceptorCreators(std::move(creators));
  }
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::fprintf(stderr, "ref_server: cannot listen on %s\n", absl::GetFlag(FLAGS_listen).c_str());
    return 1;
  }
  std::printf("port %d\n", port);
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}

}  // namespace
}  // namespace sec::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return sec::bench::Run();
}
