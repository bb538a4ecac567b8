#ifndef SEC_TESTS_SUPPORT_TEST_SUPPORT_H_
#define SEC_TESTS_SUPPORT_TEST_SUPPORT_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/party.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/auth.h"
#include "service/read_cache.h"
#include "service/env.h"
#include "service/services.h"
#include "storage/store.h"

namespace sec::testing {

// Every storage and service test runs on both backends: the embedded SQLite file and a real
// MariaDB server (tests/support/mariadb-fixture.sh starts one; SECD_TEST_MYSQL_URL and
// SECD_TEST_MYSQL_PASSWORD point at another instead).
enum class Backend { kSqlite, kMysql };
std::string BackendName(Backend b);

// A fresh, migrated, empty store: a new SQLite file or a new MariaDB database.
absl::StatusOr<std::unique_ptr<storage::Store>> NewTestStore(Backend b,
                                                           storage::StoreOptions options = {});
// The connection URL and password of the test MariaDB server (started when needed), with a
// fresh database created for the caller.
struct MysqlTarget {
  std::string url;  // mysql://secd@127.0.0.1:PORT/DB
  std::string password;
};
absl::StatusOr<MysqlTarget> NewMysqlDatabase();

// A large supplier `id` ("Party <id>", version 1), for storage tests to insert.
Party MakeParty(const std::string& id);

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  storage::Store& store() { return *store_; }
  std::unique_ptr<storage::Store> store_;
};

// Instantiates a TEST_P suite derived from BackendTest for both backends.
#define SEC_INSTANTIATE_BACKENDS(Suite)                                                \
  INSTANTIATE_TEST_SUITE_P(                                                            \
      Backends, Suite,                                                                 \
      ::testing::Values(::sec::testing::Backend::kSqlite, ::sec::testing::Backend::kMysql), \
      [](const ::testing::TestParamInfo<::sec::testing::Backend>& info) {              \
        return ::sec::testing::BackendName(info.param);                               \
      })

// secd's services on a free loopback port, in this process, with a token per role:
//   admin (SECAS), panel (PANEL), authority (AUTHORITY),
//   cb and cb-large2 (CHANGE_BOARD, voting for LARGE_SUPPLIER), cb-small (SMALL_SUPPLIER),
//   cb-network (ELECTRICITY_NETWORK_PARTY),
//   sos (SECRETARY_OF_STATE), ssc (SECURITY_SUB_COMMITTEE), dcc (DCC),
//   bg (PARTY british-gas), edf (PARTY edf-energy).
// The clock is settable so business dates are deterministic.
class TestServer {
 public:
  explicit TestServer(storage::Store* store);
  // With server options (TLS, limits, metrics; `listen` is replaced by a free loopback port) and
  // extra tokens-file lines (e.g. "cert:<CN> name ROLE"). channel() stays a plaintext channel:
  // a TLS test makes its own.
  TestServer(storage::Store* store, service::ServerOptions options,
             const std::string& extra_tokens = "");
  ~TestServer();

  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  // A context carrying the token of principal `who` (see above), with a 30 s deadline.
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& who) const;
  static std::string TokenFor(const std::string& who);
  void SetNow(absl::Time t);
  int port() const { return server_->port(); }
  service::Server& server() { return *server_; }

 private:
  struct Clock;
  std::shared_ptr<Clock> clock_;
  service::Principals principals_;
  std::shared_ptr<service::ReadCache> read_cache_;
  std::unique_ptr<service::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A BackendTest with a TestServer on its store, whose clock starts at 2017-04-10 12:00 UTC.
class ServiceTest : public BackendTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  TestServer& server() { return *server_; }
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& who) { return server_->Ctx(who); }
  std::unique_ptr<TestServer> server_;
};

// SECAS registers party `id` ("Party <id>") through the API of `server`.
grpc::Status RegisterParty(TestServer& server, const std::string& id,
                           v1::PartyCategory category = v1::PARTY_CATEGORY_LARGE_SUPPLIER);

// SECAS records meeting `number` of `body` on `date` through the API of `server`.
grpc::Status CreateMeeting(TestServer& server, v1::MeetingBody body, int number,
                           const std::string& date);

// Every row of every table of the store, as text in a stable order: what a refused request must
// leave exactly as it was.
std::string DumpStore(storage::Store& store);

// One call of `method` ("/sec.v1.RegisterService/GetParty") with a serialized request, through
// gRPC's generic stub, so that a test can walk every method of the service descriptors.
// `token` empty: no credentials; otherwise the bearer token. A server stream is read until it
// ends; but once its initial metadata has come, `open()` may say the server holds it open (it
// was admitted): it is then cancelled and OK returned.
grpc::Status CallMethod(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                        bool server_stream, const std::string& request, const std::string& token,
                        const std::function<bool()>& open = nullptr);

// What an error's details say (google.rpc.Status in grpc-status-details-bin): the first
// BadRequest field violation's field, and the ErrorInfo reason ("" when absent).
// The trailing `sec-sequence` (consistency token) of a finished call, or -1.
int64_t SequenceOf(const grpc::ClientContext& ctx);

// Every service of the contract ("sec.v1.ReleaseService"): each `service` of each
// protos/sec/v1/*.proto file in the source tree, so a service added later is walked by the
// descriptor tests without a list to update.
std::vector<std::string> ContractServices();

std::string ViolatedField(const grpc::Status& s);
std::string ErrorReason(const grpc::Status& s);

// EXPECT_THAT(status, StatusIs(grpc::StatusCode::NOT_FOUND)) and with a message matcher.
MATCHER_P(StatusIs, code, "has code " + ::testing::PrintToString(code)) {
  if (arg.error_code() == code) return true;
  *result_listener << "code " << arg.error_code() << ": " << arg.error_message();
  return false;
}
MATCHER_P2(StatusIs, code, message_matcher, "has code " + ::testing::PrintToString(code)) {
  if (arg.error_code() != code) {
    *result_listener << "code " << arg.error_code() << ": " << arg.error_message();
    return false;
  }
  return ::testing::ExplainMatchResult(message_matcher, arg.error_message(), result_listener);
}

}  // namespace sec::testing

#endif  // SEC_TESTS_SUPPORT_TEST_SUPPORT_H_
