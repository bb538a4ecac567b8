// Helpers shared by the reliability tests: the real secd on either store, a SECAS client on the
// generated stubs, the register read back in full, and the grpc.health.v1 check by hand.
#ifndef SEC_TESTS_RELIABILITY_RELIABILITY_SUPPORT_H_
#define SEC_TESTS_RELIABILITY_RELIABILITY_SUPPORT_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/auth.h"
#include "support/process.h"
#include "support/test_support.h"

namespace sec::testing::reliability {

// Fast form in CI; the long form sets SECD_RELIABILITY_CYCLES (e.g. 50).
inline int Cycles(int ci_default) {
  const char* v = std::getenv("SECD_RELIABILITY_CYCLES");
  int n = 0;
  if (v != nullptr && absl::SimpleAtoi(v, &n) && n > 0) return n;
  return ci_default;
}

// Where one secd keeps its data and how it is started: the store URL, a tokens file holding one
// SECAS token, and the environment (the MariaDB password).
struct SecdSetup {
  std::string dir;
  std::string database;  // --database
  std::vector<std::string> env;
  std::string token;  // SECAS
  std::vector<std::string> extra_args;

  std::vector<std::string> Args() const {
    std::vector<std::string> args = {"--database=" + database, "--tokens_file=" + dir + "/tokens",
                                     "--metrics_listen=", "--drain_seconds=1"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return args;
  }
  std::unique_ptr<SecdProcess> Start() const {
    return std::make_unique<SecdProcess>(dir, Args(), env);
  }
};

inline SecdSetup NewSetup(Backend backend, const std::string& name) {
  SecdSetup s;
  s.dir = MakeTempDir("secd-rel-" + name + "-");
  s.token = service::NewToken();
  std::ofstream(s.dir + "/tokens")
      << service::TokensFileLine(s.token, Principal{"operator", {Role::kSecas}, ""}) << "\n";
  if (backend == Backend::kSqlite) {
    s.database = "sqlite:" + s.dir + "/secd.db";
  } else {
    absl::StatusOr<MysqlTarget> db = NewMysqlDatabase();
    EXPECT_TRUE(db.ok()) << db.status();
    if (db.ok()) {
      s.database = db->url;
      s.env = {"SECD_DATABASE_PASSWORD=" + db->password};
    }
  }
  return s;
}

// A SECAS client of one secd address.
class Client {
 public:
  Client(const std::string& address, std::string token)
      : token_(std::move(token)),
        stub_(v1::RegisterService::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {}

  std::unique_ptr<grpc::ClientContext> Ctx(
      std::chrono::microseconds deadline = std::chrono::seconds(10)) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token_);
    ctx->set_deadline(std::chrono::system_clock::now() + deadline);
    return ctx;
  }
  v1::RegisterService::Stub& stub() { return *stub_; }

  grpc::Status CreateParty(const std::string& id) {
    v1::CreatePartyRequest req;
    req.set_party_id(id);
    req.set_request_id("party-" + id);
    req.mutable_party()->set_display_name("Party " + id);
    req.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
    v1::Party out;
    return stub_->CreateParty(Ctx().get(), req, &out);
  }

  // Raises a proposal for british-gas whose title is "raise <request_id>".
  grpc::Status Raise(const std::string& request_id, v1::Modification* out,
                     std::chrono::microseconds deadline = std::chrono::seconds(10)) {
    v1::CreateModificationRequest req;
    req.set_request_id(request_id);
    req.mutable_modification()->set_proposer("parties/british-gas");
    req.mutable_modification()->set_title(TitleFor(request_id));
    req.mutable_modification()->add_sections("D");
    return stub_->CreateModification(Ctx(deadline).get(), req, out);
  }
  static std::string TitleFor(const std::string& request_id) { return "raise " + request_id; }

  // Every proposal in the register, by reference order (pages of 1000).
  grpc::Status ListAll(std::vector<v1::Modification>* out) {
    out->clear();
    v1::ListModificationsRequest req;
    req.set_page_size(1000);
    do {
      v1::ListModificationsResponse resp;
      grpc::Status s = stub_->ListModifications(Ctx().get(), req, &resp);
      if (!s.ok()) return s;
      out->insert(out->end(), resp.modifications().begin(), resp.modifications().end());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return grpc::Status::OK;
  }

 private:
  std::string token_;
  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

// Polls HealthStatus until it equals `want` or `timeout` passes; returns the last value.
inline int WaitForHealth(const std::string& address, int want, std::chrono::seconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  int h = HealthStatus(address);
  while (h != want && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    h = HealthStatus(address);
  }
  return h;
}

// The register invariant after any crash or race: references are exactly SECMP0001..SECMP000N
// (unique, no hole); returns the first violation or "".
inline std::string ContiguousReferences(const std::vector<v1::Modification>& mods) {
  for (size_t i = 0; i < mods.size(); ++i) {
    const std::string want = absl::StrFormat("modifications/SECMP%04d", static_cast<int>(i + 1));
    if (mods[i].name() != want) {
      return absl::StrCat("position ", i + 1, " holds ", mods[i].name(), ", expected ", want);
    }
  }
  return "";
}

}  // namespace sec::testing::reliability

#endif  // SEC_TESTS_RELIABILITY_RELIABILITY_SUPPORT_H_
