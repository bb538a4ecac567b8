// Page tokens (domain/page_token.h): any token text decodes or is refused with
// INVALID_ARGUMENT; a token is bound to its query; encode then decode is the identity.
#include "domain/page_token.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> f = sec::fuzz::Fields(data, size, 3);
  const std::string& query = f[0];
  absl::StatusOr<sec::PageCursor> c = sec::DecodePageToken(query, f[1]);
  if (!c.ok()) FUZZ_CHECK(c.status().code() == absl::StatusCode::kInvalidArgument);

  sec::PageCursor cursor;
  cursor.last_key = absl::StrSplit(f[2], '\x01');
  const std::string token = sec::EncodePageToken(query, cursor);
  absl::StatusOr<sec::PageCursor> back = sec::DecodePageToken(query, token);
  if (token.size() <= 4096) {
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->last_key == cursor.last_key);
  }
  // Bound to its query (a 64-bit fingerprint: a collision here would be news).
  FUZZ_CHECK(!sec::DecodePageToken(query + "x", token).ok());
  absl::StatusOr<int> n = sec::ResolvePageSize(static_cast<int>(size) - 64, 50, 1000);
  FUZZ_CHECK(n.ok() == (static_cast<int>(size) >= 64));
  return 0;
}
