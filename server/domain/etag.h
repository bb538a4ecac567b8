#ifndef SEC_DOMAIN_ETAG_H_
#define SEC_DOMAIN_ETAG_H_

// AIP-154 etags: a mutable resource's stored version, quoted.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sec {

std::string FormatEtag(int64_t version);
// Empty etag: OK (no check). Otherwise it must be the current one, or ABORTED (reason
// STALE_ETAG, metadata current_etag): read the resource again and retry.
absl::Status CheckEtag(absl::string_view etag, int64_t current_version, absl::string_view what);

}  // namespace sec

#endif  // SEC_DOMAIN_ETAG_H_
