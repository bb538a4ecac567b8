#include "csv.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace sec::cli {

std::string CsvField(absl::string_view v) {
  if (v.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(v);
  return absl::StrCat("\"", absl::StrReplaceAll(v, {{"\"", "\"\""}}), "\"");
}

std::vector<RawRecord> SplitRecords(absl::string_view text) {
  std::vector<RawRecord> out;
  bool quoted = false;  // a "" inside quotes toggles twice: still quoted
  size_t start = 0;
  int line = 1, start_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] != '\n') continue;
    ++line;
    if (quoted) continue;
    out.push_back({text.substr(start, i + 1 - start), start_line});
    start = i + 1;
    start_line = line;
  }
  if (start < text.size()) out.push_back({text.substr(start), start_line});
  return out;
}

std::vector<CsvBatch> BatchCsv(absl::string_view text, size_t max_bytes) {
  std::vector<RawRecord> records = SplitRecords(text);
  size_t first = 0;  // the header: the first record that is not blank
  while (first < records.size() && absl::StripAsciiWhitespace(records[first].text).empty()) ++first;
  if (first == records.size()) return {};
  std::string header(records[first].text);
  if (header.back() != '\n') header += '\n';
  std::vector<CsvBatch> batches;
  for (size_t i = first + 1; i < records.size(); ++i) {
    const RawRecord& r = records[i];
    if (absl::StripAsciiWhitespace(r.text).empty()) continue;
    if (batches.empty() || (batches.back().rows > 0 &&
                            batches.back().text.size() + r.text.size() > max_bytes)) {
      batches.push_back({header, r.line, 0});
    }
    absl::StrAppend(&batches.back().text, r.text);
    ++batches.back().rows;
  }
  return batches;
}

}  // namespace sec::cli
