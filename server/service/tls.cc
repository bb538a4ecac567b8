#include "service/tls.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace sec::service {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// PEM text as OpenSSL objects (freed on scope exit).
struct Bio {
  explicit Bio(const std::string& pem) : bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))) {}
  ~Bio() { BIO_free(bio); }
  BIO* bio;
};

absl::Status CheckPair(const std::string& cert_pem, const std::string& key_pem) {
  Bio cert_bio(cert_pem), key_bio(key_pem);
  X509* cert = PEM_read_bio_X509(cert_bio.bio, nullptr, nullptr, nullptr);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.bio, nullptr, nullptr, nullptr);
  absl::Status s;
  if (cert == nullptr) {
    s = absl::InvalidArgumentError("the TLS certificate is not a PEM certificate");
  } else if (key == nullptr) {
    s = absl::InvalidArgumentError("the TLS key is not a PEM private key");
  } else if (X509_check_private_key(cert, key) != 1) {
    s = absl::InvalidArgumentError("the TLS key does not belong to the certificate");
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return s;
}

absl::Status CheckCa(const std::string& ca_pem) {
  Bio bio(ca_pem);
  X509* ca = PEM_read_bio_X509(bio.bio, nullptr, nullptr, nullptr);
  if (ca == nullptr) return absl::InvalidArgumentError("the client CA is not a PEM certificate");
  X509_free(ca);
  return absl::OkStatus();
}

// A memory file holding `text`, placed at descriptor `at` when `at` >= 0 (dup2 replaces what
// that descriptor names in one step, so a reader sees the old file or the new, never half).
absl::StatusOr<int> MemoryFile(const std::string& text, int at) {
  const int fd = memfd_create("secd-tls", MFD_CLOEXEC);
  if (fd < 0) return absl::InternalError(absl::StrCat("memfd_create: ", std::strerror(errno)));
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    close(fd);
    return absl::InternalError("cannot copy a TLS file into memory");
  }
  if (at < 0) return fd;
  if (dup2(fd, at) < 0) {
    close(fd);
    return absl::InternalError(absl::StrCat("dup2: ", std::strerror(errno)));
  }
  close(fd);
  return at;
}

std::string PathOf(int fd) { return absl::StrCat("/proc/self/fd/", fd); }

// How often gRPC re-reads the copies: a reload is in use within this.
constexpr unsigned kRefreshSeconds = 1;

}  // namespace

absl::StatusOr<std::unique_ptr<TlsFiles>> TlsFiles::Load(std::string cert_path,
                                                         std::string key_path,
                                                         std::string client_ca_path) {
  std::unique_ptr<TlsFiles> t(new TlsFiles());
  t->cert_path_ = std::move(cert_path);
  t->key_path_ = std::move(key_path);
  t->ca_path_ = std::move(client_ca_path);
  if (absl::Status s = t->Reload(); !s.ok()) return s;
  return t;
}

TlsFiles::~TlsFiles() {
  for (int fd : {cert_fd_, key_fd_, ca_fd_}) {
    if (fd >= 0) close(fd);
  }
}

absl::Status TlsFiles::Reload() {
  absl::StatusOr<std::string> cert = ReadPem(cert_path_, "TLS certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(key_path_, "TLS key");
  if (!key.ok()) return key.status();
  if (absl::Status s = CheckPair(*cert, *key); !s.ok()) return s;
  std::string ca;
  if (!ca_path_.empty()) {
    absl::StatusOr<std::string> read = ReadPem(ca_path_, "client CA");
    if (!read.ok()) return read.status();
    if (absl::Status s = CheckCa(*read); !s.ok()) return s;
    ca = *std::move(read);
  }
  // Every file is good: replace the copies.
  absl::StatusOr<int> fd = MemoryFile(*key, key_fd_);
  if (!fd.ok()) return fd.status();
  key_fd_ = *fd;
  if (fd = MemoryFile(*cert, cert_fd_); !fd.ok()) return fd.status();
  cert_fd_ = *fd;
  if (!ca_path_.empty()) {
    if (fd = MemoryFile(ca, ca_fd_); !fd.ok()) return fd.status();
    ca_fd_ = *fd;
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::ServerCredentials> TlsFiles::Credentials() const {
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      PathOf(key_fd_), PathOf(cert_fd_), ca_fd_ >= 0 ? PathOf(ca_fd_) : "", kRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (ca_fd_ >= 0) {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace sec::service
