#ifndef SEC_SERVICE_METRICS_H_
#define SEC_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "service/env.h"
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

// The Prometheus endpoint (GET /metrics on its own port, apart from gRPC so a scraper needs no
// gRPC credentials and the metrics stay reachable while gRPC is saturated):
//   grpc_server_started_total{grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method} (histogram)
//   secd_open_modifications{status}, secd_parties_in_credit_shortfall, secd_consultations_open
// The domain gauges are read from the store, not counted in this process, so every replica
// reports the whole service's state: every `refresh_every` and at a scrape when the last read
// is more than a second old.
class Metrics final : public RpcObserver {
 public:
  struct Options {
    std::string listen;  // host:port; port 0 picks a free one
    absl::Duration refresh_every = absl::Seconds(5);
  };
  static absl::StatusOr<std::unique_ptr<Metrics>> Start(const Options& options,
                                                        storage::Store* store);
  ~Metrics() override;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  int port() const { return port_; }

  void OnRpcStarted(absl::string_view service, absl::string_view method) override;
  void OnRpcHandled(absl::string_view service, absl::string_view method, grpc::StatusCode code,
                    absl::Duration elapsed) override;

  // Reads the domain counts from the store into the gauges.
  absl::Status RefreshDomainGauges();

 private:
  class ScrapeHook;
  // One method's series, looked up once: Family::Add builds a label map and locks the family on
  // every call, which cost more than the rest of a GetModification's bookkeeping.
  struct MethodSeries {
    prometheus::Counter* started = nullptr;
    prometheus::Histogram* seconds = nullptr;
    std::array<prometheus::Counter*, 17> handled{};  // by grpc::StatusCode, made on first use
  };
  MethodSeries& Series(absl::string_view service, absl::string_view method);
  prometheus::Counter& Handled(MethodSeries& series, absl::string_view service,
                               absl::string_view method, grpc::StatusCode code);
  Metrics(storage::Store* store, absl::Duration refresh_every);
  void RefreshIfStale();
  void RefreshLoop();

  storage::Store* store_;
  absl::Duration refresh_every_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* started_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
  prometheus::Family<prometheus::Gauge>* open_modifications_;
  prometheus::Gauge* parties_in_shortfall_;
  prometheus::Gauge* consultations_open_;

  absl::Mutex refresh_mu_;  // one store read at a time; guards the gauges' label set
  absl::Time last_refresh_ ABSL_GUARDED_BY(refresh_mu_) = absl::InfinitePast();
  bool refresh_failing_ ABSL_GUARDED_BY(refresh_mu_) = false;
  // Every status seen so far: one that empties must drop to 0, not keep its last count.
  std::map<std::string, prometheus::Gauge*> status_gauges_ ABSL_GUARDED_BY(refresh_mu_);

  absl::Mutex series_mu_;
  // "service/method" -> its series; entries are never removed (one per method).
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> series_
      ABSL_GUARDED_BY(series_mu_);

  std::shared_ptr<ScrapeHook> hook_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
  absl::Notification stop_;
  std::thread refresher_;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_METRICS_H_
