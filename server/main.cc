// secd: the SEC governance service. Flags, wiring, health, reflection, signals; nothing else.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "admin_commands.h"
#include "secd/version.h"
#include "server_options.h"
#include "service/auth.h"
#include "service/log.h"
#include "service/read_cache.h"
#include "service/services.h"
#include "storage/open/open_store.h"

using sec::service::Log;

namespace {

std::string ReadFileOrDie(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) {
    Log("ERROR", absl::StrCat("cannot read ", what), {{"path", path}});
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The embedded store belongs to one secd: the read cache (service/read_cache.h) sees only this
// process's writes. A second secd on the same file stops here, with a message, instead of
// serving stale reads. The lock goes with the process (also on kill -9).
void LockEmbeddedStoreOrDie(const std::string& database) {
  if (!absl::StartsWith(database, "sqlite:")) return;
  const std::string lock_path = absl::StrCat(database.substr(strlen("sqlite:")), ".lock");
  const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
    Log("ERROR", "the embedded store is in use by another secd (or its lock file cannot be made)",
        {{"lock_file", lock_path}, {"error", strerror(errno)}});
    std::exit(1);
  }
  // The descriptor stays open until the process ends.
}

// Creates `path` for writing, readable only by this user, refusing an existing file or a link
// (a secret is never written through a link someone else placed there).
int CreatePrivateFile(const std::string& path) {
  return open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
}

bool WriteAll(int fd, const std::string& text) {
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return close(fd) == 0 && ok;
}

// First start on the embedded store without a tokens file: make an admin (SECAS) token, keep
// only its hash in the tokens file, and put the token itself in a file only this user can read.
std::string BootstrapTokens(const std::string& tokens_path, const std::string& admin_token_path,
                            bool json_log) {
  std::ifstream existing(tokens_path);
  if (existing) return tokens_path;
  const std::string token = sec::service::NewToken();
  // SECAS records the Panel's outcomes (SPEC 1), so the first operator can load the register.
  sec::Principal admin("admin", {sec::Role::kSecas, sec::Role::kPanel});
  // The token first: if it cannot be written, no tokens file names a token nobody holds.
  const int token_fd = CreatePrivateFile(admin_token_path);
  if (token_fd < 0 || !WriteAll(token_fd, token + "\n")) {
    Log("ERROR", "cannot create the admin token file (it must not exist yet, nor be a link)",
        {{"path", admin_token_path}, {"error", strerror(errno)}});
    std::exit(2);
  }
  const int tokens_fd = CreatePrivateFile(tokens_path);
  if (tokens_fd < 0 ||
      !WriteAll(tokens_fd, "# secd tokens: sha256(token) name roles [party=ID] [group=CATEGORY]. "
                           "Add a line per principal; SIGHUP reloads.\n" +
                               sec::service::TokensFileLine(token, admin) + "\n")) {
    unlink(admin_token_path.c_str());
    Log("ERROR", "cannot write tokens file", {{"path", tokens_path}, {"error", strerror(errno)}});
    std::exit(2);
  }
  Log("INFO", "created an admin token (SECAS, PANEL); use it with secctl --token-file",
      {{"admin_token_file", admin_token_path}, {"tokens_file", tokens_path}});
  // A note for the person at the terminal; a JSON log stays one object per line.
  if (!json_log) {
    std::cerr << "\n  secd: admin token written to " << admin_token_path
              << " (readable only by you)\n  try: secctl --token-file " << admin_token_path
              << " parties list\n\n";
  }
  return tokens_path;
}

bool IsEmbedded(const std::string& database) { return absl::StartsWith(database, "sqlite:"); }

absl::StatusOr<sec::service::Authenticator> LoadTokensFile(const std::string& path) {
  absl::StatusOr<sec::service::Authenticator> auth =
      sec::service::Authenticator::FromFile(path);
  if (!auth.ok()) {
    Log("ERROR", "bad tokens file", {{"error", std::string(auth.status().message())}});
  }
  return auth;
}

// The first retry after the database could not be reached at start, and the longest wait
// between tries (each failed try doubles the wait).
constexpr absl::Duration kFirstRetry = absl::Milliseconds(250);
constexpr absl::Duration kLongestRetry = absl::Seconds(5);

struct OpenedStore {
  std::unique_ptr<sec::storage::Store> store;
  std::vector<int> applied;  // the migrations this start applied
  // Holds the ports while secd waited for the database; null when it did not wait.
  std::unique_ptr<sec::service::StandbyServer> standby;
};

absl::StatusOr<OpenedStore> OpenAndMigrate(const sec::server::Options& opts,
                                           const std::string& password) {
  OpenedStore out;
  absl::StatusOr<std::unique_ptr<sec::storage::Store>> store =
      sec::storage::OpenStore(opts.database, password, opts.store);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::vector<int>> applied = (*store)->Migrate();
  if (!applied.ok()) {
    return absl::Status(applied.status().code(),
                        absl::StrCat("migrations failed: ", applied.status().message()));
  }
  out.store = *std::move(store);
  out.applied = *std::move(applied);
  return out;
}

// Only a network database that cannot be reached is waited for: a bad URL, credentials the
// server refuses, a failing migration or an embedded file that cannot be opened are mistakes
// to fix, and fail the start.
bool WorthWaitingFor(const std::string& database, const absl::Status& s) {
  return absl::StartsWith(database, "mysql://") && absl::IsUnavailable(s);
}

// Waits `d`; true when SIGTERM or SIGINT came first. SIGHUP has nothing to reload yet.
bool StopRequestedWithin(const sigset_t& signals, absl::Duration d) {
  const absl::Time until = absl::Now() + d;
  for (absl::Duration left = d; left > absl::ZeroDuration(); left = until - absl::Now()) {
    const timespec ts = absl::ToTimespec(left);
    const int sig = sigtimedwait(&signals, nullptr, &ts);
    if (sig == SIGTERM || sig == SIGINT) return true;
    if (sig < 0 && errno == EAGAIN) return false;
  }
  return false;
}

// Opens the store and applies the migrations. While the database cannot be reached, tries again
// with a growing wait, logging each failed try and its reason; with `serve_health`, a standby
// server meanwhile answers health (liveness SERVING, readiness NOT_SERVING) and refuses calls
// UNAVAILABLE. CANCELLED when SIGTERM or SIGINT ends the wait.
absl::StatusOr<OpenedStore> OpenWaitingForDatabase(const sec::server::Options& opts,
                                                   const std::string& password,
                                                   const sigset_t& signals, bool serve_health) {
  absl::StatusOr<OpenedStore> opened = OpenAndMigrate(opts, password);
  std::unique_ptr<sec::service::StandbyServer> standby;
  absl::Duration wait = kFirstRetry;
  for (int attempt = 1; !opened.ok() && WorthWaitingFor(opts.database, opened.status());
       ++attempt) {
    if (serve_health && !standby) {
      absl::StatusOr<std::unique_ptr<sec::service::StandbyServer>> s =
          sec::service::StandbyServer::Start(opts.server);
      if (!s.ok()) return s.status();
      standby = *std::move(s);
    }
    Log("WARN", "database unreachable; waiting for it (NOT_SERVING) and trying again",
        {{"error", std::string(opened.status().message())},
         {"attempt", attempt},
         {"retry_in_ms", absl::ToInt64Milliseconds(wait)}});
    if (StopRequestedWithin(signals, wait)) {
      return absl::CancelledError("stopped while waiting for the database");
    }
    wait = std::min(wait * 2, kLongestRetry);
    opened = OpenAndMigrate(opts, password);
  }
  if (opened.ok()) {
    if (standby) Log("INFO", "database reachable; starting to serve");
    opened->standby = std::move(standby);
  }
  return opened;
}

// SIGHUP: the tokens file and the TLS files again. A file that cannot be read or is not valid
// keeps what is in use, and says so; secd carries on either way.
void Reload(const std::string& tokens_file, sec::service::Principals& principals,
            sec::service::Server& server) {
  absl::StatusOr<sec::service::Authenticator> next =
      sec::service::Authenticator::FromFile(tokens_file);
  if (next.ok()) {
    const size_t n = next->size();
    principals.Replace(*std::move(next));
    Log("INFO", "tokens file reloaded", {{"path", tokens_file}, {"principals", n}});
  } else {
    Log("ERROR", "tokens file not reloaded; the principals loaded before still hold",
        {{"path", tokens_file}, {"error", std::string(next.status().message())}});
  }
  if (absl::Status s = server.ReloadTls(); s.ok()) {
    Log("INFO", "TLS files checked; new connections use them within a second");
  } else {
    Log("ERROR", "TLS files not reloaded; the certificates in use still hold",
        {{"error", std::string(s.message())}});
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil is built with Mutex deadlock detection on: every lock, gRPC's included,
  // updated a global lock-order graph (about 40 locks per unary call). The tests keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "secd [flags]                 serve\n"
      "  secd migrate [flags]         apply the schema migrations and exit (for deploy jobs)\n"
      "  secd tokens add NAME ROLES [PARTY] [group=CATEGORY]\n"
      "                               append a new principal to --tokens_file and print its\n"
      "                               token once (ROLES comma-separated, e.g. SECAS,PANEL)\n"
      "  secd backup FILE             copy the embedded store to FILE (new, mode 0600) while\n"
      "                               secd serves; for MySQL it prints the mariadb-dump recipe\n\n"
      "The SEC governance service: RegisterService, GovernanceService and CreditCoverService\n"
      "over gRPC. Every flag can also be set as an environment variable SECD_<FLAG NAME IN\n"
      "UPPER CASE>, e.g. SECD_LISTEN=0.0.0.0:50051. A MySQL database that cannot be reached at\n"
      "start is waited for (health: liveness SERVING, readiness NOT_SERVING).");
  // --help lists secd's own flags (defined in server_options.cc), not Abseil's or gRPC's.
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "server_options.cc") || absl::EndsWith(file, "main.cc");
  };
  usage.version_string = [] {
    return std::string("secd " SECD_VERSION " (revision " SECD_REVISION ", " SECD_BUILD_TYPE
                       " build)\n");
  };
  absl::SetFlagsUsageConfig(usage);
  sec::server::ApplyEnvironmentToFlags();
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::vector<std::string> words(args.begin() + 1, args.end());
  const std::string command = words.empty() ? "" : words[0];
  const std::vector<std::string> command_args(words.begin() + (words.empty() ? 0 : 1),
                                              words.end());
  const bool migrate_only = command == "migrate";
  const bool known = command.empty() || migrate_only || command == "tokens" || command == "backup";
  if (!known || (migrate_only && !command_args.empty())) {
    std::cerr << "secd: unexpected argument \"" << words.back() << "\"; see secd --help\n";
    return 2;
  }
  sec::server::Options opts = sec::server::OptionsFromFlags();
  // Everything secd creates (the store, its WAL, tokens, backups) is for its own user alone.
  ::umask(077);
  if (command == "tokens") {
    return sec::server::TokensCommand(command_args,
                                      opts.tokens_file.empty() ? "secd-tokens" : opts.tokens_file);
  }
  if (command == "backup") return sec::server::BackupCommand(command_args, opts.database);
  sec::service::ConfigureLogging(
      opts.log_format_json ? sec::service::LogFormat::kJson : sec::service::LogFormat::kText,
      opts.log_level);

  // Signals are handled by one thread with sigwait; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string password = opts.database_password;
  if (!opts.database_password_file.empty()) {
    password = std::string(absl::StripTrailingAsciiWhitespace(
        ReadFileOrDie(opts.database_password_file, "database password file")));
  }
  Log("INFO", "starting", {{"version", SECD_VERSION}, {"revision", SECD_REVISION}, {"database", opts.database}});
  LockEmbeddedStoreOrDie(opts.database);
  // Configuration is checked before the database is waited for: a mistake fails now.
  std::string tokens_file = opts.tokens_file;
  absl::StatusOr<sec::service::Authenticator> auth = absl::NotFoundError("no tokens file yet");
  if (!migrate_only) {
    if (tokens_file.empty() && !IsEmbedded(opts.database)) {
      Log("ERROR", "--tokens_file is required with a MySQL store");
      return 2;
    }
    if (!tokens_file.empty() && !(auth = LoadTokensFile(tokens_file)).ok()) return 2;
  }
  absl::StatusOr<OpenedStore> opened =
      OpenWaitingForDatabase(opts, password, signals, /*serve_health=*/!migrate_only);
  if (absl::IsCancelled(opened.status())) {
    Log("INFO", "stopped while waiting for the database");
    return 0;
  }
  if (!opened.ok()) {
    Log("ERROR", "cannot open the database", {{"error", std::string(opened.status().message())}});
    return 1;
  }
  std::unique_ptr<sec::storage::Store> store = std::move(opened->store);
  Log("INFO", "migrations applied",
      {{"backend", store->dialect().name}, {"applied", opened->applied.size()}});
  if (migrate_only) return 0;

  if (tokens_file.empty()) {
    tokens_file = BootstrapTokens("secd-tokens", opts.admin_token_file, opts.log_format_json);
    if (!(auth = LoadTokensFile(tokens_file)).ok()) return 2;
  }
  sec::service::Principals principals(*std::move(auth));

  sec::service::ServiceEnv env;
  env.store = store.get();
  env.principals = &principals;
  std::shared_ptr<sec::service::ReadCache> read_cache =
      sec::service::ReadCacheFor(*store, static_cast<size_t>(opts.read_cache_mb) << 20);
  env.read_cache = read_cache.get();

  // The standby server, if the database kept secd waiting, hands its ports over now.
  if (opened->standby) {
    opts.server = opened->standby->Resolved(opts.server);
    opened->standby->Stop();
  }
  absl::StatusOr<std::unique_ptr<sec::service::Server>> server =
      sec::service::StartServer(env, opts.server);
  if (!server.ok()) {
    Log("ERROR", "cannot start the server", {{"error", std::string(server.status().message())}});
    return 1;
  }
  Log("INFO", "serving", {{"listen", opts.server.listen},
                          {"port", (*server)->port()},
                          {"tls", opts.server.tls_cert_file.empty()          ? "off"
                                  : opts.server.tls_client_ca_file.empty() ? "on"
                                                                           : "mutual"},
                          {"metrics_port", (*server)->metrics_port()},
                          {"principals", principals.size()}});

  int sig = 0;
  while (sigwait(&signals, &sig) == 0 && sig == SIGHUP) Reload(tokens_file, principals, **server);
  Log("INFO", "draining", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"},
                           {"deadline_s", opts.drain_seconds}});
  (*server)->Drain(absl::Seconds(opts.drain_seconds));
  Log("INFO", "stopped");
  return 0;
}
