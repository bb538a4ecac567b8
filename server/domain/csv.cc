#include "domain/csv.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace sec {

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text, CsvOptions options) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");  // spreadsheet exports often start with a BOM
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  record.line = line;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // just closed a quoted field: only ',' or end of line may follow
  bool record_empty = true;  // only whitespace so far: blank lines are skipped

  auto end_record = [&] {
    if (!record_empty) {
      record.fields.push_back(std::move(field));
      records.push_back(std::move(record));
    }
    record = CsvRecord();
    record.line = line;
    field.clear();
    after_quote = false;
    record_empty = true;
  };

  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (options.comments && c == '#' && record_empty && record.fields.empty()) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;  // to the end of the line
      field.clear();
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      ++line;
      end_record();
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
      record_empty = false;
      continue;
    }
    if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": unexpected text after a closing quote"));
    }
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) record_empty = false;
    if (c == '"' && field.empty()) {
      quoted = true;
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", record.line, ": a quoted field is never closed"));
  }
  end_record();
  return records;
}

}  // namespace sec
