#include "service/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <exception>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/log.h"
#include "storage/metrics_store.h"

namespace sec::service {

// Refreshes the domain gauges before the registry is serialised for a scrape.
class Metrics::ScrapeHook final : public prometheus::Collectable {
 public:
  explicit ScrapeHook(Metrics* m) : m_(m) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    m_->RefreshIfStale();
    return m_->registry_->Collect();
  }

 private:
  Metrics* m_;
};

namespace {

// Latency buckets from 1 ms (a cached read) to 10 s (a large import or a database outage).
const prometheus::Histogram::BucketBoundaries& Buckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

// The canonical names ("OK", "INVALID_ARGUMENT"): gRPC and absl number codes alike.
std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace

Metrics::Metrics(storage::Store* store, absl::Duration refresh_every)
    : store_(store),
      refresh_every_(refresh_every),
      registry_(std::make_shared<prometheus::Registry>()) {
  started_ = &prometheus::BuildCounter()
                  .Name("grpc_server_started_total")
                  .Help("RPCs started on the server")
                  .Register(*registry_);
  handled_ = &prometheus::BuildCounter()
                  .Name("grpc_server_handled_total")
                  .Help("RPCs completed on the server, by status code")
                  .Register(*registry_);
  handling_seconds_ = &prometheus::BuildHistogram()
                           .Name("grpc_server_handling_seconds")
                           .Help("Time from the start of an RPC to its status, in seconds")
                           .Register(*registry_);
  open_modifications_ = &prometheus::BuildGauge()
                             .Name("secd_open_modifications")
                             .Help("Open Modification Proposals by status")
                             .Register(*registry_);
  parties_in_shortfall_ = &prometheus::BuildGauge()
                               .Name("secd_parties_in_credit_shortfall")
                               .Help("Parties with an uncured credit cover breach notice")
                               .Register(*registry_)
                               .Add({});
  consultations_open_ = &prometheus::BuildGauge()
                             .Name("secd_consultations_open")
                             .Help("Modification Report Consultations open for responses")
                             .Register(*registry_)
                             .Add({});
}

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Start(const Options& options,
                                                        storage::Store* store) {
  std::unique_ptr<Metrics> m(new Metrics(store, options.refresh_every));
  m->hook_ = std::make_shared<ScrapeHook>(m.get());
  // civetweb reports a port it cannot bind by throwing; nothing else here throws.
  try {
    m->exposer_ = std::make_unique<prometheus::Exposer>(options.listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for metrics on ", options.listen, ": ", e.what()));
  }
  m->exposer_->RegisterCollectable(m->hook_);
  const std::vector<int> ports = m->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot listen for metrics on ", options.listen));
  }
  m->port_ = ports.front();
  (void)m->RefreshDomainGauges();
  m->refresher_ = std::thread([raw = m.get()] { raw->RefreshLoop(); });
  return m;
}

Metrics::~Metrics() {
  stop_.Notify();
  if (refresher_.joinable()) refresher_.join();
  // No scrape may run into a half-destroyed object.
  exposer_.reset();
}

Metrics::MethodSeries& Metrics::Series(absl::string_view service, absl::string_view method) {
  thread_local std::string key;  // reused: no allocation per call once warm
  key.assign(service.data(), service.size());
  key.push_back('/');
  key.append(method.data(), method.size());
  {
    absl::ReaderMutexLock lock(&series_mu_);
    auto it = series_.find(key);
    if (it != series_.end()) return *it->second;
  }
  absl::MutexLock lock(&series_mu_);
  std::unique_ptr<MethodSeries>& slot = series_[key];
  if (!slot) {
    slot = std::make_unique<MethodSeries>();
    const std::string svc(service), m(method);
    slot->started = &started_->Add({{"grpc_service", svc}, {"grpc_method", m}});
    slot->seconds = &handling_seconds_->Add({{"grpc_service", svc}, {"grpc_method", m}}, Buckets());
  }
  return *slot;
}

prometheus::Counter& Metrics::Handled(MethodSeries& series, absl::string_view service,
                                      absl::string_view method, grpc::StatusCode code) {
  size_t i = static_cast<size_t>(code);
  if (i >= series.handled.size()) i = static_cast<size_t>(grpc::StatusCode::UNKNOWN);
  {
    absl::ReaderMutexLock lock(&series_mu_);
    if (series.handled[i] != nullptr) return *series.handled[i];
  }
  absl::MutexLock lock(&series_mu_);
  if (series.handled[i] == nullptr) {
    series.handled[i] = &handled_->Add({{"grpc_service", std::string(service)},
                                        {"grpc_method", std::string(method)},
                                        {"grpc_code", CodeName(static_cast<grpc::StatusCode>(i))}});
  }
  return *series.handled[i];
}

void Metrics::OnRpcStarted(absl::string_view service, absl::string_view method) {
  Series(service, method).started->Increment();
}

void Metrics::OnRpcHandled(absl::string_view service, absl::string_view method,
                           grpc::StatusCode code, absl::Duration elapsed) {
  MethodSeries& series = Series(service, method);
  Handled(series, service, method, code).Increment();
  series.seconds->Observe(absl::ToDoubleSeconds(elapsed));
}

absl::Status Metrics::RefreshDomainGauges() {
  absl::MutexLock lock(&refresh_mu_);
  storage::DomainCounts counts;
  absl::Status s = store_->Read([&](storage::Tx& tx) -> absl::Status {
    absl::StatusOr<storage::DomainCounts> c = storage::ReadDomainCounts(tx);
    if (!c.ok()) return c.status();
    counts = *std::move(c);
    return absl::OkStatus();
  });
  last_refresh_ = absl::Now();
  if (!s.ok()) {
    // Keep the last values (a gap in the data, not a false zero); say so once per outage.
    if (!refresh_failing_) {
      Log("WARN", "metrics: cannot read domain counts", {{"error", std::string(s.message())}});
    }
    refresh_failing_ = true;
    return s;
  }
  refresh_failing_ = false;
  for (auto& [status, gauge] : status_gauges_) gauge->Set(0);
  for (const auto& [status, n] : counts.open_modifications_by_status) {
    prometheus::Gauge*& g = status_gauges_[status];
    if (g == nullptr) g = &open_modifications_->Add({{"status", status}});
    g->Set(static_cast<double>(n));
  }
  parties_in_shortfall_->Set(static_cast<double>(counts.parties_in_shortfall));
  consultations_open_->Set(static_cast<double>(counts.consultations_open));
  return absl::OkStatus();
}

void Metrics::RefreshIfStale() {
  {
    absl::MutexLock lock(&refresh_mu_);
    if (absl::Now() - last_refresh_ < absl::Seconds(1)) return;
  }
  (void)RefreshDomainGauges();
}

void Metrics::RefreshLoop() {
  while (!stop_.WaitForNotificationWithTimeout(refresh_every_)) (void)RefreshDomainGauges();
}

}  // namespace sec::service
