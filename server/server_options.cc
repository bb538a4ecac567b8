#include "server_options.h"

#include <cstdlib>
#include <iostream>
#include <optional>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "service/log.h"
#include "service/read_cache.h"
#include "storage/store.h"

ABSL_FLAG(std::string, listen, "0.0.0.0:50051", "gRPC listen address host:port");
ABSL_FLAG(std::string, database, "sqlite:secd.db",
          "sqlite:PATH (embedded, default) or mysql://USER@HOST:PORT/DB, optionally with TLS: "
          "?ssl_ca=PEM&ssl_mode=VERIFY_IDENTITY (modes DISABLED, PREFERRED, REQUIRED, VERIFY_CA, "
          "VERIFY_IDENTITY; also ssl_cert=PEM&ssl_key=PEM); the MySQL password comes from "
          "SECD_DATABASE_PASSWORD or --database_password_file");
ABSL_FLAG(std::string, database_password_file, "", "file holding the MySQL password");
ABSL_FLAG(std::string, tokens_file, "",
          "tokens file (sha256-of-token name roles [party] per line); default on the embedded "
          "store: ./secd-tokens, created with an admin token on first start");
ABSL_FLAG(std::string, admin_token_file, "secd-admin.token",
          "where the first start writes the generated admin token (mode 0600)");
ABSL_FLAG(std::string, tls_cert, "", "server certificate (PEM); with --tls_key enables TLS");
ABSL_FLAG(std::string, tls_key, "", "server private key (PEM)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "CA (PEM) for client certificates; when set, mutual TLS is required");
ABSL_FLAG(std::string, log_format, "text", "text or json");
ABSL_FLAG(std::string, log_level, "info",
          "least severe log line written: debug, info, warning or error (gRPC's own lines too)");
ABSL_FLAG(int, drain_seconds, 10, "on SIGTERM/SIGINT: seconds to let calls finish");
ABSL_FLAG(int, max_message_bytes, 4 << 20, "largest request or response message");
ABSL_FLAG(int, max_concurrent_streams, 100, "concurrent calls per client connection");
ABSL_FLAG(int, max_deadline_seconds, 60,
          "deadline cap: the server stops working on a call (other than WatchEvents) this long "
          "after it started, even when the client's deadline is later");
ABSL_FLAG(std::string, health_listen, "",
          "optional plaintext listener serving only grpc.health.v1 (for Kubernetes gRPC probes "
          "when --tls_cert is set), e.g. 0.0.0.0:8081; empty: none");
ABSL_FLAG(int, write_batch, sec::storage::StoreOptions().max_batch,
          "group commit: writes arriving while another commits share the next transaction and "
          "its flush, at most this many (a refused one is still undone alone); 1: every write "
          "its own transaction");
ABSL_FLAG(int, read_cache_mb, sec::service::kDefaultReadCacheMb,
          "memory for GetModification and ListModifications responses, kept until a history "
          "event changes them (this replica's writes at once, other replicas' within "
          "--event_poll_ms); 0 turns the cache off");
ABSL_FLAG(int, event_poll_ms, absl::ToInt64Milliseconds(sec::service::ServerOptions().event_poll),
          "how often the history is read for other replicas' writes (WatchEvents streams; on "
          "MySQL with the read cache, the bound on how stale a cached read may be)");
ABSL_FLAG(int, max_streams_per_principal, sec::service::ServerOptions().max_streams_per_principal,
          "WatchEvents streams one principal may hold open at once; the next is refused "
          "(RESOURCE_EXHAUSTED)");
ABSL_FLAG(std::string, metrics_listen, "0.0.0.0:9090",
          "Prometheus metrics address host:port (GET /metrics); empty disables");

namespace sec::server {

void ApplyEnvironmentToFlags() {
  for (const char* name :
       {"listen", "database", "database_password_file", "tokens_file", "admin_token_file",
        "tls_cert", "tls_key", "tls_client_ca", "log_format", "log_level", "drain_seconds",
        "max_message_bytes", "max_concurrent_streams", "max_deadline_seconds",
        "metrics_listen", "health_listen", "write_batch", "read_cache_mb",
        "event_poll_ms", "max_streams_per_principal"}) {
    const std::string env = "SECD_" + absl::AsciiStrToUpper(name);
    const char* value = std::getenv(env.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::string error;
    if (flag == nullptr || !flag->ParseFrom(value, &error)) {
      std::cerr << "secd: bad " << env << ": " << error << "\n";
      std::exit(2);
    }
  }
}

Options OptionsFromFlags() {
  Options o;
  o.server.listen = absl::GetFlag(FLAGS_listen);
  o.server.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  o.server.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  o.server.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  o.server.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  o.server.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  const int max_deadline = absl::GetFlag(FLAGS_max_deadline_seconds);
  if (max_deadline <= 0) {
    std::cerr << "secd: --max_deadline_seconds must be positive\n";
    std::exit(2);
  }
  o.server.max_deadline = absl::Seconds(max_deadline);
  o.server.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  o.server.max_streams_per_principal = absl::GetFlag(FLAGS_max_streams_per_principal);
  if (o.server.max_streams_per_principal < 1) {
    std::cerr << "secd: --max_streams_per_principal must be at least 1\n";
    std::exit(2);
  }
  const int poll_ms = absl::GetFlag(FLAGS_event_poll_ms);
  if (poll_ms < 1 || poll_ms > 60000) {
    std::cerr << "secd: --event_poll_ms must be 1 to 60000\n";
    std::exit(2);
  }
  o.server.event_poll = absl::Milliseconds(poll_ms);
  o.server.health_listen = absl::GetFlag(FLAGS_health_listen);
  o.database = absl::GetFlag(FLAGS_database);
  o.store.max_batch = absl::GetFlag(FLAGS_write_batch);
  if (o.store.max_batch < 1) {
    std::cerr << "secd: --write_batch must be 1 (no group commit) or more\n";
    std::exit(2);
  }
  o.read_cache_mb = absl::GetFlag(FLAGS_read_cache_mb);
  if (o.read_cache_mb < 0) {
    std::cerr << "secd: --read_cache_mb must be 0 (off) or more\n";
    std::exit(2);
  }
  if (const char* pw = std::getenv("SECD_DATABASE_PASSWORD")) o.database_password = pw;
  o.database_password_file = absl::GetFlag(FLAGS_database_password_file);
  o.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  o.admin_token_file = absl::GetFlag(FLAGS_admin_token_file);
  const std::string fmt = absl::GetFlag(FLAGS_log_format);
  if (fmt != "text" && fmt != "json") {
    std::cerr << "secd: --log_format must be text or json\n";
    std::exit(2);
  }
  o.log_format_json = fmt == "json";
  const std::optional<service::LogLevel> level =
      service::ParseLogLevel(absl::GetFlag(FLAGS_log_level));
  if (!level.has_value()) {
    std::cerr << "secd: --log_level must be debug, info, warning or error\n";
    std::exit(2);
  }
  o.log_level = *level;
  o.drain_seconds = absl::GetFlag(FLAGS_drain_seconds);
  return o;
}

}  // namespace sec::server
