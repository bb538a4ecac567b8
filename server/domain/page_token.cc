#include "domain/page_token.h"

#include <cstdint>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace sec {
namespace {

// v2 carries the total (a number, or "-" for none) after the fingerprint; v1 tokens, from
// before, have none and are still read.
constexpr char kVersion[] = "v2";
constexpr char kVersion1[] = "v1";

// A stable fingerprint (FNV-1a 64): absl::Hash is salted per process, which would break
// tokens across replicas and restarts.
uint64_t Fingerprint(absl::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

absl::Status Bad() {
  return absl::InvalidArgumentError(
      "page_token: not a token returned by this List call with the same filter and order_by; "
      "start again without page_token");
}

}  // namespace

std::string EncodePageToken(absl::string_view query, const PageCursor& cursor) {
  std::string raw = absl::StrCat(kVersion, "\n", Fingerprint(query), "\n",
                                 cursor.total.has_value() ? absl::StrCat(*cursor.total) : "-");
  for (const std::string& k : cursor.last_key) {
    absl::StrAppend(&raw, "\n", absl::WebSafeBase64Escape(k));
  }
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<PageCursor> DecodePageToken(absl::string_view query, absl::string_view token) {
  PageCursor cursor;
  if (token.empty()) return cursor;
  if (token.size() > 4096) return Bad();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return Bad();
  std::vector<std::string> parts = absl::StrSplit(raw, '\n');
  uint64_t fp;
  const bool v1 = parts.size() >= 2 && parts[0] == kVersion1;
  if (parts.size() < (v1 ? 2u : 3u) || (!v1 && parts[0] != kVersion) ||
      !absl::SimpleAtoi(parts[1], &fp) || fp != Fingerprint(query)) {
    return Bad();
  }
  size_t keys = 2;
  if (!v1) {
    keys = 3;
    int64_t total;
    if (parts[2] != "-") {
      if (!absl::SimpleAtoi(parts[2], &total) || total < 0) return Bad();
      cursor.total = total;
    }
  }
  for (size_t i = keys; i < parts.size(); ++i) {
    std::string k;
    if (!absl::WebSafeBase64Unescape(parts[i], &k)) return Bad();
    cursor.last_key.push_back(std::move(k));
  }
  return cursor;
}

absl::StatusOr<int> ResolvePageSize(int requested, int default_size, int max_size) {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must not be negative (got ", requested, ")"));
  }
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace sec
