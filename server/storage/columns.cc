#include "storage/columns.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace sec::storage {

absl::StatusOr<Date> StoredDate(absl::string_view text, absl::string_view what) {
  auto digits = [&](size_t from, size_t n, int* out) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(0, 4, &y) &&
      digits(5, 2, &mo) && digits(8, 2, &d)) {
    const Date date(y, mo, d);
    // CivilDay normalises (2017-02-30 -> 2017-03-02): equal fields mean a real date.
    if (date.year() == y && date.month() == mo && date.day() == d) return date;
  }
  absl::StatusOr<Date> parsed = ParseDate(text, what);
  if (!parsed.ok()) {
    return absl::DataLossError(absl::StrCat("stored ", what, ": ", parsed.status().message()));
  }
  return *parsed;
}

absl::StatusOr<Date> DateCol(const SqlRow& r, size_t i, absl::string_view what) {
  return StoredDate(r.Str(i), what);
}

absl::StatusOr<std::optional<Date>> OptDateCol(const SqlRow& r, size_t i, absl::string_view what) {
  if (r.IsNull(i)) return std::optional<Date>();
  absl::StatusOr<Date> d = DateCol(r, i, what);
  if (!d.ok()) return d.status();
  return std::optional<Date>(*d);
}

SqlParam OptDate(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return FormatDate(*d);
}

SqlParam OptInt(const std::optional<int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

absl::Status AbortedIfStale(absl::StatusOr<int64_t> changed_rows, absl::string_view what) {
  if (!changed_rows.ok()) return changed_rows.status();
  if (*changed_rows == 0) {
    return absl::AbortedError(absl::StrCat(what, " was changed by someone else; read it again"));
  }
  return absl::OkStatus();
}

absl::Status Corrupt(absl::string_view what, absl::string_view detail) {
  return absl::DataLossError(absl::StrCat("stored ", what, ": ", detail));
}

std::string EncodeList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back('\n');
    for (char c : items[i]) {
      if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out.push_back(c);
      }
    }
  }
  // An empty list and a list of one empty string must differ.
  return items.empty() ? std::string() : absl::StrCat("\x01", out);
}

std::vector<std::string> DecodeList(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty() || text[0] != '\x01') return out;
  std::string cur;
  for (size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      cur.push_back(text[i + 1] == 'n' ? '\n' : text[i + 1]);
      ++i;
    } else if (c == '\n') {
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(std::move(cur));
  return out;
}

// Fast path of DecodeList: most stored lists hold no escapes, so items are whole substrings.
void AppendDecodedList(const std::string& text, std::vector<std::string>* out) {
  if (text.empty() || text[0] != '\x01') return;
  if (text.find('\\') != std::string::npos) {
    *out = DecodeList(text);
    return;
  }
  absl::string_view rest(text);
  rest.remove_prefix(1);
  for (absl::string_view item : absl::StrSplit(rest, '\n')) out->emplace_back(item);
}

}  // namespace sec::storage
