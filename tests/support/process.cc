#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sec::testing {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = absl::StrCat("/tmp/", prefix, "XXXXXX");
  char* d = mkdtemp(tmpl.data());
  return d ? std::string(d) : "";
}

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
pid_t Spawn(const std::vector<std::string>& argv, const std::string& workdir,
            const std::vector<std::string>& env, const std::string& out_path,
            const std::string& err_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  // Die with the test: a crashed test must not leave secd holding ctest's output pipe.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (!workdir.empty() && chdir(workdir.c_str()) != 0) _exit(127);
  int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int in = open("/dev/null", O_RDONLY);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  for (const auto& e : env) putenv(strdup(e.c_str()));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}
}  // namespace

SecdProcess::SecdProcess(const std::string& workdir, std::vector<std::string> args,
                         std::vector<std::string> env)
    : workdir_(workdir), port_(FreePort()) {
  std::vector<std::string> argv = {absl::StrCat(SEC_BINARY_DIR, "/server/secd"),
                                   absl::StrCat("--listen=127.0.0.1:", port_)};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = Spawn(argv, workdir_, env, workdir_ + "/secd.out", workdir_ + "/secd.log");
  auto channel = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(20);
  while (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                    std::chrono::milliseconds(100))) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    if (std::chrono::system_clock::now() > deadline) return;
  }
}

SecdProcess::~SecdProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

std::string SecdProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

std::string SecdProcess::log() const { return ReadFileText(workdir_ + "/secd.log"); }

int SecdProcess::Stop(int sig) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int HealthStatus(const std::string& address, const std::string& service) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  std::string req;
  if (!service.empty()) {
    req.push_back(0x0a);
    req.push_back(static_cast<char>(service.size()));
    req += service;
  }
  grpc::Slice slice(req);
  grpc::ByteBuffer request(&slice, 1), response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::CompletionQueue cq;
  grpc::Status status;
  auto call = stub.PrepareUnaryCall(&ctx, "/grpc.health.v1.Health/Check", request, &cq);
  call->StartCall();
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag;
  bool ok;
  cq.Next(&tag, &ok);
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  response.Dump(&slices);
  std::string bytes;
  for (auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  // ServingStatus status = 1 (varint); absent means UNKNOWN (0). SERVING = 1, NOT_SERVING = 2.
  return bytes.size() >= 2 && bytes[0] == 0x08 ? bytes[1] : 0;
}

CommandResult Run(const std::vector<std::string>& argv, const std::string& workdir) {
  const std::string dir = MakeTempDir("secd-run-");
  pid_t pid = Spawn(argv, workdir, {}, dir + "/out", dir + "/err");
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFileText(dir + "/out");
  r.err = ReadFileText(dir + "/err");
  std::system(absl::StrCat("rm -rf ", dir).c_str());
  return r;
}

CommandResult Secctl(const std::string& server, const std::string& token_file,
                     std::vector<std::string> args) {
  std::vector<std::string> argv = {absl::StrCat(SEC_BINARY_DIR, "/client/secctl"),
                                   "--server", server};
  if (!token_file.empty()) {
    argv.push_back("--token-file");
    argv.push_back(token_file);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::string ImportReferenceData(const std::string& server, const std::string& token_file) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"import", absl::StrCat(SEC_SOURCE_DIR, "/data/reference")},
        {"credit", "import", "--dir", absl::StrCat(SEC_SOURCE_DIR, "/data/credit")}}) {
    CommandResult r = Secctl(server, token_file, args);
    if (r.exit_code != 0) return absl::StrCat("secctl ", absl::StrJoin(args, " "), ": ", r.err);
  }
  return "";
}

}  // namespace sec::testing
