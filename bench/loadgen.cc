// The load generator: one C++ async client (completion queues on the generated stubs) that
// drives secd and the reference server identically. Fixed connections and calls in flight, a
// warm-up, then a fixed measured window; every response's status is checked and errors are
// counted by code. Loopback only, bounded in time (every call has a deadline, the run ends).
//
//   loadgen --mode=get|list|create --target=127.0.0.1:PORT --token_file=F
//           [--connections=4 --concurrency=32 --threads=2 --warmup_s=2 --duration_s=8]
//   loadgen --mode=capture --target=SEEDED --create_target=FRESH --out_dir=DIR --token_file=F
//   loadgen --mode=wait_serving --target=... --since_ns=$(date +%s%N)
//   loadgen --mode=idle_streams --target=... --token_file=F --streams=1000 --server_pid=PID
//
// idle_streams opens that many WatchEvents streams (one principal, nothing being written), waits
// until the server has answered every one, and then reads the server's thread count and CPU
// time from /proc over --hold_s: RESULT mode=idle_streams open=... threads=... cpu_pct=...
// (cpu_pct: percent of one core). --streams=0 measures the same server with none open.
// Load modes print one line: RESULT mode=... rps=... p50_ms=... p99_ms=... ok=... errors=...
#include <unistd.h>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "sec/v1/register.grpc.pb.h"

ABSL_FLAG(std::string, mode, "get", "get, list, create, capture or wait_serving");
ABSL_FLAG(std::string, target, "127.0.0.1:50051", "server address (loopback)");
ABSL_FLAG(std::string, create_target, "", "capture: the server that takes the capture's raise");
ABSL_FLAG(std::string, token_file, "", "bearer token file");
ABSL_FLAG(std::string, out_dir, "", "capture: where get.bin, list.bin, create.bin go");
ABSL_FLAG(int, connections, 4, "TCP connections (channels)");
ABSL_FLAG(int, concurrency, 32, "calls in flight in all");
ABSL_FLAG(int, threads, 2, "client threads, one completion queue each");
ABSL_FLAG(double, warmup_s, 2, "warm-up seconds (not measured)");
ABSL_FLAG(double, duration_s, 8, "measured seconds");
ABSL_FLAG(int, refs, 9999, "get: references SECMP0001..SECMP<refs>, uniformly at random");
ABSL_FLAG(int, page_size, 50, "list: page size");
ABSL_FLAG(int, pages, 20, "list: each caller walks this many pages by token, then starts over");
ABSL_FLAG(std::string, proposer, "parties/bench-party-0", "create: proposer");
ABSL_FLAG(int64_t, since_ns, 0, "wait_serving: start time (Unix ns) to measure from");
ABSL_FLAG(int, streams, 1000, "idle_streams: streams to hold open");
ABSL_FLAG(int, server_pid, 0, "idle_streams: the server's process id, read in /proc");
ABSL_FLAG(double, hold_s, 10, "idle_streams: seconds over which the server's CPU is measured");

namespace sec::bench {
namespace {

constexpr char kChannelIdArg[] = "sec.bench.channel_id";

std::string ReadToken(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return std::string(absl::StripAsciiWhitespace(ss.str()));
}

std::shared_ptr<grpc::Channel> Connect(const std::string& target, int id) {
  grpc::ChannelArguments args;
  // A distinct argument gives each channel its own subchannel, i.e. its own TCP connection.
  args.SetInt(kChannelIdArg, id);
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

// One call slot: reissued as soon as its previous call completes (closed loop).
class Slot {
 public:
  virtual ~Slot() = default;
  // Starts a new call; completion arrives on `cq` with tag `this`.
  virtual void Start(grpc::CompletionQueue* cq) = 0;
  // Called on completion; returns the status.
  virtual const grpc::Status& Finished() = 0;
  absl::Time started;
};

template <typename Req, typename Resp>
class UnarySlot final : public Slot {
 public:
  using Prepare = std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<Resp>>(
      grpc::ClientContext*, const Req&, grpc::CompletionQueue*)>;
  // Fills the next request from the previous response (nullptr on the first call).
  using Next = std::function<void(Req*, const Resp*)>;

  UnarySlot(std::string bearer, Prepare prepare, Next next)
      : bearer_(std::move(bearer)), prepare_(std::move(prepare)), next_(std::move(next)) {}

  void Start(grpc::CompletionQueue* cq) override {
    next_(&req_, have_resp_ ? &resp_ : nullptr);
    resp_.Clear();
    ctx_ = std::make_unique<grpc::ClientContext>();
    ctx_->AddMetadata("authorization", bearer_);
    ctx_->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    started = absl::Now();
    reader_ = prepare_(ctx_.get(), req_, cq);
    reader_->StartCall();
    reader_->Finish(&resp_, &status_, this);
  }
  const grpc::Status& Finished() override {
    have_resp_ = status_.ok();
    return status_;
  }

 private:
  const std::string bearer_;
  Prepare prepare_;
  Next next_;
  Req req_;
  Resp resp_;
  bool have_resp_ = false;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Resp>> reader_;
};

std::string RequestId(std::mt19937_64& rng) {
  // A UUID-shaped id (what secctl sends), random per call.
  const uint64_t a = rng(), b = rng();
  return absl::StrFormat("%08x-%04x-4%03x-8%03x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                         b >> 52, b & 0xffffffffffffULL);
}

void FillCreate(v1::CreateModificationRequest* req, std::mt19937_64& rng) {
  v1::Modification* m = req->mutable_modification();
  if (m->title().empty()) {
    m->set_title("Changes to the DCC User Interface Specification for firmware batches");
    m->set_proposer(absl::GetFlag(FLAGS_proposer));
    m->add_sections("H");
    m->set_problem_statement(
        "The current arrangements for Smart Metering Equipment firmware updates leave Parties "
        "unable to schedule batches outside the DCC's maintenance windows, which delays "
        "security fixes. This proposal changes Section H so that batches can be scheduled.");
    m->add_intended_changes("Amend Section H 8.3 to allow scheduled batches");
    m->add_intended_changes("Add a new Appendix describing the scheduling interface");
  }
  req->set_request_id(RequestId(rng));
}

struct ThreadResult {
  std::vector<int64_t> lat_us;
  int64_t ok_total = 0;
  std::map<int, int64_t> errors;
  std::map<int, std::string> first_error;
};

int RunLoad(const std::string& mode) {
  const std::string bearer = absl::StrCat("Bearer ", ReadToken(absl::GetFlag(FLAGS_token_file)));
  const int n_conn = std::max(1, absl::GetFlag(FLAGS_connections));
  const int n_calls = std::max(1, absl::GetFlag(FLAGS_concurrency));
  const int n_threads = std::max(1, std::min(absl::GetFlag(FLAGS_threads), n_calls));
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::RegisterService::Stub>> stubs;
  for (int i = 0; i < n_conn; ++i) {
    channels.push_back(Connect(absl::GetFlag(FLAGS_target), i));
    stubs.push_back(v1::RegisterService::NewStub(channels.back()));
  }
  std::vector<std::unique_ptr<grpc::CompletionQueue>> cqs;
  for (int t = 0; t < n_threads; ++t) cqs.push_back(std::make_unique<grpc::CompletionQueue>());

  const int refs = absl::GetFlag(FLAGS_refs);
  const int page_size = absl::GetFlag(FLAGS_page_size);
  const int pages = absl::GetFlag(FLAGS_pages);
  std::vector<std::unique_ptr<Slot>> slots;
  for (int i = 0; i < n_calls; ++i) {
    v1::RegisterService::Stub* stub = stubs[i % n_conn].get();
    auto rng = std::make_shared<std::mt19937_64>(0x5ec0000 + i + absl::ToUnixNanos(absl::Now()));
    if (mode == "get") {
      using S = UnarySlot<v1::GetModificationRequest, v1::Modification>;
      slots.push_back(std::make_unique<S>(
          bearer,
          [stub](grpc::ClientContext* c, const v1::GetModificationRequest& r,
                 grpc::CompletionQueue* q) { return stub->PrepareAsyncGetModification(c, r, q); },
          [rng, refs](v1::GetModificationRequest* r, const v1::Modification*) {
            const int n = 1 + static_cast<int>((*rng)() % static_cast<uint64_t>(refs));
            r->set_name(absl::StrFormat("modifications/SECMP%04d", n));
          }));
    } else if (mode == "list") {
      using S = UnarySlot<v1::ListModificationsRequest, v1::ListModificationsResponse>;
      auto walked = std::make_shared<int>(0);
      slots.push_back(std::make_unique<S>(
          bearer,
          [stub](grpc::ClientContext* c, const v1::ListModificationsRequest& r,
                 grpc::CompletionQueue* q) { return stub->PrepareAsyncListModifications(c, r, q); },
          [walked, page_size, pages](v1::ListModificationsRequest* r,
                                     const v1::ListModificationsResponse* prev) {
            r->set_page_size(page_size);
            if (prev == nullptr || prev->next_page_token().empty() || ++*walked >= pages) {
              *walked = 0;
              r->clear_page_token();
            } else {
              r->set_page_token(prev->next_page_token());
            }
          }));
    } else if (mode == "create") {
      using S = UnarySlot<v1::CreateModificationRequest, v1::Modification>;
      slots.push_back(std::make_unique<S>(
          bearer,
          [stub](grpc::ClientContext* c, const v1::CreateModificationRequest& r,
                 grpc::CompletionQueue* q) {
            return stub->PrepareAsyncCreateModification(c, r, q);
          },
          [rng](v1::CreateModificationRequest* r, const v1::Modification*) {
            FillCreate(r, *rng);
          }));
    } else {
      std::fprintf(stderr, "loadgen: unknown --mode=%s\n", mode.c_str());
      return 2;
    }
  }
  // Connect every channel before the clock starts.
  for (const auto& ch : channels) {
    if (!ch->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5))) {
      std::fprintf(stderr, "loadgen: cannot connect to %s\n", absl::GetFlag(FLAGS_target).c_str());
      return 1;
    }
  }

  const absl::Time t0 = absl::Now();
  const absl::Time measure_from = t0 + absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  const absl::Time stop_at = measure_from + absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  std::vector<ThreadResult> results(n_threads);
  std::vector<std::thread> threads;
  for (int t = 0; t < n_threads; ++t) {
    threads.emplace_back([&, t] {
      grpc::CompletionQueue* cq = cqs[t].get();
      ThreadResult& res = results[t];
      int outstanding = 0;
      for (int i = t; i < n_calls; i += n_threads) {
        slots[i]->Start(cq);
        ++outstanding;
      }
      void* tag;
      bool ok;
      while (outstanding > 0 && cq->Next(&tag, &ok)) {
        Slot* slot = static_cast<Slot*>(tag);
        const absl::Time now = absl::Now();
        const grpc::Status& st = slot->Finished();
        if (st.ok()) {
          ++res.ok_total;
          if (slot->started >= measure_from && now <= stop_at) {
            res.lat_us.push_back(absl::ToInt64Microseconds(now - slot->started));
          }
        } else {
          ++res.errors[st.error_code()];
          res.first_error.emplace(st.error_code(), st.error_message());
        }
        if (now < stop_at) {
          slot->Start(cq);
        } else {
          --outstanding;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto& cq : cqs) {
    cq->Shutdown();
    void* tag;
    bool ok;
    while (cq->Next(&tag, &ok)) {
    }
  }

  std::vector<int64_t> lat;
  int64_t ok_total = 0, err_total = 0;
  std::map<int, int64_t> errors;
  std::map<int, std::string> first_error;
  for (ThreadResult& r : results) {
    lat.insert(lat.end(), r.lat_us.begin(), r.lat_us.end());
    ok_total += r.ok_total;
    for (auto [code, n] : r.errors) {
      errors[code] += n;
      err_total += n;
    }
    for (auto& [code, msg] : r.first_error) first_error.emplace(code, msg);
  }
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) -> double {
    if (lat.empty()) return 0;
    size_t i = std::min(lat.size() - 1, static_cast<size_t>(p * static_cast<double>(lat.size())));
    return static_cast<double>(lat[i]) / 1000.0;
  };
  // Calls that started in the window and finished in it; the few straddling its start are
  // dropped, which undercounts both servers alike by at most `concurrency` calls.
  const double rps = static_cast<double>(lat.size()) / absl::GetFlag(FLAGS_duration_s);
  std::printf("RESULT mode=%s rps=%.1f p50_ms=%.3f p99_ms=%.3f ok=%lld errors=%lld\n", mode.c_str(),
              rps, pct(0.50), pct(0.99), static_cast<long long>(ok_total),
              static_cast<long long>(err_total));
  for (auto& [code, n] : errors) {
    std::fprintf(stderr, "loadgen: %lld calls failed with code %d: %s\n", static_cast<long long>(n),
                 code, first_error[code].c_str());
  }
  return err_total == 0 ? 0 : 3;
}

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return static_cast<bool>(out);
}

// Records one response of each kind from secd, for the reference server to send back.
int Capture() {
  const std::string bearer = absl::StrCat("Bearer ", ReadToken(absl::GetFlag(FLAGS_token_file)));
  const std::string dir = absl::GetFlag(FLAGS_out_dir);
  auto seeded = v1::RegisterService::NewStub(Connect(absl::GetFlag(FLAGS_target), 0));
  auto fresh = v1::RegisterService::NewStub(Connect(absl::GetFlag(FLAGS_create_target), 0));
  auto ctx = [&] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", bearer);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  };
  v1::GetModificationRequest get_req;
  get_req.set_name(absl::StrFormat("modifications/SECMP%04d", absl::GetFlag(FLAGS_refs) / 2));
  v1::Modification get_resp;
  grpc::Status s = seeded->GetModification(ctx().get(), get_req, &get_resp);
  v1::ListModificationsRequest list_req;
  list_req.set_page_size(absl::GetFlag(FLAGS_page_size));
  v1::ListModificationsResponse list_resp;
  if (s.ok()) s = seeded->ListModifications(ctx().get(), list_req, &list_resp);
  v1::CreateModificationRequest create_req;
  std::mt19937_64 rng(42 + absl::ToUnixNanos(absl::Now()));
  FillCreate(&create_req, rng);
  v1::Modification create_resp;
  if (s.ok()) s = fresh->CreateModification(ctx().get(), create_req, &create_resp);
  if (!s.ok()) {
    std::fprintf(stderr, "loadgen capture: %d %s\n", s.error_code(), s.error_message().c_str());
    return 1;
  }
  if (!WriteFile(dir + "/get.bin", get_resp.SerializeAsString()) ||
      !WriteFile(dir + "/list.bin", list_resp.SerializeAsString()) ||
      !WriteFile(dir + "/create.bin", create_resp.SerializeAsString())) {
    std::fprintf(stderr, "loadgen capture: cannot write to %s\n", dir.c_str());
    return 1;
  }
  std::printf("captured get=%zu list=%zu create=%zu bytes\n", get_resp.ByteSizeLong(),
              list_resp.ByteSizeLong(), create_resp.ByteSizeLong());
  return 0;
}

// Polls grpc.health.v1.Health/Check (overall service "") until SERVING; prints the milliseconds
// since --since_ns. Debian ships no health.proto: the request is empty and SERVING is the
// two-byte response {status: 1}, so a generic stub is enough.
int WaitServing() {
  const absl::Time since = absl::FromUnixNanos(absl::GetFlag(FLAGS_since_ns));
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  grpc::ChannelArguments args;
  // Reconnect at once when the server is not yet listening (the default backoff is 1 s).
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 1);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 1);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 5);
  auto channel = grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target),
                                           grpc::InsecureChannelCredentials(), args);
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  while (absl::Now() < give_up) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
    ctx.set_wait_for_ready(true);
    grpc::ByteBuffer request, response;
    grpc::Slice empty("", 0);
    request = grpc::ByteBuffer(&empty, 1);
    grpc::Status status;
    auto call = stub.PrepareUnaryCall(&ctx, "/grpc.health.v1.Health/Check", request, &cq);
    call->StartCall();
    call->Finish(&response, &status, nullptr);
    void* tag;
    bool ok;
    cq.Next(&tag, &ok);
    if (status.ok()) {
      std::vector<grpc::Slice> slices;
      (void)response.Dump(&slices);
      std::string bytes;
      for (const auto& sl : slices)
        bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
      if (bytes == std::string("\x08\x01", 2)) {
        std::printf("serving_ms=%.1f\n", absl::ToDoubleMilliseconds(absl::Now() - since));
        return 0;
      }
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  std::fprintf(stderr, "loadgen: %s never reported SERVING\n", absl::GetFlag(FLAGS_target).c_str());
  return 1;
}

// The server's thread count and CPU seconds so far (user + system), from /proc/PID.
struct ProcSample {
  int threads = -1;
  double cpu_s = -1;
};
ProcSample SampleProc(int pid) {
  ProcSample out;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(status, line);) {
    if (absl::StartsWith(line, "Threads:")) out.threads = std::atoi(line.c_str() + 8);
  }
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return out;
  std::istringstream fields(stat.substr(close + 2));
  std::vector<std::string> f{std::istream_iterator<std::string>(fields), {}};
  if (f.size() < 13) return out;
  out.cpu_s = (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return out;
}

// Holds --streams idle WatchEvents streams open and measures the server meanwhile.
int IdleStreams() {
  const std::string bearer = absl::StrCat("Bearer ", ReadToken(absl::GetFlag(FLAGS_token_file)));
  const int n = std::max(0, absl::GetFlag(FLAGS_streams));
  const int pid = absl::GetFlag(FLAGS_server_pid);
  auto stub = v1::RegisterService::NewStub(Connect(absl::GetFlag(FLAGS_target), 0));
  struct Stream {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientAsyncReader<v1::Event>> reader;
    v1::Event event;
  };
  std::vector<std::unique_ptr<Stream>> streams;
  grpc::CompletionQueue cq;
  v1::WatchEventsRequest req;
  // Past every event: the streams wait for new ones, as a client that has seen the history does.
  req.set_from_sequence(std::numeric_limits<int64_t>::max() / 2);
  // Tags: 3i started, 3i+1 initial metadata, 3i+2 a read (which an idle stream never completes).
  auto tag = [](int i, int step) {
    return reinterpret_cast<void*>(3 * static_cast<intptr_t>(i) + step);
  };
  for (int i = 0; i < n; ++i) {
    auto s = std::make_unique<Stream>();
    s->ctx.AddMetadata("authorization", bearer);
    s->reader = stub->PrepareAsyncWatchEvents(&s->ctx, req, &cq);
    s->reader->StartCall(tag(i, 0));
    s->reader->ReadInitialMetadata(tag(i, 1));
    streams.push_back(std::move(s));
  }
  const auto give_up = std::chrono::system_clock::now() + std::chrono::seconds(60);
  for (int answered = 0; answered < 2 * n;) {
    void* t;
    bool ok;
    if (cq.AsyncNext(&t, &ok, give_up) != grpc::CompletionQueue::NextStatus::GOT_EVENT) break;
    ++answered;
  }
  // Every stream has an answer; a refused one has ended, so its read fails at once. Counted
  // over a second, which also lets the server settle after the opening burst.
  for (int i = 0; i < n; ++i) streams[i]->reader->Read(&streams[i]->event, tag(i, 2));
  int ended = 0;
  const auto settled = std::chrono::system_clock::now() + std::chrono::seconds(1);
  for (;;) {
    void* t;
    bool ok;
    if (cq.AsyncNext(&t, &ok, settled) != grpc::CompletionQueue::NextStatus::GOT_EVENT) break;
    if (!ok) ++ended;
  }
  const int open = n - ended;
  const ProcSample before = SampleProc(pid);
  const double hold = absl::GetFlag(FLAGS_hold_s);
  absl::SleepFor(absl::Seconds(hold));
  const ProcSample after = SampleProc(pid);
  for (auto& s : streams) s->ctx.TryCancel();
  cq.Shutdown();
  void* t;
  bool ok;
  while (cq.Next(&t, &ok)) {
  }
  if (before.threads < 0 || after.cpu_s < 0) {
    std::fprintf(stderr, "loadgen: cannot read /proc/%d\n", pid);
    return 1;
  }
  std::printf("RESULT mode=idle_streams open=%d threads=%d cpu_pct=%.2f\n", open,
              std::max(before.threads, after.threads), 100 * (after.cpu_s - before.cpu_s) / hold);
  if (open < n) std::fprintf(stderr, "loadgen: only %d of %d streams opened\n", open, n);
  return open == n ? 0 : 3;
}

}  // namespace
}  // namespace sec::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode == "capture") return sec::bench::Capture();
  if (mode == "wait_serving") return sec::bench::WaitServing();
  if (mode == "idle_streams") return sec::bench::IdleStreams();
  return sec::bench::RunLoad(mode);
}
