#ifndef SEC_DOMAIN_TEXT_DIFF_H_
#define SEC_DOMAIN_TEXT_DIFF_H_

// Word diffs of the SEC's clause text and their tracked-change renderings (README "Tracked
// changes").
//
// Tokens. A clause's text is cut into words, punctuation marks and whitespace:
//  - a word is a run of letters, digits and non-ASCII characters (UTF-8 is never split), with
//    an apostrophe or hyphen between two word characters kept inside it ("Party's",
//    "non-Domestic") and a '.' or ',' between two digits too ("7.6", "1,000");
//  - every other ASCII mark, and each General Punctuation character (U+2000..U+206F: curly
//    quotes, dashes), is a token of its own, so "Party," -> "Party;" marks only the comma and
//    the semicolon;
//  - whitespace inside a paragraph (spaces, tabs, single line breaks, any amount) is one
//    separator token " ", and a blank line (a paragraph break) is the token "\n\n". Leading and
//    trailing whitespace is dropped.
// The diff is dtl's (Wu, Manber and Myers' O(NP) sequence comparison) over those tokens, after
// the common head and tail are set aside.
//
// Whitespace. A change only in the amount of whitespace inside a paragraph is no change (both
// sides are one " " token); neither is a separator present on one side only ("a,b" -> "a, b"),
// which comes out as Equal text in the new text's layout. A paragraph break present on one
// side only is a change.
//
// Readability. Within a change the deletion comes before the insertion, so a replaced word is
// {deleted}{inserted}. A separator (" ") between two replacements (changes that both delete
// and insert) is absorbed into both sides ("old red" -> "new blue" is one deletion "old red"
// and one insertion "new blue", not two pairs); a separator both sides of a change begin or end
// with is moved back out into the Equal text; a deleted separator is not shown (only a
// paragraph break or words are).
//
// So: the Equal and Insert spans, in order, are the new text normalised (separators " ",
// paragraph breaks "\n\n"); the Equal and Delete spans are the old text normalised, up to the
// separators the whitespace rule drops.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace sec {

enum class DiffOp { kEqual, kInsert, kDelete };
struct DiffSpan {
  DiffOp op;
  std::string text;
};  // adjacent spans of one op merged

// Word-level diff of two clause texts. Tokens: words, single punctuation marks, whitespace.
std::vector<DiffSpan> DiffWords(absl::string_view before, absl::string_view after);

// One clause in a tracked-change rendering: its text before and after (nullopt: absent).
struct ClauseDiffInput {
  std::string clause;
  std::optional<std::string> before;
  std::optional<std::string> after;
};
enum class ClauseDiffKind { kUnchanged, kAmended, kInserted, kDeleted };
struct ClauseDiff {
  std::string clause;
  ClauseDiffKind kind = ClauseDiffKind::kUnchanged;
  std::vector<DiffSpan> spans;
};
// Absent before: INSERTED (one Insert span of the text); absent after: DELETED (one Delete
// span); both: AMENDED when any span is not Equal, else UNCHANGED; neither: UNCHANGED, no spans.
ClauseDiff DiffClause(const ClauseDiffInput& in);
const char* ClauseDiffKindCode(ClauseDiffKind k);  // "UNCHANGED", "AMENDED", "INSERTED", "DELETED"

// A whole tracked-change document: a title ("SEC Section G: version 5.4 to 5.5"), labels of
// the two sides ("5.4", "5.5" or "SECMP0026 revision 1"), and clauses in clause order.
struct TrackedChanges {
  std::string title;
  std::string from_label;
  std::string to_label;
  std::vector<ClauseDiff> clauses;
};

// Markdown with CriticMarkup marks: "{--deleted--}" and "{++inserted++}". The output is
//   # <title>
//   <one line stating the convention and the two labels>
//   ### G7.6            (one heading per clause)
//   *(new clause)* or *(deleted clause)* for an inserted or deleted clause
//   the clause's paragraphs, blank-line separated, with the marks inline.
// A mark never spans a paragraph break: it is closed and reopened around it, and a break that
// only one side has is shown as a marked pilcrow ("{++¶++}") at the end of the paragraph before
// it (in an amended clause). Text is Markdown-escaped: every ASCII punctuation character that
// Markdown or CriticMarkup gives a meaning (\ ` * _ { } [ ] < > # | ~ &) is backslash-escaped,
// and so is a '-', '+' or '=' or "1." / "1)" at the start of a paragraph; so every '{' and '}'
// from clause text is escaped and the only unescaped "{--", "--}", "{++", "++}" are marks.
std::string RenderMarkdown(const TrackedChanges& doc);

// A self-contained HTML page: <!DOCTYPE html>, utf-8, inline CSS only (no scripts, no external
// resources), <h1> title, a legend (in <p class="legend">), then in <main> one
// <section class="amended|inserted|deleted|unchanged" id="clause-G7.6"> per clause with an
// <h2>, a note for an inserted or deleted clause, and <p> paragraphs in which <del> and <ins>
// mark the changes (a one-sided paragraph break as a marked pilcrow, as in the Markdown).
// On screen ins is green and underlined, del red and struck through; @media print keeps them
// black, underlined and struck through. Every text node and attribute is HTML-escaped
// (& < > " ').
std::string RenderHtml(const TrackedChanges& doc);

}  // namespace sec

#endif  // SEC_DOMAIN_TEXT_DIFF_H_
