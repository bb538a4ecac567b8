#ifndef SEC_DOMAIN_TEXT_IMPORT_H_
#define SEC_DOMAIN_TEXT_IMPORT_H_

// A section's text imported from a plain-text or Markdown file whose headings are the clause
// numbers (README "Tracked changes").
//
// A heading is a line that, at its very start (no indent), has
//   optional Markdown marks: 1 to 6 '#' then a space or tab;
//   optional section letter(s): one or two capitals, straight before the number;
//   a clause number: 1 to 5 dotted numbers of 1 to 3 digits, no leading zero ("7", "7.6");
//   optionally one '.' after the number; then the end of the line or a space or tab.
// Without the section letter the number needs at least one dot ("7.6", not "7"): so a
// numbered line inside a clause ("1. each Party", "(a) the Panel", "12 months") is text, not a
// heading. A heading with letters names its section: letters other than `section` are an error.
// Any text after the number on a heading line is the start of the clause's text: its first
// line (joined to the lines below) after a plain heading, and its own paragraph after a
// Markdown one ("## 7.6 Nominations"; a closing run of '#' is dropped).
//
// A clause's text is every line up to the next heading: the lines of a paragraph are trimmed
// and joined with one space, paragraphs (separated by blank lines) are kept as "\n\n", and the
// whole is trimmed. Lines may end "\r\n".

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sec {

struct ImportedClause {
  std::string clause;  // "G7.6"
  std::string text;
};

// The clauses of `source`, in its order. INVALID_ARGUMENT naming `field` and the line for text
// before the first heading, a clause twice, a heading of another section, an empty clause, a
// clause over kMaxClauseTextBytes, more than kMaxClausesPerImport clauses, no clauses at all;
// naming "section" when `section` is not a section identifier.
absl::StatusOr<std::vector<ImportedClause>> ParseSectionText(absl::string_view section,
                                                             absl::string_view source,
                                                             absl::string_view field = "text");

}  // namespace sec

#endif  // SEC_DOMAIN_TEXT_IMPORT_H_
