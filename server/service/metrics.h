#ifndef SEC_SERVICE_METRICS_H_
#define SEC_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <grpcpp/support/status.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "storage/store.h"

namespace prometheus {
class Exposer;
class Registry;
template <typename T>
class Family;
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace sec::service {

// One method's series, made when the endpoint starts, so that a call only increments: no
// lookup, lock or allocation on the call's path. Every series exists from the start (0 for a
// method never called), as go-grpc-prometheus's InitializeMetrics makes them.
class MethodMetrics {
 public:
  void Started() const;
  void Received() const;
  void Sent() const;
  void Handled(grpc::StatusCode code, absl::Duration elapsed) const;

 private:
  friend class Metrics;
  prometheus::Counter* started_ = nullptr;
  prometheus::Counter* received_ = nullptr;
  prometheus::Counter* sent_ = nullptr;
  prometheus::Histogram* seconds_ = nullptr;
  std::array<prometheus::Counter*, 17> handled_{};  // by grpc::StatusCode
};

// The Prometheus endpoint (GET /metrics on its own port, apart from gRPC so a scraper needs no
// gRPC credentials and the metrics stay reachable while gRPC is saturated). The gRPC series
// carry go-grpc-prometheus's names and labels, which the usual dashboards and alerts assume:
//   grpc_server_started_total, grpc_server_msg_received_total, grpc_server_msg_sent_total,
//   grpc_server_handling_seconds (histogram) {grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total {grpc_type,grpc_service,grpc_method,grpc_code}
// with grpc_type unary, client_stream, server_stream or bidi_stream and grpc_code gRPC's code
// as go-grpc-prometheus spells it ("OK", "Canceled", "ResourceExhausted", ...), for every
// method of secd's services, health and reflection; the call interceptor counts them
// (call_interceptor.h). Then
//   secd_build_info{version,revision} 1
//   process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
//   process_open_fds, process_max_fds, process_start_time_seconds (from /proc, at each scrape)
//   secd_open_modifications{status}, secd_parties_in_credit_shortfall, secd_consultations_open
// The domain gauges are read from the store, not counted in this process, so every replica
// reports the whole service's state: every `refresh_every` and at a scrape when the last read
// is more than a second old.
class Metrics final {
 public:
  struct Options {
    std::string listen;  // host:port; port 0 picks a free one
    absl::Duration refresh_every = absl::Seconds(5);
  };
  static absl::StatusOr<std::unique_ptr<Metrics>> Start(const Options& options,
                                                        storage::Store* store);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  int port() const { return port_; }

  // The series of `method` ("/sec.v1.RegisterService/GetParty"); null for a method that is not
  // one of the counted services' (an unknown path must not add series).
  const MethodMetrics* ForMethod(absl::string_view method) const;

  // Reads the domain counts from the store into the gauges.
  absl::Status RefreshDomainGauges();

 private:
  class ScrapeHook;
  Metrics(storage::Store* store, absl::Duration refresh_every);
  void AddMethods();
  void RefreshIfStale();
  void RefreshLoop();

  storage::Store* store_;
  absl::Duration refresh_every_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* started_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Counter>* received_;
  prometheus::Family<prometheus::Counter>* sent_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
  prometheus::Family<prometheus::Gauge>* open_modifications_;
  prometheus::Gauge* parties_in_shortfall_;
  prometheus::Gauge* consultations_open_;

  absl::Mutex refresh_mu_;  // one store read at a time; guards the gauges' label set
  absl::Time last_refresh_ ABSL_GUARDED_BY(refresh_mu_) = absl::InfinitePast();
  bool refresh_failing_ ABSL_GUARDED_BY(refresh_mu_) = false;
  // Every status seen so far: one that empties must drop to 0, not keep its last count.
  std::map<std::string, prometheus::Gauge*> status_gauges_ ABSL_GUARDED_BY(refresh_mu_);

  // "/service/method" -> its series; made in Start and never changed, so read without a lock.
  absl::flat_hash_map<std::string, std::unique_ptr<MethodMetrics>> methods_;

  std::shared_ptr<ScrapeHook> hook_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
  absl::Notification stop_;
  std::thread refresher_;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_METRICS_H_
