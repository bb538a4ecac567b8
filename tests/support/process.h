#ifndef SEC_TESTS_SUPPORT_PROCESS_H_
#define SEC_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace sec::testing {

// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
int FreePort();

// The real secd binary, started in its own working directory on a free port.
class SecdProcess {
 public:
  // `args` are extra flags; --listen is added. Waits until the port accepts gRPC calls.
  SecdProcess(const std::string& workdir, std::vector<std::string> args,
              std::vector<std::string> env = {});
  ~SecdProcess();
  SecdProcess(const SecdProcess&) = delete;

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const;
  const std::string& workdir() const { return workdir_; }
  std::string log() const;  // what secd wrote to stderr
  // Sends `sig` and waits; returns the exit status (or 128 + signal).
  int Stop(int sig);

 private:
  std::string workdir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a program with arguments (no shell), capturing stdout and stderr.
CommandResult Run(const std::vector<std::string>& argv, const std::string& workdir = "");
// Runs the built secctl against `server` with `token_file`.
CommandResult Secctl(const std::string& server, const std::string& token_file,
                     std::vector<std::string> args);
// The reference data (data/reference: register, governance, credit) and the credit population
// (data/credit) imported through secctl, as an operator loads them; "" or what failed.
std::string ImportReferenceData(const std::string& server, const std::string& token_file);
std::string MakeTempDir(const std::string& prefix);
// grpc.health.v1.Health/Check with a generic stub (no generated code needed): 1 SERVING,
// 2 NOT_SERVING, 0 UNKNOWN, -1 when the call itself failed. `service` "" is the whole server.
int HealthStatus(const std::string& address, const std::string& service = "");
std::string ReadFileText(const std::string& path);

}  // namespace sec::testing

#endif  // SEC_TESTS_SUPPORT_PROCESS_H_
