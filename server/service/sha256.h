#ifndef SEC_SERVICE_SHA256_H_
#define SEC_SERVICE_SHA256_H_

// SHA-256 (OpenSSL's EVP interface), in one place: token hashes, request fingerprints,
// document revisions.

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace sec::service {

// The SHA-256 of `data`, 64 lower-case hex digits.
std::string Sha256Hex(absl::string_view data);

// The same over bytes that arrive in pieces (a document's chunks).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(absl::string_view data);
  // 64 lower-case hex digits; call once.
  std::string HexDigest();

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_SHA256_H_
