#include "support/test_support.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "service/call.h"
#include "storage/open/open_store.h"

namespace sec::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  return absl::StrCat(getpid(), "_", counter++, "_", absl::ToUnixMicros(absl::Now()) % 1000000);
}

// Starts the shared test MariaDB (once per machine; the script locks) and returns its base URL.
absl::StatusOr<std::string> MysqlBase(std::string* password) {
  std::string url = Env("SECD_TEST_MYSQL_URL");  // mysql://USER@HOST:PORT (no database)
  if (!url.empty()) {
    *password = Env("SECD_TEST_MYSQL_PASSWORD");
    return url;
  }
  std::string dir = Env("SECD_TEST_MARIADB_DIR");
  if (dir.empty()) dir = absl::StrCat(SEC_BINARY_DIR, "/test-mariadb");
  const std::string cmd = absl::StrCat(SEC_SOURCE_DIR, "/tests/support/mariadb-fixture.sh ensure ",
                                       dir, " >&2");
  if (std::system(cmd.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("could not start the test MariaDB: ", cmd));
  }
  std::ifstream in(dir + "/port");
  std::string port;
  in >> port;
  if (port.empty()) return absl::UnavailableError("test MariaDB wrote no port");
  *password = "secd-test";
  return absl::StrCat("mysql://secd@127.0.0.1:", port);
}

}  // namespace

std::string BackendName(Backend b) { return b == Backend::kSqlite ? "SQLite" : "MariaDB"; }

absl::StatusOr<MysqlTarget> NewMysqlDatabase() {
  MysqlTarget t;
  absl::StatusOr<std::string> base = MysqlBase(&t.password);
  if (!base.ok()) return base.status();
  // Create the database through a connection to the always-present `mysql` schema.
  absl::StatusOr<std::unique_ptr<storage::Store>> admin =
      storage::OpenStore(absl::StrCat(*base, "/mysql"), t.password, {.pool_size = 1});
  if (!admin.ok()) return admin.status();
  const std::string db = absl::StrCat("secd_test_", UniqueSuffix());
  absl::Status s = (*admin)->Read([&](storage::Tx& tx) {
    return tx.conn().ExecScript(absl::StrCat("CREATE DATABASE ", db));
  });
  if (!s.ok()) return s;
  t.url = absl::StrCat(*base, "/", db);
  return t;
}

absl::StatusOr<std::unique_ptr<storage::Store>> NewTestStore(Backend b,
                                                           storage::StoreOptions options) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store;
  if (b == Backend::kSqlite) {
    const std::string path =
        absl::StrCat(::testing::TempDir(), "/secd_test_", UniqueSuffix(), ".db");
    store = storage::OpenStore(absl::StrCat("sqlite:", path), "", options);
  } else {
    absl::StatusOr<MysqlTarget> t = NewMysqlDatabase();
    if (!t.ok()) return t.status();
    store = storage::OpenStore(t->url, t->password, options);
  }
  if (!store.ok()) return store.status();
  absl::StatusOr<std::vector<int>> applied = (*store)->Migrate();
  if (!applied.ok()) return applied.status();
  return store;
}

void BackendTest::SetUp() {
  absl::StatusOr<std::unique_ptr<storage::Store>> s = NewTestStore(GetParam());
  ASSERT_TRUE(s.ok()) << s.status();
  store_ = *std::move(s);
}

struct TestServer::Clock {
  absl::Mutex mu;
  absl::Time now = absl::FromCivil(absl::CivilSecond(2017, 4, 10, 12, 0, 0), absl::UTCTimeZone());
};

namespace {
struct TestPrincipal {
  const char* who;
  const char* roles;
  const char* party;
};
constexpr TestPrincipal kPrincipals[] = {
    {"admin", "SECAS", ""},
    {"panel", "PANEL", ""},
    // Change Board members: the tokens file names each one's voting group.
    {"cb", "CHANGE_BOARD", "group=LARGE_SUPPLIER"},
    {"cb-large2", "CHANGE_BOARD", "group=LARGE_SUPPLIER"},
    {"cb-small", "CHANGE_BOARD", "group=SMALL_SUPPLIER"},
    {"cb-network", "CHANGE_BOARD", "group=ELECTRICITY_NETWORK_PARTY"},
    {"authority", "AUTHORITY", ""},
    {"sos", "SECRETARY_OF_STATE", ""},
    {"ssc", "SECURITY_SUB_COMMITTEE", ""},
    {"dcc", "DCC", ""},
    {"bg", "PARTY", "british-gas"},
    {"edf", "PARTY", "edf-energy"},
};

service::Authenticator TestAuthenticator(const std::string& extra_tokens = "") {
  std::string text = extra_tokens + "\n";
  for (const auto& p : kPrincipals) {
    absl::StrAppend(&text, service::Sha256Hex(TestServer::TokenFor(p.who)), " ", p.who, " ",
                    p.roles, " ", p.party, "\n");
  }
  absl::StatusOr<service::Authenticator> a = service::Authenticator::FromText(text);
  if (!a.ok()) std::abort();
  return *std::move(a);
}
}  // namespace

std::string TestServer::TokenFor(const std::string& who) { return "test-token-" + who; }

TestServer::TestServer(storage::Store* store) : TestServer(store, service::ServerOptions()) {}

TestServer::TestServer(storage::Store* store, service::ServerOptions opts,
                       const std::string& extra_tokens)
    : clock_(std::make_shared<Clock>()), principals_(TestAuthenticator(extra_tokens)) {
  service::ServiceEnv env;
  env.store = store;
  env.principals = &principals_;
  read_cache_ = service::ReadCacheFor(*store, size_t{service::kDefaultReadCacheMb} << 20);  // as secd runs: on for the embedded store
  env.read_cache = read_cache_.get();
  env.now = [clock = clock_] {
    absl::MutexLock lock(&clock->mu);
    return clock->now;
  };
  opts.listen = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<service::Server>> s = service::StartServer(env, opts);
  if (!s.ok()) {
    ADD_FAILURE() << s.status();
    std::abort();
  }
  server_ = *std::move(s);
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                 grpc::InsecureChannelCredentials());
}

TestServer::~TestServer() { server_->Drain(absl::Seconds(1)); }

std::unique_ptr<grpc::ClientContext> TestServer::Ctx(const std::string& who) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + TokenFor(who));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

void TestServer::SetNow(absl::Time t) {
  absl::MutexLock lock(&clock_->mu);
  clock_->now = t;
}

void ServiceTest::SetUp() {
  BackendTest::SetUp();
  if (HasFatalFailure()) return;
  server_ = std::make_unique<TestServer>(store_.get());
}

void ServiceTest::TearDown() { server_.reset(); }

grpc::Status RegisterParty(TestServer& server, const std::string& id, v1::PartyCategory category) {
  v1::CreatePartyRequest req;
  req.set_party_id(id);
  req.mutable_party()->set_display_name("Party " + id);
  req.mutable_party()->set_category(category);
  v1::Party out;
  return v1::RegisterService::NewStub(server.channel())
      ->CreateParty(server.Ctx("admin").get(), req, &out);
}

grpc::Status CreateMeeting(TestServer& server, v1::MeetingBody body, int number,
                           const std::string& date) {
  v1::CreateMeetingRequest req;
  req.mutable_meeting()->set_body(body);
  req.mutable_meeting()->set_number(number);
  req.mutable_meeting()->set_date(date);
  v1::Meeting out;
  return v1::GovernanceService::NewStub(server.channel())
      ->CreateMeeting(server.Ctx("admin").get(), req, &out);
}

std::string DumpStore(storage::Store& store) {
  std::string out;
  absl::Status s = store.Read([&](storage::Tx& tx) -> absl::Status {
    const bool sqlite = tx.dialect().name == "sqlite";
    absl::StatusOr<std::vector<storage::SqlRow>> tables = tx.Query(
        sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
               : "SELECT table_name FROM information_schema.tables "
                 "WHERE table_schema = DATABASE() ORDER BY table_name",
        {});
    if (!tables.ok()) return tables.status();
    for (const storage::SqlRow& t : *tables) {
      const std::string table = t.Str(0);
      absl::StatusOr<std::vector<storage::SqlRow>> rows =
          tx.Query(absl::StrCat("SELECT * FROM ", table), {});
      if (!rows.ok()) return rows.status();
      std::vector<std::string> lines;
      for (const storage::SqlRow& r : *rows) {
        std::string line;
        for (size_t i = 0; i < r.size(); ++i) absl::StrAppend(&line, r.IsNull(i) ? "NULL" : r.Str(i), "|");
        lines.push_back(line);
      }
      std::sort(lines.begin(), lines.end());
      absl::StrAppend(&out, "== ", table, "\n");
      for (const std::string& l : lines) absl::StrAppend(&out, l, "\n");
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

grpc::Status CallMethod(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                        bool server_stream, const std::string& request, const std::string& token,
                        const std::function<bool()>& open) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::CompletionQueue cq;
  grpc::Slice slice(request);
  grpc::ByteBuffer send(&slice, 1), received;
  void* tag;
  bool ok;
  grpc::Status status;
  if (!server_stream) {
    auto call = stub.PrepareUnaryCall(&ctx, method, send, &cq);
    call->StartCall();
    call->Finish(&received, &status, reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
    return status;
  }
  auto call = stub.PrepareCall(&ctx, method, &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  call->Write(send, reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  call->WritesDone(reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  // Initial metadata comes at once from an admitted stream (and with the status of a refused one).
  call->ReadInitialMetadata(reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  bool cancelled = false;
  if (open && open()) {
    ctx.TryCancel();
    cancelled = true;
  }
  do {
    call->Read(&received, reinterpret_cast<void*>(5));
    cq.Next(&tag, &ok);
  } while (ok);
  call->Finish(&status, reinterpret_cast<void*>(6));
  cq.Next(&tag, &ok);
  if (cancelled && status.error_code() == grpc::StatusCode::CANCELLED) return grpc::Status::OK;
  return status;
}

namespace {
absl::optional<google::rpc::Status> Details(const grpc::Status& s) {
  google::rpc::Status details;
  if (s.error_details().empty() || !details.ParseFromString(s.error_details())) {
    return absl::nullopt;
  }
  return details;
}
}  // namespace

int64_t SequenceOf(const grpc::ClientContext& ctx) {
  const auto& md = ctx.GetServerTrailingMetadata();
  auto it = md.find(service::kSequenceHeader);
  int64_t v = -1;
  if (it == md.end() ||
      !absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), &v)) {
    return -1;
  }
  return v;
}

std::vector<std::string> ContractServices() {
  // From the files' text, not the descriptor pool, which holds only the files linked in: a
  // service nothing links would otherwise go unwalked.
  const std::regex service_line(R"(^service\s+(\w+)\s*\{)");
  std::vector<std::string> out;
  const std::filesystem::path dir = std::filesystem::path(SEC_SOURCE_DIR) / "protos/sec/v1";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".proto") continue;
    std::ifstream in(entry.path());
    std::smatch match;
    for (std::string line; std::getline(in, line);) {
      if (std::regex_search(line, match, service_line)) out.push_back("sec.v1." + match[1].str());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ViolatedField(const grpc::Status& s) {
  absl::optional<google::rpc::Status> d = Details(s);
  if (!d) return "";
  for (const auto& any : d->details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) {
      return bad.field_violations(0).field();
    }
  }
  return "";
}

std::string ErrorReason(const grpc::Status& s) {
  absl::optional<google::rpc::Status> d = Details(s);
  if (!d) return "";
  for (const auto& any : d->details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

Party MakeParty(const std::string& id) {
  Party p;
  p.id = id;
  p.display_name = "Party " + id;
  p.category = PartyCategory::kLargeSupplier;
  p.version = 1;
  return p;
}

}  // namespace sec::testing
