#ifndef SEC_SERVICE_TLS_H_
#define SEC_SERVICE_TLS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace sec::service {

// The server's TLS certificate, key and (for mutual TLS) client CA, replaceable while it serves.
//
// gRPC reads them through its file watcher, once a second, from copies secd keeps in memory
// files (memfd, seen as /proc/self/fd/N), never from the configured paths themselves: Reload
// (SIGHUP) reads the configured files, checks them (each parses as PEM, the key matches the
// certificate) and only then replaces the copies. So an unreadable or invalid file keeps the
// set in use, and a half-written one is never seen.
class TlsFiles {
 public:
  static absl::StatusOr<std::unique_ptr<TlsFiles>> Load(std::string cert_path,
                                                        std::string key_path,
                                                        std::string client_ca_path);
  ~TlsFiles();
  TlsFiles(const TlsFiles&) = delete;
  TlsFiles& operator=(const TlsFiles&) = delete;

  std::shared_ptr<grpc::ServerCredentials> Credentials() const;
  absl::Status Reload();

 private:
  TlsFiles() = default;
  std::string cert_path_, key_path_, ca_path_;
  int cert_fd_ = -1, key_fd_ = -1, ca_fd_ = -1;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_TLS_H_
