#include "domain/etag.h"

#include "absl/strings/str_cat.h"
#include "domain/errors.h"

namespace sec {

std::string FormatEtag(int64_t version) { return absl::StrCat("\"", version, "\""); }

absl::Status CheckEtag(absl::string_view etag, int64_t current_version, absl::string_view what) {
  if (etag.empty() || etag == FormatEtag(current_version)) return absl::OkStatus();
  return Refused(absl::StatusCode::kAborted, "STALE_ETAG",
                 absl::StrCat(what, " has changed since etag ", etag, " was read (now ",
                              FormatEtag(current_version), "); read it again and retry"),
                 {{"current_etag", FormatEtag(current_version)}});
}

}  // namespace sec
