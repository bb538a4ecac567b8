#ifndef SEC_CLIENT_CSV_H_
#define SEC_CLIENT_CSV_H_

// CSV as secctl writes and sends it (RFC 4180, as the server reads it: domain/csv.h).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace sec::cli {

// One field, quoted when it holds a comma, a quote or a line break ("" for a quote inside).
std::string CsvField(absl::string_view v);

// One record's text as it is in the file (its line break included) and the line it starts on.
struct RawRecord {
  absl::string_view text;
  int line = 0;
};

// Cuts a file into its records without parsing the fields: a line break inside quotes stays in
// its record. The records' texts, joined, are the file.
std::vector<RawRecord> SplitRecords(absl::string_view text);

// A file cut into requests of at most about `max_bytes` each: every batch is the header record
// followed by whole data records, so each reads as a file of its own.
struct CsvBatch {
  std::string text;
  int first_line = 0;  // the file line of its first data record
  int rows = 0;
};
std::vector<CsvBatch> BatchCsv(absl::string_view text, size_t max_bytes);

}  // namespace sec::cli

#endif  // SEC_CLIENT_CSV_H_
