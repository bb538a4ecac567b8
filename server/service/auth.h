#ifndef SEC_SERVICE_AUTH_H_
#define SEC_SERVICE_AUTH_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "domain/principal.h"
#include "service/sha256.h"

namespace sec::service {

// Bearer-token authentication. The tokens file holds only SHA-256 hashes of tokens, one
// principal a line:
//
//   # sha256-hex                                                      name   roles        party
//   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 secas  SECAS
//   2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae bg     PARTY        british-gas
//
// Roles are comma-separated (SECAS,PANEL). After the roles: `party=ID` for PARTY (a bare ID is
// read the same), and for a Change Board member `group=CATEGORY`, the voting group it sits for
// (its member name is the name column). Blank lines and '#' comments are ignored.
// With mutual TLS, a client certificate's common name can also name a principal
// (`cert:<CN>` in the first column maps that certificate).
class Authenticator {
 public:
  // Parses tokens-file text; errors name the line.
  static absl::StatusOr<Authenticator> FromText(const std::string& text);
  static absl::StatusOr<Authenticator> FromFile(const std::string& path);

  // `authorization: Bearer <token>` metadata (or a verified client certificate) ->
  // the principal. Missing or unknown -> UNAUTHENTICATED.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx) const;
  absl::StatusOr<Principal> AuthenticateToken(absl::string_view token) const;

  // Principals known by token or by client-certificate name.
  size_t size() const { return by_hash_.size() + by_cert_cn_.size(); }

 private:
  // Tokens already verified -> their principal, so a client's every call after its first costs a
  // hash-map lookup instead of a SHA-256 (which was a tenth of a GetModification's server
  // work). Only valid tokens enter, so it holds at most one entry per tokens-file line; shared
  // by copies, which hold the same by_hash_.
  struct TokenCache {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Principal> by_token ABSL_GUARDED_BY(mu);
  };

  absl::flat_hash_map<std::string, Principal> by_hash_;  // sha256 hex -> principal
  absl::flat_hash_map<std::string, Principal> by_cert_cn_;
  std::shared_ptr<TokenCache> cache_ = std::make_shared<TokenCache>();
};

// The principals secd knows now: the tokens file's, replaced as a whole on SIGHUP while calls
// are served (a call authenticates against the set it started with).
class Principals {
 public:
  explicit Principals(Authenticator initial)
      : current_(std::make_shared<const Authenticator>(std::move(initial))) {}
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx) const;
  void Replace(Authenticator next);
  size_t size() const;

 private:
  std::shared_ptr<const Authenticator> Current() const;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Authenticator> current_ ABSL_GUARDED_BY(mu_);
};

// A fresh random token (256 bits, hex).
std::string NewToken();
// One tokens-file line for a token.
std::string TokensFileLine(absl::string_view token, const Principal& p);

}  // namespace sec::service

#endif  // SEC_SERVICE_AUTH_H_
