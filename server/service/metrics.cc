#include "service/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "secd/version.h"
#include "service/dispatch.h"
#include "service/log.h"
#include "storage/metrics_store.h"

namespace sec::service {

// Refreshes the domain gauges before the registry is serialised for a scrape.
class Metrics::ScrapeHook final : public prometheus::Collectable {
 public:
  explicit ScrapeHook(Metrics* m) : m_(m) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

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

// gRPC's codes as go-grpc-prometheus labels them (Go's codes.Code.String()): the spelling the
// usual dashboards and alert rules match on (grpc_code=~"Unknown|Internal|Unavailable|...").
constexpr const char* kCodeNames[17] = {
    "OK",           "Canceled",         "Unknown",           "InvalidArgument",
    "DeadlineExceeded", "NotFound",     "AlreadyExists",     "PermissionDenied",
    "ResourceExhausted", "FailedPrecondition", "Aborted",    "OutOfRange",
    "Unimplemented", "Internal",        "Unavailable",       "DataLoss",
    "Unauthenticated"};

const char* TypeName(const google::protobuf::MethodDescriptor& m) {
  if (m.client_streaming()) return m.server_streaming() ? "bidi_stream" : "client_stream";
  return m.server_streaming() ? "server_stream" : "unary";
}

// The services whose methods are counted: secd's, and the library's health and reflection,
// when their descriptors are linked in (the server serves them on the same port).
std::vector<const google::protobuf::ServiceDescriptor*> CountedServices() {
  std::vector<std::string> names = ServedServiceNames();
  for (const char* library : {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection",
                              "grpc.reflection.v1.ServerReflection"}) {
    names.push_back(library);
  }
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  for (const std::string& name : names) {
    const auto* d = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (d != nullptr) out.push_back(d);
  }
  return out;
}

// The process collector prometheus-cpp 1.0 lacks: the standard process_* series, read from
// /proc at each scrape.
prometheus::MetricFamily OneValue(const char* name, const char* help, prometheus::MetricType type,
                                  double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
  return f;
}

// /proc/self/stat's fields after the command (which may hold spaces): field 3 is at index 0.
std::vector<std::string> ProcStatFields() {
  std::ifstream in("/proc/self/stat");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string stat = ss.str();
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return {};
  return absl::StrSplit(absl::string_view(stat).substr(close + 1), ' ', absl::SkipEmpty());
}

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

int OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  int n = 0;
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n - 1;  // not the one opendir holds
}

std::vector<prometheus::MetricFamily> ProcessFamilies() {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  const std::vector<std::string> f = ProcStatFields();
  // utime 14, stime 15, starttime 22 (clock ticks), vsize 23 (bytes), rss 24 (pages).
  if (f.size() > 21) {
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    auto field = [&](int n) { return std::strtod(f[n - 3].c_str(), nullptr); };
    out.push_back(OneValue("process_cpu_seconds_total",
                           "Total user and system CPU time spent in seconds.", MetricType::Counter,
                           (field(14) + field(15)) / ticks));
    out.push_back(OneValue("process_start_time_seconds",
                           "Start time of the process since unix epoch in seconds.",
                           MetricType::Gauge, BootTimeSeconds() + field(22) / ticks));
    out.push_back(OneValue("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                           MetricType::Gauge, field(23)));
    out.push_back(OneValue("process_resident_memory_bytes", "Resident memory size in bytes.",
                           MetricType::Gauge, field(24) * page));
  }
  out.push_back(OneValue("process_open_fds", "Number of open file descriptors.",
                         MetricType::Gauge, OpenFds()));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.push_back(OneValue("process_max_fds", "Maximum number of open file descriptors.",
                           MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return out;
}

}  // namespace

std::vector<prometheus::MetricFamily> Metrics::ScrapeHook::Collect() const {
  m_->RefreshIfStale();
  std::vector<prometheus::MetricFamily> out = m_->registry_->Collect();
  for (prometheus::MetricFamily& f : ProcessFamilies()) out.push_back(std::move(f));
  return out;
}

void MethodMetrics::Started() const { started_->Increment(); }
void MethodMetrics::Received() const { received_->Increment(); }
void MethodMetrics::Sent() const { sent_->Increment(); }

void MethodMetrics::Handled(grpc::StatusCode code, absl::Duration elapsed) const {
  size_t i = static_cast<size_t>(code);
  if (i >= handled_.size()) i = static_cast<size_t>(grpc::StatusCode::UNKNOWN);
  handled_[i]->Increment();
  seconds_->Observe(absl::ToDoubleSeconds(elapsed));
}

Metrics::Metrics(storage::Store* store, absl::Duration refresh_every)
    : store_(store),
      refresh_every_(refresh_every),
      registry_(std::make_shared<prometheus::Registry>()) {
  started_ = &prometheus::BuildCounter()
                  .Name("grpc_server_started_total")
                  .Help("Total number of RPCs started on the server.")
                  .Register(*registry_);
  handled_ = &prometheus::BuildCounter()
                  .Name("grpc_server_handled_total")
                  .Help("Total number of RPCs completed on the server, regardless of success "
                        "or failure.")
                  .Register(*registry_);
  received_ = &prometheus::BuildCounter()
                   .Name("grpc_server_msg_received_total")
                   .Help("Total number of RPC stream messages received on the server.")
                   .Register(*registry_);
  sent_ = &prometheus::BuildCounter()
               .Name("grpc_server_msg_sent_total")
               .Help("Total number of gRPC stream messages sent by the server.")
               .Register(*registry_);
  handling_seconds_ = &prometheus::BuildHistogram()
                           .Name("grpc_server_handling_seconds")
                           .Help("Histogram of response latency (seconds) of gRPC that had been "
                                 "application-level handled by the server.")
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
  prometheus::BuildGauge()
      .Name("secd_build_info")
      .Help("The running secd's version and git revision; always 1")
      .Register(*registry_)
      .Add({{"version", SECD_VERSION}, {"revision", SECD_REVISION}})
      .Set(1);
  AddMethods();
}

void Metrics::AddMethods() {
  for (const google::protobuf::ServiceDescriptor* service : CountedServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor& method = *service->method(i);
      const prometheus::Labels labels = {{"grpc_type", TypeName(method)},
                                         {"grpc_service", service->full_name()},
                                         {"grpc_method", method.name()}};
      auto series = std::make_unique<MethodMetrics>();
      series->started_ = &started_->Add(labels);
      series->received_ = &received_->Add(labels);
      series->sent_ = &sent_->Add(labels);
      series->seconds_ = &handling_seconds_->Add(labels, Buckets());
      for (size_t code = 0; code < series->handled_.size(); ++code) {
        prometheus::Labels with_code = labels;
        with_code["grpc_code"] = kCodeNames[code];
        series->handled_[code] = &handled_->Add(with_code);
      }
      methods_[absl::StrCat("/", service->full_name(), "/", method.name())] = std::move(series);
    }
  }
}

const MethodMetrics* Metrics::ForMethod(absl::string_view method) const {
  auto it = methods_.find(method);
  return it == methods_.end() ? nullptr : it->second.get();
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
