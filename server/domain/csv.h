#ifndef SEC_DOMAIN_CSV_H_
#define SEC_DOMAIN_CSV_H_

// The one CSV reader behind every file secd imports (credit charges, assessments, instruments;
// holidays), so a file secctl writes with `-o csv` reads back the same.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sec {

// One CSV record and the (1-based) line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

struct CsvOptions {
  // A line starting with '#' (outside quotes, leading blanks allowed) is a comment.
  bool comments = false;
};

// RFC 4180 records: comma-separated, fields optionally in "quotes"; quoted fields may hold commas,
// quotes ("") and line breaks; CRLF or LF; a leading UTF-8 byte-order mark is ignored; blank
// lines are skipped. INVALID_ARGUMENT for an unterminated quote or text after a closing quote.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text, CsvOptions options = {});

}  // namespace sec

#endif  // SEC_DOMAIN_CSV_H_
