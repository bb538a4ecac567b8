#ifndef SEC_DOMAIN_PAGE_TOKEN_H_
#define SEC_DOMAIN_PAGE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sec {

// An opaque AIP-158 page token: the sort key of the last row returned, bound to the query it
// came from so a token cannot be replayed against a different filter or order.
struct PageCursor {
  std::vector<std::string> last_key;  // sort-key values of the last row, in order
  // The listing's total_size as counted for its first page, when that count costs a scan
  // (AIP-158 lets total_size be an estimate): later pages report it instead of counting again.
  std::optional<int64_t> total = std::nullopt;
};

// `query` identifies the listing: e.g. "modifications|<filter>|<order_by>".
std::string EncodePageToken(absl::string_view query, const PageCursor& cursor);
// Empty token -> empty cursor. Anything not made by EncodePageToken for the same query ->
// INVALID_ARGUMENT.
absl::StatusOr<PageCursor> DecodePageToken(absl::string_view query, absl::string_view token);

// AIP-158 page size: 0 -> default, above max -> max, negative -> INVALID_ARGUMENT.
absl::StatusOr<int> ResolvePageSize(int requested, int default_size, int max_size);

}  // namespace sec

#endif  // SEC_DOMAIN_PAGE_TOKEN_H_
