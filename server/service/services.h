#ifndef SEC_SERVICE_SERVICES_H_
#define SEC_SERVICE_SERVICES_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "service/env.h"

namespace sec::service {

class EventFeed;
class Metrics;
class TlsFiles;
template <typename V>
class CurrentValues;

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";  // host:port; port 0 picks a free one
  std::string tls_cert_file;               // PEM; with tls_key_file turns TLS on
  std::string tls_key_file;
  std::string tls_client_ca_file;  // PEM; when set, clients must present a certificate
  int max_message_bytes = 4 << 20;
  int max_concurrent_streams = 100;  // per connection
  absl::Duration health_poll = absl::Seconds(2);
  // A second, plaintext listener serving only grpc.health.v1 (for Kubernetes' gRPC probes,
  // which cannot speak TLS); empty: none. It carries no API and no credentials.
  std::string health_listen;
  // Prometheus endpoint host:port (port 0 picks a free one); empty: no metrics endpoint.
  std::string metrics_listen;
  absl::Duration metrics_refresh = absl::Seconds(5);
  // Deadline cap: the server's work on a call is bounded by the client's deadline or this,
  // whichever is sooner (call.h); WatchEvents streams are exempt.
  absl::Duration max_deadline = absl::Seconds(60);
  // WatchEvents: the most streams one principal may hold open, and how often the history is
  // read for other replicas' events.
  int max_streams_per_principal = 16;
  // The event feed's poll (event_feed.h): on MySQL with the read cache, how stale a cached
  // read of another replica's write may be, at most.
  absl::Duration event_poll = absl::Milliseconds(50);
};

// The health service name that answers SERVING while the process works, whatever the
// database's state: for liveness probes. The whole server ("") and each sec.v1 service answer
// NOT_SERVING while the database is unreachable: for readiness probes.
inline constexpr char kLivenessService[] = "liveness";

// The running gRPC server with all three services, health and reflection.
class Server {
 public:
  ~Server();
  int port() const { return port_; }
  // The plaintext health-only port; 0 when it is off.
  int health_port() const { return health_port_; }
  // The metrics endpoint's port; 0 when it is off.
  int metrics_port() const;
  // Health -> NOT_SERVING, end the streams (UNAVAILABLE), stop accepting, let calls finish
  // until `deadline`, then cancel the rest.
  void Drain(absl::Duration deadline);
  // Reads the TLS certificate files again (SIGHUP): new connections use them once they are
  // valid; an unreadable or invalid file keeps the set in use. A no-op without TLS.
  absl::Status ReloadTls();
  EventFeed& feed() { return *feed_; }

 private:
  friend absl::StatusOr<std::unique_ptr<Server>> StartServer(const ServiceEnv& env,
                                                             const ServerOptions& options);
  Server() = default;
  void SetServing(bool serving);
  void WatchDatabase(absl::Duration every);

  ServiceEnv env_;
  // Before the services: they report to it until the last call has finished.
  std::unique_ptr<Metrics> metrics_;
  // Before the server: open streams hold it until they are done.
  std::unique_ptr<EventFeed> feed_;
  std::unique_ptr<CurrentValues<PortfolioRun>> portfolios_;
  std::unique_ptr<TlsFiles> tls_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // health only, plaintext; may be null
  int port_ = 0;
  int health_port_ = 0;
  std::atomic<bool> draining_{false};
  absl::Notification stop_;
  std::thread health_thread_;
};

absl::StatusOr<std::unique_ptr<Server>> StartServer(const ServiceEnv& env,
                                                    const ServerOptions& options);

// Holds secd's ports while its database cannot be reached at start (main.cc keeps trying):
// health answers (liveness SERVING; the whole server and each sec.v1 service NOT_SERVING),
// reflection describes the API, and every sec.v1 call is refused UNAVAILABLE, saying why. Once
// the database is open, Stop() frees the ports and StartServer takes them (a client sees its
// connection close once and reconnects).
class StandbyServer {
 public:
  static absl::StatusOr<std::unique_ptr<StandbyServer>> Start(const ServerOptions& options);
  ~StandbyServer();
  // `options` with the ports this server listens on in place of any port 0, for StartServer.
  ServerOptions Resolved(ServerOptions options) const;
  void Stop();

 private:
  StandbyServer() = default;
  class RefuseAll;
  std::unique_ptr<TlsFiles> tls_;
  std::unique_ptr<RefuseAll> refuse_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // may be null
  int port_ = 0;
  int health_port_ = 0;
};

// Service names whose health is reported (plus "" for the whole server).
const std::vector<std::string>& ServiceNames();

}  // namespace sec::service

#endif  // SEC_SERVICE_SERVICES_H_
