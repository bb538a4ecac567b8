// The load generator: one C++ async client (completion queues on the generated stubs) that
// drives secd and the reference server identically. Fixed connections and calls in flight, a
// warm-up, then a fixed measured window; every response's status is checked and errors are
// counted by code. Loopback only, bounded in time (every call has a deadline, the run ends).
//
//   loadgen --mode=get|list|create|mixed --target=127.0.0.1:PORT[,PORT2...] --token_file=F
//           [--connections=4 --concurrency=32 --threads=2 --warmup_s=2 --duration_s=8]
//           [--refs=9999] [--write_percent=5]
//   loadgen --mode=capture --target=SEEDED --create_target=FRESH --out_dir=DIR --token_file=F
//   loadgen --mode=wait_serving --target=... --since_ns=$(date +%s%N)
//   loadgen --mode=idle_streams --target=... --token_file=F --streams=1000 --server_pid=PID
//   loadgen --mode=staleness --target=A --read_target=B --token_file=F --trials=1000
//           [--min_sequence] [--stale_timeout_s=5]
//   loadgen --mode=sweep --target=A[,B...] --token_file=F [--refs=9999 --pages=20]
//
// --target may name several servers, comma-separated (replicas of one database): the
// connections are split between them round-robin (connection i goes to server i mod n, so
// --connections is raised to at least one per server), and so are the calls in flight.
//
// mixed: each call is a CreateModification with probability --write_percent/100 (a fresh UUID
// request_id, as in create), else a GetModification of a random SECMP0001..SECMP<refs>. Its
// RESULT line counts READS: rps= is reads per second and p50_ms/p99_ms are the reads'; the
// writes are write_rps= and write_p99_ms=; errors= counts both, write_errors= the writes' part
// (the register stops at SECMP9999: a create past it fails and is counted there).
//
// staleness: raises one proposal through A (CreateModification as in create), reads it once
// through B (so B may cache it), then per trial updates its title through A (UpdateModification,
// field mask `title`, the etag of A's last response) and polls GetModification through B, one
// call at a time and as fast as it answers, until the new title shows; a trial's staleness is
// from A's response to the response of B's first read that shows it (a read that already shows
// it on the first poll costs one round trip). A trial still stale after --stale_timeout_s
// counts as timed out (and its time as that bound). Prints
//   RESULT mode=staleness trials=... p50_ms=... p99_ms=... max_ms=... timeouts=... errors=...
// With --min_sequence it reads B once per trial instead, sending the request metadata
// `sec-min-sequence: <S>`, S being A's UpdateModification response's `sec-sequence` metadata
// (trailing, or initial; 0 when absent), and counts the reads that do not show the new title:
//   RESULT mode=staleness_token trials=... stale=... errors=... sequence_seen=...
// (sequence_seen: the updates whose response carried sec-sequence).
//
// sweep warms each server's read cache before it is measured, as a replica that has served for
// a while has it: through EACH of the --target servers in turn (4 calls at a time) it asks for
// every reference SECMP0001..SECMP<refs> once and walks the first --pages pages of the listing
// that list mode walks. Prints RESULT mode=sweep calls=... errors=... seconds=...
//
// idle_streams opens that many WatchEvents streams (one principal, nothing being written), waits
// until the server has answered every one, and then reads the server's thread count and CPU
// time from /proc over --hold_s: RESULT mode=idle_streams open=... threads=... cpu_pct=...
// (cpu_pct: percent of one core). --streams=0 measures the same server with none open. The streams
// are spread over connections, --streams_per_connection (50) each: a connection carries at most
// the server's max_concurrent_streams (secd: 100) calls at a time.
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
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "sec/v1/register.grpc.pb.h"

ABSL_FLAG(std::string, mode, "get",
          "get, list, create, mixed, capture, wait_serving, idle_streams, staleness or sweep");
ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "server address (loopback); load modes: several, comma-separated, share the connections "
          "round-robin");
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
ABSL_FLAG(int, streams_per_connection, 50,
          "idle_streams: streams per TCP connection (below the server's max_concurrent_streams)");
ABSL_FLAG(double, write_percent, 5, "mixed: percent of calls that are CreateModification");
ABSL_FLAG(std::string, read_target, "", "staleness: the replica read through (B)");
ABSL_FLAG(int, trials, 1000, "staleness: updates through A, each then read through B");
ABSL_FLAG(bool, min_sequence, false,
          "staleness: read B once per trial with sec-min-sequence and count stale reads");
ABSL_FLAG(double, stale_timeout_s, 5, "staleness: a trial still stale after this has timed out");

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
  // Whether the call in flight is a write (mixed mode counts reads and writes apart).
  bool write = false;
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

// mixed: a GetModification or, with probability `write_fraction`, a CreateModification.
class MixedSlot final : public Slot {
 public:
  MixedSlot(std::string bearer, v1::RegisterService::Stub* stub,
            std::shared_ptr<std::mt19937_64> rng, int refs, double write_fraction)
      : bearer_(std::move(bearer)),
        stub_(stub),
        rng_(std::move(rng)),
        refs_(refs),
        write_fraction_(write_fraction) {}

  void Start(grpc::CompletionQueue* cq) override {
    write = std::uniform_real_distribution<double>(0, 1)(*rng_) < write_fraction_;
    ctx_ = std::make_unique<grpc::ClientContext>();
    ctx_->AddMetadata("authorization", bearer_);
    ctx_->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    resp_.Clear();
    started = absl::Now();
    if (write) {
      FillCreate(&create_, *rng_);
      reader_ = stub_->PrepareAsyncCreateModification(ctx_.get(), create_, cq);
    } else {
      const int n = 1 + static_cast<int>((*rng_)() % static_cast<uint64_t>(refs_));
      get_.set_name(absl::StrFormat("modifications/SECMP%04d", n));
      reader_ = stub_->PrepareAsyncGetModification(ctx_.get(), get_, cq);
    }
    reader_->StartCall();
    reader_->Finish(&resp_, &status_, this);
  }
  const grpc::Status& Finished() override { return status_; }

 private:
  const std::string bearer_;
  v1::RegisterService::Stub* stub_;
  std::shared_ptr<std::mt19937_64> rng_;
  const int refs_;
  const double write_fraction_;
  v1::GetModificationRequest get_;
  v1::CreateModificationRequest create_;
  v1::Modification resp_;  // both methods answer a Modification
  grpc::Status status_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Modification>> reader_;
};

struct ThreadResult {
  std::vector<int64_t> lat_us;        // reads in mixed mode, every call otherwise
  std::vector<int64_t> write_lat_us;  // mixed mode's writes
  int64_t ok_total = 0;
  // By (is a write, status code).
  std::map<std::pair<bool, int>, int64_t> errors;
  std::map<std::pair<bool, int>, std::string> first_error;
};

std::vector<std::string> Targets() {
  std::vector<std::string> out =
      absl::StrSplit(absl::GetFlag(FLAGS_target), ',', absl::SkipEmpty());
  if (out.empty()) out.push_back(absl::GetFlag(FLAGS_target));
  return out;
}

int RunLoad(const std::string& mode) {
  const std::string bearer = absl::StrCat("Bearer ", ReadToken(absl::GetFlag(FLAGS_token_file)));
  const std::vector<std::string> targets = Targets();
  const int n_conn =
      std::max({1, absl::GetFlag(FLAGS_connections), static_cast<int>(targets.size())});
  const int n_calls = std::max(1, absl::GetFlag(FLAGS_concurrency));
  const int n_threads = std::max(1, std::min(absl::GetFlag(FLAGS_threads), n_calls));
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::RegisterService::Stub>> stubs;
  for (int i = 0; i < n_conn; ++i) {
    channels.push_back(Connect(targets[i % targets.size()], i));
    stubs.push_back(v1::RegisterService::NewStub(channels.back()));
  }
  std::vector<std::unique_ptr<grpc::CompletionQueue>> cqs;
  for (int t = 0; t < n_threads; ++t) cqs.push_back(std::make_unique<grpc::CompletionQueue>());

  const int refs = absl::GetFlag(FLAGS_refs);
  const int page_size = absl::GetFlag(FLAGS_page_size);
  const int pages = absl::GetFlag(FLAGS_pages);
  const double write_fraction = std::clamp(absl::GetFlag(FLAGS_write_percent), 0.0, 100.0) / 100;
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
    } else if (mode == "mixed") {
      slots.push_back(std::make_unique<MixedSlot>(bearer, stub, rng, refs, write_fraction));
    } else {
      std::fprintf(stderr, "loadgen: unknown --mode=%s\n", mode.c_str());
      return 2;
    }
  }
  // Connect every channel before the clock starts.
  for (size_t i = 0; i < channels.size(); ++i) {
    if (!channels[i]->WaitForConnected(std::chrono::system_clock::now() +
                                       std::chrono::seconds(5))) {
      std::fprintf(stderr, "loadgen: cannot connect to %s\n", targets[i % targets.size()].c_str());
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
            (slot->write ? res.write_lat_us : res.lat_us)
                .push_back(absl::ToInt64Microseconds(now - slot->started));
          }
        } else {
          const std::pair<bool, int> key(slot->write, st.error_code());
          ++res.errors[key];
          res.first_error.emplace(key, st.error_message());
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

  std::vector<int64_t> lat, write_lat;
  int64_t ok_total = 0, err_total = 0, write_err_total = 0;
  std::map<std::pair<bool, int>, int64_t> errors;
  std::map<std::pair<bool, int>, std::string> first_error;
  for (ThreadResult& r : results) {
    lat.insert(lat.end(), r.lat_us.begin(), r.lat_us.end());
    write_lat.insert(write_lat.end(), r.write_lat_us.begin(), r.write_lat_us.end());
    ok_total += r.ok_total;
    for (auto [key, n] : r.errors) {
      errors[key] += n;
      err_total += n;
      if (key.first) write_err_total += n;
    }
    for (auto& [key, msg] : r.first_error) first_error.emplace(key, msg);
  }
  std::sort(lat.begin(), lat.end());
  std::sort(write_lat.begin(), write_lat.end());
  auto pct = [](const std::vector<int64_t>& v, double p) -> double {
    if (v.empty()) return 0;
    size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
    return static_cast<double>(v[i]) / 1000.0;
  };
  // Calls that started in the window and finished in it; the few straddling its start are
  // dropped, which undercounts both servers alike by at most `concurrency` calls.
  const double duration = absl::GetFlag(FLAGS_duration_s);
  const double rps = static_cast<double>(lat.size()) / duration;
  std::string writes;
  if (mode == "mixed") {
    writes = absl::StrFormat(" write_rps=%.1f write_p99_ms=%.3f write_errors=%lld",
                             static_cast<double>(write_lat.size()) / duration, pct(write_lat, 0.99),
                             static_cast<long long>(write_err_total));
  }
  std::printf("RESULT mode=%s rps=%.1f p50_ms=%.3f p99_ms=%.3f%s ok=%lld errors=%lld\n",
              mode.c_str(), rps, pct(lat, 0.50), pct(lat, 0.99), writes.c_str(),
              static_cast<long long>(ok_total), static_cast<long long>(err_total));
  for (auto& [key, n] : errors) {
    std::fprintf(stderr, "loadgen: %lld %s calls failed with code %d: %s\n",
                 static_cast<long long>(n),
                 mode != "mixed" ? mode.c_str()
                 : key.first     ? "mixed create"
                                 : "mixed get",
                 key.second, first_error[key].c_str());
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
  // A connection carries at most the server's max_concurrent_streams (secd: 100) calls at once;
  // the rest would wait in the client, never reaching the server (until this was spread over
  // connections the 1,000-stream figure was measured with 100 open). Each channel is its own
  // connection (Connect's channel id).
  const int per_conn = std::max(1, absl::GetFlag(FLAGS_streams_per_connection));
  std::vector<std::unique_ptr<v1::RegisterService::Stub>> stubs;
  for (int c = 0; c * per_conn < std::max(n, 1); ++c) {
    stubs.push_back(v1::RegisterService::NewStub(Connect(absl::GetFlag(FLAGS_target), c)));
  }
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
    s->reader = stubs[i / per_conn]->PrepareAsyncWatchEvents(&s->ctx, req, &cq);
    s->reader->StartCall(tag(i, 0));
    s->reader->ReadInitialMetadata(tag(i, 1));
    streams.push_back(std::move(s));
  }
  // A stream counts as open once the server has sent its headers and it has not ended.
  std::vector<char> answered_by_server(n, 0);
  const auto give_up = std::chrono::system_clock::now() + std::chrono::seconds(60);
  for (int answered = 0; answered < 2 * n;) {
    void* t;
    bool ok;
    if (cq.AsyncNext(&t, &ok, give_up) != grpc::CompletionQueue::NextStatus::GOT_EVENT) break;
    ++answered;
    const intptr_t v = reinterpret_cast<intptr_t>(t);
    if (v % 3 == 1 && ok) answered_by_server[v / 3] = 1;
  }
  // Every stream has an answer; a refused one has ended, so its read fails at once. Counted
  // over a second, which also lets the server settle after the opening burst.
  for (int i = 0; i < n; ++i) streams[i]->reader->Read(&streams[i]->event, tag(i, 2));
  const auto settled = std::chrono::system_clock::now() + std::chrono::seconds(1);
  for (;;) {
    void* t;
    bool ok;
    if (cq.AsyncNext(&t, &ok, settled) != grpc::CompletionQueue::NextStatus::GOT_EVENT) break;
    const intptr_t v = reinterpret_cast<intptr_t>(t);
    if (!ok && v % 3 == 2) answered_by_server[v / 3] = 0;
  }
  const int open = static_cast<int>(
      std::count(answered_by_server.begin(), answered_by_server.end(), static_cast<char>(1)));
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

// The value of `key` in a call's trailing metadata, else its initial metadata; "" when absent.
std::string ServerMetadata(const grpc::ClientContext& ctx, const std::string& key) {
  for (const auto* md : {&ctx.GetServerTrailingMetadata(), &ctx.GetServerInitialMetadata()}) {
    auto it = md->find(key);
    if (it != md->end()) return std::string(it->second.data(), it->second.size());
  }
  return "";
}

// Warms each target's read cache: every reference once, and the list walk's pages.
int Sweep() {
  const std::string bearer = absl::StrCat("Bearer ", ReadToken(absl::GetFlag(FLAGS_token_file)));
  const int refs = absl::GetFlag(FLAGS_refs);
  const absl::Time start = absl::Now();
  std::atomic<int64_t> calls{0}, errors{0};
  auto ctx = [&] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", bearer);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  };
  for (const std::string& target : Targets()) {
    auto stub = v1::RegisterService::NewStub(Connect(target, 0));
    std::atomic<int> next{1};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int n; (n = next.fetch_add(1)) <= refs;) {
          v1::GetModificationRequest req;
          req.set_name(absl::StrFormat("modifications/SECMP%04d", n));
          v1::Modification resp;
          ++calls;
          if (!stub->GetModification(ctx().get(), req, &resp).ok()) ++errors;
        }
      });
    }
    for (auto& th : threads) th.join();
    v1::ListModificationsRequest list;
    list.set_page_size(absl::GetFlag(FLAGS_page_size));
    for (int page = 0; page < absl::GetFlag(FLAGS_pages); ++page) {
      v1::ListModificationsResponse resp;
      ++calls;
      if (!stub->ListModifications(ctx().get(), list, &resp).ok()) {
        ++errors;
        break;
      }
      if (resp.next_page_token().empty()) break;
      list.set_page_token(resp.next_page_token());
    }
  }
  std::printf("RESULT mode=sweep calls=%lld errors=%lld seconds=%.1f\n",
              static_cast<long long>(calls.load()), static_cast<long long>(errors.load()),
              absl::ToDoubleSeconds(absl::Now() - start));
  return errors == 0 ? 0 : 3;
}

// Cross-replica staleness: writes through --target (A), reads through --read_target (B).
int Staleness() {
  const std::string bearer = absl::StrCat("Bearer ", ReadToken(absl::GetFlag(FLAGS_token_file)));
  const std::string a_target = absl::GetFlag(FLAGS_target);
  const std::string b_target = absl::GetFlag(FLAGS_read_target);
  if (b_target.empty()) {
    std::fprintf(stderr, "loadgen: staleness needs --read_target\n");
    return 2;
  }
  auto a = v1::RegisterService::NewStub(Connect(a_target, 0));
  auto b = v1::RegisterService::NewStub(Connect(b_target, 1));
  const int trials = std::max(1, absl::GetFlag(FLAGS_trials));
  const bool token = absl::GetFlag(FLAGS_min_sequence);
  const absl::Duration timeout = absl::Seconds(absl::GetFlag(FLAGS_stale_timeout_s));
  auto ctx = [&] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", bearer);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  };
  std::mt19937_64 rng(0x57a1e + absl::ToUnixNanos(absl::Now()));
  auto fail = [](const char* what, const grpc::Status& s) {
    std::fprintf(stderr, "loadgen staleness: %s: %d %s\n", what, s.error_code(),
                 s.error_message().c_str());
    return 1;
  };

  // The proposal, raised through A and read once through B (which may then cache it).
  v1::CreateModificationRequest create;
  FillCreate(&create, rng);
  v1::Modification cur;
  if (auto s = a->CreateModification(ctx().get(), create, &cur); !s.ok()) return fail("create", s);
  v1::GetModificationRequest get;
  get.set_name(cur.name());
  for (const absl::Time give_up = absl::Now() + timeout;;) {
    v1::Modification seen;
    grpc::Status s = b->GetModification(ctx().get(), get, &seen);
    if (s.ok()) break;
    if (s.error_code() != grpc::StatusCode::NOT_FOUND || absl::Now() > give_up) {
      return fail("first read through B", s);
    }
  }

  std::vector<int64_t> lat_us;
  int64_t errors = 0, timeouts = 0, stale = 0, sequence_seen = 0;
  std::map<int, std::string> first_error;
  auto error = [&](const grpc::Status& s) {
    ++errors;
    first_error.emplace(s.error_code(), s.error_message());
  };
  for (int i = 0; i < trials; ++i) {
    v1::UpdateModificationRequest update;
    update.mutable_modification()->set_name(cur.name());
    update.mutable_modification()->set_etag(cur.etag());
    update.mutable_modification()->set_title(
        absl::StrCat("Changes to the DCC User Interface Specification, staleness trial ", i + 1));
    update.mutable_update_mask()->add_paths("title");
    update.set_request_id(RequestId(rng));
    auto uctx = ctx();
    v1::Modification updated;
    grpc::Status s = a->UpdateModification(uctx.get(), update, &updated);
    const absl::Time answered = absl::Now();
    if (!s.ok()) {
      // Counted; the next trial starts from A's current copy (its etag).
      error(s);
      if (auto g = a->GetModification(ctx().get(), get, &cur); !g.ok()) return fail("re-read", g);
      continue;
    }
    cur = updated;
    std::string sequence = ServerMetadata(*uctx, "sec-sequence");
    if (sequence.empty()) {
      sequence = "0";
    } else {
      ++sequence_seen;
    }
    if (token) {
      auto gctx = ctx();
      gctx->AddMetadata("sec-min-sequence", sequence);
      v1::Modification seen;
      grpc::Status g = b->GetModification(gctx.get(), get, &seen);
      if (!g.ok()) {
        error(g);
      } else if (seen.title() != cur.title()) {
        ++stale;
      }
      continue;
    }
    for (;;) {
      v1::Modification seen;
      grpc::Status g = b->GetModification(ctx().get(), get, &seen);
      const absl::Time now = absl::Now();
      if (!g.ok()) error(g);
      if (g.ok() && seen.title() == cur.title()) {
        lat_us.push_back(absl::ToInt64Microseconds(now - answered));
        break;
      }
      if (now - answered > timeout) {
        ++timeouts;
        lat_us.push_back(absl::ToInt64Microseconds(timeout));
        break;
      }
    }
  }
  for (auto& [code, msg] : first_error) {
    std::fprintf(stderr, "loadgen staleness: calls failed with code %d: %s\n", code, msg.c_str());
  }
  if (token) {
    std::printf("RESULT mode=staleness_token trials=%d stale=%lld errors=%lld sequence_seen=%lld\n",
                trials, static_cast<long long>(stale), static_cast<long long>(errors),
                static_cast<long long>(sequence_seen));
    return errors == 0 ? 0 : 3;
  }
  std::sort(lat_us.begin(), lat_us.end());
  auto pct = [&](double p) -> double {
    if (lat_us.empty()) return 0;
    size_t i =
        std::min(lat_us.size() - 1, static_cast<size_t>(p * static_cast<double>(lat_us.size())));
    return static_cast<double>(lat_us[i]) / 1000.0;
  };
  std::printf(
      "RESULT mode=staleness trials=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f timeouts=%lld "
      "errors=%lld\n",
      lat_us.size(), pct(0.50), pct(0.99),
      lat_us.empty() ? 0.0 : static_cast<double>(lat_us.back()) / 1000.0,
      static_cast<long long>(timeouts), static_cast<long long>(errors));
  return errors == 0 && timeouts == 0 ? 0 : 3;
}

}  // namespace
}  // namespace sec::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode == "capture") return sec::bench::Capture();
  if (mode == "wait_serving") return sec::bench::WaitServing();
  if (mode == "idle_streams") return sec::bench::IdleStreams();
  if (mode == "staleness") return sec::bench::Staleness();
  if (mode == "sweep") return sec::bench::Sweep();
  return sec::bench::RunLoad(mode);
}
