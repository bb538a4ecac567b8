#include "domain/text_import.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/errors.h"
#include "domain/legal_text.h"

namespace sec {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }
bool IsUpper(char c) { return absl::ascii_isupper(static_cast<unsigned char>(c)); }

struct Heading {
  std::string letters;  // as written ("" when left out)
  std::string number;   // "7.6"
  std::string rest;     // text after the number, trimmed
  bool markdown = false;
};

// The heading rule of text_import.h; nullopt for a line of text.
std::optional<Heading> ParseHeading(absl::string_view line) {
  Heading h;
  size_t i = 0;
  while (i < line.size() && line[i] == '#') ++i;
  if (i > 0) {
    if (i > 6 || i == line.size() || !IsBlank(line[i])) return std::nullopt;
    h.markdown = true;
    while (i < line.size() && IsBlank(line[i])) ++i;
  }
  const size_t letters_start = i;
  while (i < line.size() && IsUpper(line[i])) ++i;
  if (i - letters_start > 2) return std::nullopt;
  h.letters = std::string(line.substr(letters_start, i - letters_start));
  int parts = 0;
  const size_t number_start = i;
  while (true) {
    const size_t part_start = i;
    while (i < line.size() && IsDigit(line[i])) ++i;
    const size_t len = i - part_start;
    if (len == 0 || len > 3 || line[part_start] == '0') return std::nullopt;
    ++parts;
    if (i + 1 < line.size() && line[i] == '.' && IsDigit(line[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  if (parts > 5 || (h.letters.empty() && parts < 2)) return std::nullopt;
  h.number = std::string(line.substr(number_start, i - number_start));
  if (i < line.size() && line[i] == '.') ++i;
  if (i < line.size() && !IsBlank(line[i])) return std::nullopt;
  absl::string_view rest = absl::StripAsciiWhitespace(line.substr(i));
  if (h.markdown) {
    // A closing sequence: " ##" at the end (or the whole rest).
    size_t end = rest.size();
    while (end > 0 && rest[end - 1] == '#') --end;
    if (end < rest.size() && (end == 0 || IsBlank(rest[end - 1]))) {
      rest = absl::StripTrailingAsciiWhitespace(rest.substr(0, end));
    }
  }
  h.rest = std::string(rest);
  return h;
}

// A clause being read: its paragraphs so far.
struct Pending {
  std::string clause;
  int line = 0;
  std::string text;     // finished paragraphs, "\n\n"-separated
  std::string current;  // the paragraph being read
};

void EndParagraph(Pending* p) {
  if (p->current.empty()) return;
  if (!p->text.empty()) p->text += "\n\n";
  p->text += p->current;
  p->current.clear();
}

}  // namespace

absl::StatusOr<std::vector<ImportedClause>> ParseSectionText(absl::string_view section,
                                                             absl::string_view source,
                                                             absl::string_view field) {
  if (absl::Status s = ValidateSectionId(section, "section"); !s.ok()) return s;
  std::vector<ImportedClause> out;
  std::map<std::string, int> first_line;  // clause -> its heading's line
  std::optional<Pending> pending;

  auto finish = [&]() -> absl::Status {
    if (!pending.has_value()) return absl::OkStatus();
    EndParagraph(&*pending);
    if (pending->text.empty()) {
      return InvalidField(field, absl::StrCat("line ", pending->line, ": clause ", pending->clause,
                                              " has no text"));
    }
    if (pending->text.size() > kMaxClauseTextBytes) {
      return InvalidField(
          field, absl::StrCat("line ", pending->line, ": clause ", pending->clause, "'s text is ",
                              pending->text.size(), " bytes, over the ", kMaxClauseTextBytes,
                              "-byte limit"));
    }
    out.push_back(ImportedClause{std::move(pending->clause), std::move(pending->text)});
    pending.reset();
    return absl::OkStatus();
  };

  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(source, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (std::optional<Heading> h = ParseHeading(line)) {
      if (!h->letters.empty() && h->letters != section) {
        return InvalidField(field, absl::StrCat("line ", line_no, ": heading \"", h->letters,
                                                h->number, "\" is not in section ", section));
      }
      if (absl::Status s = finish(); !s.ok()) return s;
      const std::string clause = absl::StrCat(section, h->number);
      if (absl::Status s = ValidateClauseId(clause, field); !s.ok()) {
        return InvalidField(field, absl::StrCat("line ", line_no, ": ", s.message()));
      }
      if (auto it = first_line.find(clause); it != first_line.end()) {
        return InvalidField(field, absl::StrCat("line ", line_no, ": clause ", clause,
                                                " appears twice (first at line ", it->second, ")"));
      }
      if (first_line.size() == kMaxClausesPerImport) {
        return InvalidField(field, absl::StrCat("line ", line_no, ": more than ",
                                                kMaxClausesPerImport, " clauses in one import"));
      }
      first_line[clause] = line_no;
      pending = Pending{clause, line_no, "", h->rest};
      if (h->markdown) EndParagraph(&*pending);
      continue;
    }
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (!pending.has_value()) {
      if (text.empty()) continue;
      return InvalidField(field, absl::StrCat("line ", line_no,
                                              ": text before the first clause heading (a line "
                                              "like \"## ",
                                              section, "7.6\" or \"7.6\")"));
    }
    if (text.empty()) {
      EndParagraph(&*pending);
    } else {
      if (!pending->current.empty()) pending->current += ' ';
      absl::StrAppend(&pending->current, text);
      // Stop early on an oversized clause rather than holding all of it.
      if (pending->text.size() + pending->current.size() > kMaxClauseTextBytes + 2) {
        return InvalidField(
            field, absl::StrCat("line ", pending->line, ": clause ", pending->clause,
                                "'s text is over the ", kMaxClauseTextBytes, "-byte limit"));
      }
    }
  }
  if (absl::Status s = finish(); !s.ok()) return s;
  if (out.empty()) {
    return InvalidField(
        field, absl::StrCat("no clause headings (lines like \"## ", section, "7.6\" or \"7.6\")"));
  }
  return out;
}

}  // namespace sec
