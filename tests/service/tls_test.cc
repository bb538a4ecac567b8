// TLS and mutual TLS with certificates made at test time by the openssl CLI: an in-process
// server for the cases, and the real secd with the real secctl for the flags.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "sec/v1/register.grpc.pb.h"
#include "support/process.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::Backend;
using ::sec::testing::CommandResult;
using ::sec::testing::MakeTempDir;
using ::sec::testing::ReadFileText;
using ::sec::testing::Run;
using ::sec::testing::Secctl;
using ::sec::testing::TestServer;
using ::testing::HasSubstr;

// A test CA, a server certificate for 127.0.0.1/localhost and client certificates by CN.
class Pki {
 public:
  Pki() : dir_(MakeTempDir("secd-tls")) {
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", Path("ca.key"), "-out", Path("ca.pem"), "-days", "2", "-subj",
             "/CN=secd test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
             "keyUsage=critical,keyCertSign,cRLSign"});
    Issue("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  }

  // Issues NAME.pem/NAME.key with common name `cn`, signed by `ca` (another CA: "other").
  void Issue(const std::string& name, const std::string& cn, const std::string& ext = "",
             const std::string& ca = "ca") {
    std::ofstream(Path(name + ".ext")) << (ext.empty() ? "basicConstraints=CA:FALSE" : ext)
                                       << "\n";
    Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", Path(name + ".key"), "-out", Path(name + ".csr"), "-subj",
             "/CN=" + cn});
    Openssl({"x509", "-req", "-in", Path(name + ".csr"), "-CA", Path(ca + ".pem"), "-CAkey",
             Path(ca + ".key"), "-CAcreateserial", "-out", Path(name + ".pem"), "-days", "2",
             "-extfile", Path(name + ".ext")});
  }
  void MakeOtherCa() {
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", Path("other.key"), "-out", Path("other.pem"), "-days", "2",
             "-subj", "/CN=another CA", "-addext", "basicConstraints=critical,CA:TRUE"});
  }

  std::string Path(const std::string& file) const { return dir_ + "/" + file; }
  std::string Pem(const std::string& file) const { return ReadFileText(Path(file)); }

 private:
  void Openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    CommandResult r = Run(args, dir_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string dir_;
};

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new Pki();
    pki_->Issue("ops", "ops-console");
    pki_->Issue("stranger", "stranger");
    pki_->MakeOtherCa();
    pki_->Issue("forged", "ops-console", "", "other");
    pki_->Issue("server-other", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "other");
  }
  static void TearDownTestSuite() { delete pki_; }

  // `mutual`: clients must present a certificate from the test CA; CN ops-console is SECAS.
  // `cert`/`key`: the server's files (default: the test CA's server certificate).
  void Start(bool mutual, const std::string& cert = "", const std::string& key = "") {
    absl::StatusOr<std::unique_ptr<storage::Store>> s =
        testing::NewTestStore(Backend::kSqlite);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
    service::ServerOptions opts;
    opts.tls_cert_file = cert.empty() ? pki_->Path("server.pem") : cert;
    opts.tls_key_file = key.empty() ? pki_->Path("server.key") : key;
    if (mutual) opts.tls_client_ca_file = pki_->Path("ca.pem");
    server_ = std::make_unique<TestServer>(store_.get(), opts, "cert:ops-console ops-console SECAS");
  }

  // A stub over TLS trusting `ca` ("" = the system roots), with client certificate `client`.
  std::unique_ptr<v1::RegisterService::Stub> TlsStub(const std::string& ca = "ca.pem",
                                                     const std::string& client = "") {
    grpc::SslCredentialsOptions ssl;
    if (!ca.empty()) ssl.pem_root_certs = pki_->Pem(ca);
    if (!client.empty()) {
      ssl.pem_cert_chain = pki_->Pem(client + ".pem");
      ssl.pem_private_key = pki_->Pem(client + ".key");
    }
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return v1::RegisterService::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::SslCredentials(ssl), args));
  }

  // CreateParty is SECAS-only: success proves which principal the server saw.
  grpc::Status CreateParty(v1::RegisterService::Stub& stub, const std::string& token,
                           const std::string& id) {
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::CreatePartyRequest req;
    req.set_party_id(id);
    req.mutable_party()->set_display_name(id);
    req.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
    v1::Party out;
    return stub.CreateParty(&ctx, req, &out);
  }

  static Pki* pki_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<TestServer> server_;
};
Pki* TlsTest::pki_ = nullptr;

TEST_F(TlsTest, CallOverTlsWorksWithTheCa) {
  Start(/*mutual=*/false);
  auto stub = TlsStub();
  grpc::Status s = CreateParty(*stub, TestServer::TokenFor("admin"), "british-gas");
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(TlsTest, PlaintextClientFails) {
  Start(/*mutual=*/false);
  auto plain = v1::RegisterService::NewStub(server_->channel());
  grpc::Status s = CreateParty(*plain, TestServer::TokenFor("admin"), "british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsTest, ClientThatDoesNotTrustTheServersCaFails) {
  Start(/*mutual=*/false);
  auto stub = TlsStub("other.pem");
  grpc::Status s = CreateParty(*stub, TestServer::TokenFor("admin"), "british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsTest, MutualTlsRefusesAClientWithoutACertificate) {
  Start(/*mutual=*/true);
  // Even with a valid token: the handshake fails before any call.
  grpc::Status s = CreateParty(*TlsStub(), TestServer::TokenFor("admin"), "british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsTest, MutualTlsRefusesACertificateFromAnotherCa) {
  Start(/*mutual=*/true);
  // Same CN as a mapped principal, but not signed by the client CA.
  grpc::Status s = CreateParty(*TlsStub("ca.pem", "forged"), "", "british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsTest, MappedCertificateAuthenticatesWithoutAToken) {
  Start(/*mutual=*/true);
  grpc::Status s = CreateParty(*TlsStub("ca.pem", "ops"), "", "british-gas");
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(TlsTest, UnknownCertificateWithoutATokenIsUnauthenticated) {
  Start(/*mutual=*/true);
  auto stub = TlsStub("ca.pem", "stranger");
  grpc::Status s = CreateParty(*stub, "", "british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  // The same connection with a token: the token names the principal.
  s = CreateParty(*stub, TestServer::TokenFor("admin"), "british-gas");
  EXPECT_TRUE(s.ok()) << s.error_message();
  // A token the server does not know is refused even with a mapped certificate: a presented
  // token is always judged, never silently replaced by the certificate.
  s = CreateParty(*TlsStub("ca.pem", "ops"), "not-a-token", "edf-energy");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
}

TEST_F(TlsTest, CertificateMappingNeedsMutualTls) {
  // Server-only TLS never asks for a client certificate, so nothing maps one.
  Start(/*mutual=*/false);
  grpc::Status s = CreateParty(*TlsStub("ca.pem", "ops"), "", "british-gas");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
}

// SIGHUP's TLS half (Server::ReloadTls): new connections get the new certificate once it is
// valid; an unreadable, malformed or mismatched one is refused and the one in use still holds.
TEST_F(TlsTest, ReloadTakesANewCertificateAndKeepsTheOldOneWhenTheNewIsBad) {
  const std::string dir = MakeTempDir("secd-tls-reload");
  auto place = [&](const std::string& cert, const std::string& key) {
    std::ofstream(dir + "/cert.pem") << cert;
    std::ofstream(dir + "/key.pem") << key;
  };
  place(pki_->Pem("server.pem"), pki_->Pem("server.key"));
  Start(/*mutual=*/false, dir + "/cert.pem", dir + "/key.pem");
  auto works_with = [&](const std::string& ca) {
    return CreateParty(*TlsStub(ca), TestServer::TokenFor("admin"), "probe").error_code() !=
           grpc::StatusCode::UNAVAILABLE;
  };
  // Polls (the server's file watcher reads its copies every second): order, not time.
  auto eventually = [&](const std::function<bool()>& ok) {
    for (int i = 0; i < 100; ++i) {
      if (ok()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  ASSERT_TRUE(works_with("ca.pem"));
  EXPECT_FALSE(works_with("other.pem"));

  place(pki_->Pem("server-other.pem"), pki_->Pem("server-other.key"));
  ASSERT_TRUE(server_->server().ReloadTls().ok());
  EXPECT_TRUE(eventually([&] { return works_with("other.pem"); }));

  for (const auto& [cert, key] : std::vector<std::pair<std::string, std::string>>{
           {"not a certificate", pki_->Pem("server.key")},
           {pki_->Pem("server.pem"), pki_->Pem("server-other.key")}}) {
    place(cert, key);
    absl::Status s = server_->server().ReloadTls();
    EXPECT_FALSE(s.ok());
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(works_with("other.pem")) << s;
  }
  std::remove((dir + "/cert.pem").c_str());
  EXPECT_FALSE(server_->server().ReloadTls().ok());
  EXPECT_TRUE(works_with("other.pem"));
}

// The real binaries: secd --tls_cert/--tls_key(/--tls_client_ca), secctl --tls-ca/-cert/-key.
class RealSecd {
 public:
  // `client`: a certificate/key prefix to wait with when secd requires one.
  RealSecd(const std::string& dir, std::vector<std::string> flags, const std::string& ca,
           const std::string& client = "")
      : port_(testing::FreePort()) {
    std::vector<std::string> argv = {absl::StrCat(SEC_BINARY_DIR, "/server/secd"),
                                     absl::StrCat("--listen=127.0.0.1:", port_),
                                     "--metrics_listen=", "--database=sqlite:" + dir + "/secd.db"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    pid_ = fork();
    if (pid_ == 0) {
      int log = ::open((dir + "/secd.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(log, 2);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    // SecdProcess waits with a plaintext channel, which never connects to a TLS port.
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileText(ca);
    if (!client.empty()) {
      ssl.pem_cert_chain = ReadFileText(client + ".pem");
      ssl.pem_private_key = ReadFileText(client + ".key");
    }
    auto channel = grpc::CreateChannel(address(), grpc::SslCredentials(ssl));
    channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(20));
  }
  ~RealSecd() {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int port_;
  pid_t pid_;
};

TEST_F(TlsTest, SecctlTalksTlsToTheRealSecd) {
  const std::string dir = MakeTempDir("secd-tls-real");
  const std::string token = "secctl-tls-test-token";
  std::ofstream(dir + "/tokens")
      << service::TokensFileLine(token, Principal{"admin", {Role::kSecas}, ""}) << "\n"
      << "cert:ops-console ops-console SECAS\n";
  std::ofstream(dir + "/token") << token << "\n";
  RealSecd secd(dir,
                {"--tokens_file=" + dir + "/tokens", "--tls_cert=" + pki_->Path("server.pem"),
                 "--tls_key=" + pki_->Path("server.key")},
                pki_->Path("ca.pem"));
  CommandResult r = Secctl(secd.address(), dir + "/token",
                           {"--tls-ca", pki_->Path("ca.pem"), "parties", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Without --tls-ca secctl speaks plaintext, which a TLS server cannot answer: UNAVAILABLE.
  r = Secctl(secd.address(), dir + "/token", {"--deadline", "3", "parties", "list"});
  EXPECT_EQ(r.exit_code, 10 + grpc::StatusCode::UNAVAILABLE) << r.err;
  // A CA file that cannot be read is a usage error, not a handshake mystery.
  r = Secctl(secd.address(), dir + "/token", {"--tls-ca", dir + "/no-such.pem", "parties", "list"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--tls-ca"));
}

TEST_F(TlsTest, SecctlClientCertificateAgainstTheRealSecd) {
  const std::string dir = MakeTempDir("secd-mtls-real");
  std::ofstream(dir + "/tokens") << "cert:ops-console ops-console SECAS\n";
  RealSecd secd(dir,
                {"--tokens_file=" + dir + "/tokens", "--tls_cert=" + pki_->Path("server.pem"),
                 "--tls_key=" + pki_->Path("server.key"),
                 "--tls_client_ca=" + pki_->Path("ca.pem")},
                pki_->Path("ca.pem"), pki_->Path("ops"));
  // No token at all: the certificate is the credential.
  CommandResult r = Secctl(secd.address(), "",
                           {"--tls-ca", pki_->Path("ca.pem"), "--tls-cert", pki_->Path("ops.pem"),
                            "--tls-key", pki_->Path("ops.key"), "parties", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Secctl(secd.address(), "",
             {"--deadline", "3", "--tls-ca", pki_->Path("ca.pem"), "parties", "list"});
  EXPECT_EQ(r.exit_code, 10 + grpc::StatusCode::UNAVAILABLE) << r.err;
  EXPECT_THAT(ReadFileText(dir + "/secd.log"), HasSubstr("tls=mutual"));
}

}  // namespace
}  // namespace sec
