#include "service/services.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>

#include <algorithm>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/call_interceptor.h"
#include "service/dispatch.h"
#include "service/event_feed.h"
#include "service/log.h"
#include "service/metrics.h"
#include "service/read_cache.h"
#include "service/reflection.h"
#include "service/tls.h"

namespace sec::service {
namespace {

// Idle gRPC server threads kept per completion queue (see StartServer).
constexpr int kIdleServerThreads = 32;

// Portfolio runs kept with the read cache: a few dates and policies at a time (10,000 parties
// are ~4 MB).
constexpr size_t kPortfolioRunsKept = 4;

// Sets what `server`'s health service reports: liveness SERVING always; the whole server and
// each sec.v1 service `ready`.
void ReportHealth(grpc::Server* server, bool ready) {
  grpc::HealthCheckServiceInterface* health = server ? server->GetHealthCheckService() : nullptr;
  if (!health) return;
  // By name: the overload without one would set every name, liveness included.
  health->SetServingStatus("", ready);
  health->SetServingStatus(kLivenessService, true);
  for (const auto& name : ServedServiceNames()) health->SetServingStatus(name, ready);
}

// The listening credentials: TLS when configured (its files loaded into `tls`), else none.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(
    const ServerOptions& options, std::unique_ptr<TlsFiles>* tls) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both --tls_cert and --tls_key");
  }
  absl::StatusOr<std::unique_ptr<TlsFiles>> files =
      TlsFiles::Load(options.tls_cert_file, options.tls_key_file, options.tls_client_ca_file);
  if (!files.ok()) return files.status();
  *tls = *std::move(files);
  return (*tls)->Credentials();
}

// The plaintext health-only listener: the default health service and nothing else (no
// reflection, no API), so it needs no credentials. None when `listen` is empty (not asked for).
absl::StatusOr<std::unique_ptr<grpc::Server>> StartHealthOnly(const std::string& listen,
                                                              int* port) {
  if (listen.empty()) return nullptr;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder health;
  health.SetOption(WithoutReflection());
  health.AddListeningPort(listen, grpc::InsecureServerCredentials(), port);
  std::unique_ptr<grpc::Server> server = health.BuildAndStart();
  if (!server || *port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen for health checks on ", listen));
  }
  return server;
}

// "host:port" with `port` in place of the port written.
std::string WithPort(const std::string& listen, int port) {
  const size_t colon = listen.rfind(':');
  return absl::StrCat(listen.substr(0, colon == std::string::npos ? listen.size() : colon), ":",
                      port);
}

}  // namespace

const std::vector<std::string>& ServiceNames() { return ServedServiceNames(); }

int Server::metrics_port() const { return metrics_ ? metrics_->port() : 0; }

Server::~Server() {
  if (server_ && !draining_) Drain(absl::ZeroDuration());
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (health_thread_.joinable()) health_thread_.join();
}

void Server::SetServing(bool serving) {
  for (grpc::Server* server : {server_.get(), health_server_.get()}) ReportHealth(server, serving);
}

void Server::WatchDatabase(absl::Duration every) {
  bool serving = true;
  while (!stop_.WaitForNotificationWithTimeout(every)) {
    if (draining_) continue;
    absl::Status s = env_.store->Ping();
    if (s.ok() != serving) {
      serving = s.ok();
      SetServing(serving);
      if (serving) {
        Log("INFO", "database reachable again; SERVING");
      } else {
        Log("WARN", "database unreachable; NOT_SERVING", {{"error", std::string(s.message())}});
      }
    }
  }
}

void Server::Drain(absl::Duration deadline) {
  if (draining_.exchange(true)) return;
  SetServing(false);
  feed_->Shutdown();  // open streams end UNAVAILABLE: their clients resume elsewhere
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoSeconds(deadline));
  server_->Wait();
  if (health_server_) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
}

absl::Status Server::ReloadTls() {
  if (!tls_) return absl::OkStatus();
  return tls_->Reload();
}

absl::StatusOr<std::unique_ptr<Server>> StartServer(const ServiceEnv& env,
                                                    const ServerOptions& options) {
  if (options.max_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--max_deadline_seconds must be positive");
  }
  if (options.max_streams_per_principal < 1) {
    return absl::InvalidArgumentError("--max_streams_per_principal must be at least 1");
  }
  std::unique_ptr<Server> s(new Server());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> creds =
      ListenCredentials(options, &s->tls_);
  if (!creds.ok()) return creds.status();
  s->env_ = env;
  s->env_.max_deadline = options.max_deadline;
  s->env_.max_request_bytes = options.max_message_bytes;
  s->feed_ = std::make_unique<EventFeed>(
      env.store,
      EventFeed::Options{options.event_poll, options.max_streams_per_principal, env.read_cache});
  s->env_.feed = s->feed_.get();
  // A portfolio run is kept while this process writes nothing: right only on a store no
  // other process writes.
  if (env.read_cache != nullptr && !env.read_cache->shared()) {
    s->portfolios_ = std::make_unique<CurrentValues<PortfolioRun>>(kPortfolioRunsKept);
    s->env_.portfolios = s->portfolios_.get();
  }
  if (!options.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<Metrics>> m = Metrics::Start(
        {.listen = options.metrics_listen, .refresh_every = options.metrics_refresh}, env.store);
    if (m.ok()) {
      s->metrics_ = *std::move(m);
    } else {
      // Parties depend on the gRPC service, not on the scrape: serve without metrics, loudly
      // (the scrape target shows down), rather than refuse to start over a busy port.
      Log("ERROR", "metrics endpoint disabled", {{"error", std::string(m.status().message())}});
    }
  }
  absl::StatusOr<std::vector<std::unique_ptr<grpc::Service>>> services =
      DeclaredServices(s->env_);
  if (!services.ok()) return services.status();
  s->services_ = *std::move(services);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.SetOption(WithReflection());
  builder.AddListeningPort(options.listen, *creds, &s->port_);
  // secd checks the request size itself (dispatch.h), so that a refusal is answered, counted
  // and logged; gRPC core, which drops a call over its own limit unseen, takes up to 4x that.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::min<int64_t>(int64_t{options.max_message_bytes} * 4, INT32_MAX)));
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  // Keepalive enforcement: refuse pings more often than every 10 s without calls in flight.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  // The synchronous server keeps at most MAX_POLLERS idle threads per completion queue (default
  // 2) and ends any thread beyond that when its call returns, so under load it created and
  // ended a thread every few calls. Keeping as many idle threads as the store has connections
  // lets them wait for the next call instead.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              kIdleServerThreads);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallInterceptorFactory>(
      CallInterceptorFactory::Options{.metrics = s->metrics_.get(), .log_calls = true}));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (auto& svc : s->services_) builder.RegisterService(svc.get());
  s->server_ = builder.BuildAndStart();
  if (!s->server_ || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  absl::StatusOr<std::unique_ptr<grpc::Server>> health =
      StartHealthOnly(options.health_listen, &s->health_port_);
  if (!health.ok()) {
    s->server_->Shutdown();
    return health.status();
  }
  s->health_server_ = *std::move(health);
  s->SetServing(true);
  s->health_thread_ = std::thread([srv = s.get(), every = options.health_poll] {
    srv->WatchDatabase(every);
  });
  return s;
}

// Every call the standby server gets that no service of its own answers (health and reflection
// do): sec.v1 methods UNAVAILABLE, anything else UNIMPLEMENTED, as the real server would.
class StandbyServer::RefuseAll final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    class Refused final : public grpc::ServerGenericBidiReactor {
     public:
      explicit Refused(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    if (!absl::StartsWith(ctx->method(), "/sec.v1.")) {
      return new Refused(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""));
    }
    return new Refused(grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        "secd has not reached its database yet (it keeps trying); retry the call later"));
  }
};

absl::StatusOr<std::unique_ptr<StandbyServer>> StandbyServer::Start(
    const ServerOptions& options) {
  std::unique_ptr<StandbyServer> s(new StandbyServer());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> creds =
      ListenCredentials(options, &s->tls_);
  if (!creds.ok()) return creds.status();
  s->refuse_ = std::make_unique<RefuseAll>();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.SetOption(WithReflection());
  builder.AddListeningPort(options.listen, *creds, &s->port_);
  builder.RegisterCallbackGenericService(s->refuse_.get());
  s->server_ = builder.BuildAndStart();
  if (!s->server_ || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  absl::StatusOr<std::unique_ptr<grpc::Server>> health =
      StartHealthOnly(options.health_listen, &s->health_port_);
  if (!health.ok()) return health.status();  // the destructor stops the main listener
  s->health_server_ = *std::move(health);
  for (grpc::Server* server : {s->server_.get(), s->health_server_.get()}) {
    ReportHealth(server, false);
  }
  return s;
}

StandbyServer::~StandbyServer() { Stop(); }

ServerOptions StandbyServer::Resolved(ServerOptions options) const {
  options.listen = WithPort(options.listen, port_);
  if (!options.health_listen.empty()) {
    options.health_listen = WithPort(options.health_listen, health_port_);
  }
  return options;
}

void StandbyServer::Stop() {
  for (std::unique_ptr<grpc::Server>* server : {&server_, &health_server_}) {
    if (!*server) continue;
    (*server)->Shutdown(std::chrono::system_clock::now());
    (*server)->Wait();
    server->reset();
  }
}

}  // namespace sec::service
