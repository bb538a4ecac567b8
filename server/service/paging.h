#ifndef SEC_SERVICE_PAGING_H_
#define SEC_SERVICE_PAGING_H_

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "domain/page_token.h"

namespace sec::service {

// Page size of the listings paged in memory: the default and the maximum.
inline constexpr int kSmallListPageSize = 1000;

// AIP-158 paging of a listing read whole, for collections that stay small (a proposal's
// decisions, assessments and votes, a consultation's responses, the SEC versions, the SSC
// nominations, the holiday calendar): a keyset query per page would buy nothing there. `rows`
// come in the listing's order, along which `key` is unique and increasing (in byte order); on
// return they hold the page, and `next_page_token` the token for the rest (empty on the last
// page), bound to `query` (the listing and its filters).
template <typename Row, typename KeyFn>
absl::Status PageRows(absl::string_view query, int page_size, absl::string_view page_token,
                      KeyFn key, std::vector<Row>& rows, std::string* next_page_token) {
  absl::StatusOr<int> size = ResolvePageSize(page_size, kSmallListPageSize, kSmallListPageSize);
  if (!size.ok()) return size.status();
  absl::StatusOr<PageCursor> cursor = DecodePageToken(query, page_token);
  if (!cursor.ok()) return cursor.status();
  auto first = rows.begin();
  if (!cursor->last_key.empty()) {
    if (cursor->last_key.size() != 1) {
      return absl::InvalidArgumentError("page_token: not valid for this listing");
    }
    first = std::find_if(rows.begin(), rows.end(),
                         [&](const Row& r) { return key(r) > cursor->last_key.front(); });
  }
  const auto last = first + std::min<std::ptrdiff_t>(*size, rows.end() - first);
  next_page_token->clear();
  if (last != rows.end()) *next_page_token = EncodePageToken(query, {{key(*(last - 1))}});
  rows = std::vector<Row>(std::make_move_iterator(first), std::make_move_iterator(last));
  return absl::OkStatus();
}

// A key of a numbered row that sorts as the numbers do.
inline std::string SortableNumber(int64_t n) { return absl::StrFormat("%020d", n); }

}  // namespace sec::service

#endif  // SEC_SERVICE_PAGING_H_
