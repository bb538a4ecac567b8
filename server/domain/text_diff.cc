#include "domain/text_diff.h"

#include <cstring>
#include <dtl/dtl.hpp>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace sec {
namespace {

constexpr char kSeparator[] = " ";
constexpr char kParagraphBreak[] = "\n\n";
constexpr char kPilcrow[] = "\xC2\xB6";  // U+00B6

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The length of the punctuation token at `i`, or 0 when it is not punctuation.
size_t PunctuationLength(absl::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  // U+2000..U+207F General Punctuation: E2 80 xx and E2 81 xx.
  if (c == 0xE2 && i + 2 < s.size() &&
      (static_cast<unsigned char>(s[i + 1]) == 0x80 ||
       static_cast<unsigned char>(s[i + 1]) == 0x81)) {
    return 3;
  }
  if (c < 0x80 && absl::ascii_ispunct(c)) return 1;
  return 0;
}

bool IsWordByte(absl::string_view s, size_t i) {
  return !IsSpace(s[i]) && PunctuationLength(s, i) == 0;
}

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

// The length of a joiner at `i` inside a word that started before `i`: an apostrophe, right
// single quote or hyphen between word characters, a '.' or ',' between digits; 0 otherwise.
size_t JoinerLength(absl::string_view s, size_t i) {
  size_t len = 0;
  bool digits = false;
  if (s[i] == '\'' || s[i] == '-') {
    len = 1;
  } else if (s[i] == '.' || s[i] == ',') {
    len = 1;
    digits = true;
  } else if (s.substr(i, 3) == "\xE2\x80\x99") {  // U+2019
    len = 3;
  }
  if (len == 0 || i == 0 || i + len >= s.size() || !IsWordByte(s, i + len)) return 0;
  if (digits && !(IsDigit(s[i - 1]) && IsDigit(s[i + len]))) return 0;
  return len;
}

std::vector<std::string> Tokens(absl::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    if (IsSpace(s[i])) {
      int newlines = 0;
      size_t j = i;
      for (; j < s.size() && IsSpace(s[j]); ++j) newlines += s[j] == '\n' ? 1 : 0;
      if (i > 0 && j < s.size()) out.push_back(newlines >= 2 ? kParagraphBreak : kSeparator);
      i = j;
      continue;
    }
    const size_t punct = PunctuationLength(s, i);
    if (punct > 0) {
      out.emplace_back(s.substr(i, punct));
      i += punct;
      continue;
    }
    size_t j = i;
    while (j < s.size()) {
      if (IsWordByte(s, j)) {
        ++j;
      } else if (const size_t joiner = JoinerLength(s, j); joiner > 0) {
        j += joiner;
      } else {
        break;
      }
    }
    out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool OnlySeparators(const std::string& s) { return s.find_first_not_of(' ') == std::string::npos; }

// A run of Equal text, or one change: what it deletes and what it inserts.
struct Segment {
  bool change = false;
  std::string equal;
  std::string del;
  std::string ins;
};

void AddToken(std::vector<Segment>* segs, DiffOp op, const std::string& token) {
  const bool change = op != DiffOp::kEqual;
  if (segs->empty() || segs->back().change != change) {
    segs->emplace_back();
    segs->back().change = change;
  }
  Segment& s = segs->back();
  (op == DiffOp::kEqual ? s.equal : op == DiffOp::kDelete ? s.del : s.ins) += token;
}

// The whitespace rule, then merging neighbouring Equal runs.
std::vector<Segment> ApplyWhitespaceRule(std::vector<Segment> segs) {
  std::vector<Segment> out;
  for (Segment& s : segs) {
    if (s.change) {
      if (OnlySeparators(s.del)) s.del.clear();
      if (s.del.empty() && OnlySeparators(s.ins)) {
        s.change = false;
        s.equal = std::move(s.ins);
        s.ins.clear();
      }
      if (s.change && s.del.empty() && s.ins.empty()) continue;
      if (!s.change && s.equal.empty()) continue;
    }
    if (!s.change && !out.empty() && !out.back().change) {
      out.back().equal += s.equal;
    } else {
      out.push_back(std::move(s));
    }
  }
  return out;
}

bool IsReplacement(const Segment& s) { return s.change && !s.del.empty() && !s.ins.empty(); }

// A separator between two replacements joins them.
std::vector<Segment> AbsorbSeparators(std::vector<Segment> segs) {
  std::vector<Segment> out;
  for (size_t i = 0; i < segs.size(); ++i) {
    Segment& s = segs[i];
    if (!s.change && s.equal == kSeparator && !out.empty() && IsReplacement(out.back()) &&
        i + 1 < segs.size() && IsReplacement(segs[i + 1])) {
      out.back().del += kSeparator + segs[i + 1].del;
      out.back().ins += kSeparator + segs[i + 1].ins;
      ++i;
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// A separator both sides of a change begin or end with goes back to the Equal text.
std::vector<Segment> TrimCommonSeparators(std::vector<Segment> segs) {
  std::vector<Segment> out;
  auto add_equal = [&out](const std::string& text) {
    if (!out.empty() && !out.back().change) {
      out.back().equal += text;
    } else {
      Segment e;
      e.equal = text;
      out.push_back(std::move(e));
    }
  };
  for (Segment& s : segs) {
    if (!s.change) {
      add_equal(s.equal);
      continue;
    }
    bool lead = false, trail = false;
    if (IsReplacement(s) && s.del.size() > 1 && s.ins.size() > 1 && s.del.front() == ' ' &&
        s.ins.front() == ' ') {
      s.del.erase(0, 1);
      s.ins.erase(0, 1);
      lead = true;
    }
    if (IsReplacement(s) && s.del.size() > 1 && s.ins.size() > 1 && s.del.back() == ' ' &&
        s.ins.back() == ' ') {
      s.del.pop_back();
      s.ins.pop_back();
      trail = true;
    }
    if (lead) add_equal(kSeparator);
    out.push_back(std::move(s));
    if (trail) add_equal(kSeparator);
  }
  return out;
}

void AppendSpan(std::vector<DiffSpan>* spans, DiffOp op, const std::string& text) {
  if (text.empty()) return;
  if (!spans->empty() && spans->back().op == op) {
    spans->back().text += text;
  } else {
    spans->push_back(DiffSpan{op, text});
  }
}

// One paragraph of a rendering: marked and unmarked pieces.
struct Piece {
  DiffOp op;
  std::string text;
};
using Paragraph = std::vector<Piece>;

std::vector<Paragraph> Paragraphs(const ClauseDiff& c) {
  const bool pilcrows = c.kind == ClauseDiffKind::kAmended;
  std::vector<Paragraph> paras(1);
  for (const DiffSpan& span : c.spans) {
    bool first = true;
    for (absl::string_view part : absl::StrSplit(span.text, kParagraphBreak)) {
      if (!first) {
        if (span.op != DiffOp::kEqual && pilcrows) {
          paras.back().push_back(Piece{span.op, kPilcrow});
        }
        paras.emplace_back();
      }
      first = false;
      if (!part.empty()) paras.back().push_back(Piece{span.op, std::string(part)});
    }
  }
  std::vector<Paragraph> out;
  for (Paragraph& p : paras) {
    if (!p.empty() && p.front().text.front() == ' ') p.front().text.erase(0, 1);
    if (!p.empty() && !p.back().text.empty() && p.back().text.back() == ' ') {
      p.back().text.pop_back();
    }
    Paragraph kept;
    for (Piece& piece : p) {
      if (!piece.text.empty()) kept.push_back(std::move(piece));
    }
    if (!kept.empty()) out.push_back(std::move(kept));
  }
  return out;
}

const char* ClauseNote(ClauseDiffKind k) {
  switch (k) {
    case ClauseDiffKind::kInserted:
      return "(new clause)";
    case ClauseDiffKind::kDeleted:
      return "(deleted clause)";
    default:
      return nullptr;
  }
}

// Markdown: ASCII punctuation Markdown or CriticMarkup gives a meaning, backslash-escaped; at
// a paragraph's start also a list or setext marker.
std::string EscapeMarkdown(absl::string_view text, bool paragraph_start) {
  std::string out;
  size_t marker = std::string::npos;  // the '.' or ')' of a leading "12." / "12)"
  if (paragraph_start) {
    size_t d = 0;
    while (d < text.size() && IsDigit(text[d])) ++d;
    if (d > 0 && d < text.size() && (text[d] == '.' || text[d] == ')')) marker = d;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool leading = paragraph_start && i == 0 && (c == '-' || c == '+' || c == '=');
    if (leading || i == marker || std::strchr("\\`*_{}[]<>#|~&", c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr char kCss[] = R"css(
body { font-family: Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; line-height: 1.5; color: #222; }
h1 { font-size: 1.4em; }
h2 { font-size: 1.1em; margin-top: 1.6em; }
.legend { border: 1px solid #bbb; padding: 0.4em 0.8em; }
.note { font-style: italic; }
ins { color: #05602a; background: #e3f4e8; text-decoration: underline; }
del { color: #a30d0d; background: #fbe6e6; text-decoration: line-through; }
@media print {
  body { color: #000; max-width: none; margin: 0; }
  ins, del { color: #000; background: none; }
  ins { text-decoration: underline double; }
  del { text-decoration: line-through; }
}
)css";

}  // namespace

std::vector<DiffSpan> DiffWords(absl::string_view before, absl::string_view after) {
  const std::vector<std::string> a = Tokens(before);
  const std::vector<std::string> b = Tokens(after);
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<Segment> segs;
  for (size_t i = 0; i < head; ++i) AddToken(&segs, DiffOp::kEqual, a[i]);
  const std::vector<std::string> mid_a(a.begin() + static_cast<std::ptrdiff_t>(head),
                                       a.end() - static_cast<std::ptrdiff_t>(tail));
  const std::vector<std::string> mid_b(b.begin() + static_cast<std::ptrdiff_t>(head),
                                       b.end() - static_cast<std::ptrdiff_t>(tail));
  if (mid_a.empty()) {
    for (const std::string& t : mid_b) AddToken(&segs, DiffOp::kInsert, t);
  } else if (mid_b.empty()) {
    for (const std::string& t : mid_a) AddToken(&segs, DiffOp::kDelete, t);
  } else {
    dtl::Diff<std::string, std::vector<std::string>> diff(mid_a, mid_b);
    diff.compose();
    for (const auto& [token, info] : diff.getSes().getSequence()) {
      switch (info.type) {
        case dtl::SES_ADD:
          AddToken(&segs, DiffOp::kInsert, token);
          break;
        case dtl::SES_DELETE:
          AddToken(&segs, DiffOp::kDelete, token);
          break;
        default:
          AddToken(&segs, DiffOp::kEqual, token);
      }
    }
  }
  for (size_t i = a.size() - tail; i < a.size(); ++i) AddToken(&segs, DiffOp::kEqual, a[i]);

  segs = TrimCommonSeparators(AbsorbSeparators(ApplyWhitespaceRule(std::move(segs))));
  std::vector<DiffSpan> spans;
  for (const Segment& s : segs) {
    if (!s.change) {
      AppendSpan(&spans, DiffOp::kEqual, s.equal);
    } else {
      AppendSpan(&spans, DiffOp::kDelete, s.del);
      AppendSpan(&spans, DiffOp::kInsert, s.ins);
    }
  }
  return spans;
}

ClauseDiff DiffClause(const ClauseDiffInput& in) {
  ClauseDiff out;
  out.clause = in.clause;
  if (!in.before.has_value() && !in.after.has_value()) return out;
  if (!in.before.has_value()) {
    out.kind = ClauseDiffKind::kInserted;
    out.spans = DiffWords("", *in.after);
  } else if (!in.after.has_value()) {
    out.kind = ClauseDiffKind::kDeleted;
    out.spans = DiffWords(*in.before, "");
  } else {
    out.spans = DiffWords(*in.before, *in.after);
    for (const DiffSpan& s : out.spans) {
      if (s.op != DiffOp::kEqual) out.kind = ClauseDiffKind::kAmended;
    }
  }
  return out;
}

const char* ClauseDiffKindCode(ClauseDiffKind k) {
  switch (k) {
    case ClauseDiffKind::kAmended:
      return "AMENDED";
    case ClauseDiffKind::kInserted:
      return "INSERTED";
    case ClauseDiffKind::kDeleted:
      return "DELETED";
    case ClauseDiffKind::kUnchanged:
      break;
  }
  return "UNCHANGED";
}

std::string RenderMarkdown(const TrackedChanges& doc) {
  std::string out = absl::StrCat("# ", EscapeMarkdown(doc.title, true), "\n\n");
  absl::StrAppend(&out, "Tracked changes from ", EscapeMarkdown(doc.from_label, false), " to ",
                  EscapeMarkdown(doc.to_label, false),
                  " in CriticMarkup: {--deleted--} and {++inserted++}.\n");
  for (const ClauseDiff& c : doc.clauses) {
    absl::StrAppend(&out, "\n### ", EscapeMarkdown(c.clause, false), "\n");
    if (const char* note = ClauseNote(c.kind)) absl::StrAppend(&out, "\n*", note, "*\n");
    for (const Paragraph& p : Paragraphs(c)) {
      out += "\n";
      bool start = true;
      for (const Piece& piece : p) {
        const std::string text = EscapeMarkdown(piece.text, start);
        start = false;
        switch (piece.op) {
          case DiffOp::kEqual:
            out += text;
            break;
          case DiffOp::kDelete:
            absl::StrAppend(&out, "{--", text, "--}");
            break;
          case DiffOp::kInsert:
            absl::StrAppend(&out, "{++", text, "++}");
            break;
        }
      }
      out += "\n";
    }
  }
  return out;
}

std::string RenderHtml(const TrackedChanges& doc) {
  const std::string title = EscapeHtml(doc.title);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", title,
      "</title>\n<style>", kCss, "</style>\n</head>\n<body>\n<h1>", title, "</h1>\n");
  absl::StrAppend(&out, "<p class=\"legend\">Changes from <strong>", EscapeHtml(doc.from_label),
                  "</strong> to <strong>", EscapeHtml(doc.to_label),
                  "</strong>: <del>deleted text</del>, <ins>inserted text</ins>; a marked "
                  "&#182; is a paragraph break added or removed.</p>\n<main>\n");
  for (const ClauseDiff& c : doc.clauses) {
    const std::string clause = EscapeHtml(c.clause);
    std::string kind = ClauseDiffKindCode(c.kind);
    absl::AsciiStrToLower(&kind);
    absl::StrAppend(&out, "<section class=\"", kind, "\" id=\"clause-", clause, "\">\n<h2>", clause,
                    "</h2>\n");
    if (const char* note = ClauseNote(c.kind)) {
      absl::StrAppend(&out, "<p class=\"note\">", note, "</p>\n");
    }
    for (const Paragraph& p : Paragraphs(c)) {
      out += "<p>";
      for (const Piece& piece : p) {
        const std::string text = EscapeHtml(piece.text);
        switch (piece.op) {
          case DiffOp::kEqual:
            out += text;
            break;
          case DiffOp::kDelete:
            absl::StrAppend(&out, "<del>", text, "</del>");
            break;
          case DiffOp::kInsert:
            absl::StrAppend(&out, "<ins>", text, "</ins>");
            break;
        }
      }
      out += "</p>\n";
    }
    out += "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace sec
