#include "domain/list_filter.h"

#include <algorithm>
#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/dates.h"

namespace sec {
namespace {

constexpr size_t kMaxFilterLength = 2000;
constexpr size_t kMaxTerms = 20;

struct Token {
  enum Type { kWord, kString, kOp, kEnd } type;
  std::string text;
  size_t column;  // 1-based
};

absl::Status Error(size_t column, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("filter: ", what, " at column ", column));
}

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    size_t col = i + 1;
    if (c == '"') {
      std::string v;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
          v.push_back(s[i + 1]);
          i += 2;
        } else if (s[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          v.push_back(s[i++]);
        }
      }
      if (!closed) return Error(col, "unterminated quoted string");
      out.push_back({Token::kString, v, col});
    } else if (c == '=' || c == '!' || c == '<' || c == '>' || c == ':') {
      std::string op(1, c);
      if (i + 1 < s.size() && s[i + 1] == '=' && c != '=' && c != ':') op.push_back('=');
      if (op == "!") return Error(col, "\"!\" must be followed by \"=\"");
      i += op.size();
      out.push_back({Token::kOp, op, col});
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
               c == '.') {
      size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                              s[i] == '-' || s[i] == '.')) {
        ++i;
      }
      out.push_back({Token::kWord, std::string(s.substr(start, i - start)), col});
    } else {
      return Error(col, absl::StrCat("unexpected character '", std::string(1, c), "'"));
    }
  }
  out.push_back({Token::kEnd, "", s.size() + 1});
  return out;
}

bool ParseOp(const std::string& t, FilterOp* op) {
  static const std::pair<const char*, FilterOp> kOps[] = {
      {"=", FilterOp::kEq}, {"!=", FilterOp::kNe}, {"<", FilterOp::kLt}, {"<=", FilterOp::kLe},
      {">", FilterOp::kGt}, {">=", FilterOp::kGe}, {":", FilterOp::kHas}};
  for (const auto& [text, o] : kOps) {
    if (t == text) {
      *op = o;
      return true;
    }
  }
  return false;
}

std::string FieldNames(const std::vector<FilterField>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return absl::StrJoin(names, ", ");
}

std::string OpNames(const FilterField& f) {
  std::vector<std::string> names;
  for (FilterOp op : f.ops) names.push_back(FilterOpText(op));
  return absl::StrJoin(names, " ");
}

}  // namespace

const char* FilterOpText(FilterOp op) {
  switch (op) {
    case FilterOp::kEq: return "=";
    case FilterOp::kNe: return "!=";
    case FilterOp::kLt: return "<";
    case FilterOp::kLe: return "<=";
    case FilterOp::kGt: return ">";
    case FilterOp::kGe: return ">=";
    case FilterOp::kHas: return ":";
  }
  return "?";
}

absl::StatusOr<std::vector<FilterTerm>> ParseFilter(absl::string_view text,
                                                    const std::vector<FilterField>& fields) {
  if (text.size() > kMaxFilterLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("filter: longer than ", kMaxFilterLength, " characters"));
  }
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  std::vector<FilterTerm> terms;
  size_t i = 0;
  const std::vector<Token>& t = *tokens;
  if (t[0].type == Token::kEnd) return terms;
  while (true) {
    if (t[i].type != Token::kWord) {
      return Error(t[i].column, "expected a field name");
    }
    const std::string field_name = absl::AsciiStrToLower(t[i].text);
    auto f = std::find_if(fields.begin(), fields.end(),
                          [&](const FilterField& ff) { return ff.name == field_name; });
    if (f == fields.end()) {
      return Error(t[i].column, absl::StrCat("unknown field \"", t[i].text,
                                             "\"; fields: ", FieldNames(fields)));
    }
    ++i;
    FilterOp op;
    if (t[i].type != Token::kOp || !ParseOp(t[i].text, &op)) {
      return Error(t[i].column, absl::StrCat("expected an operator after \"", f->name, "\""));
    }
    if (std::find(f->ops.begin(), f->ops.end(), op) == f->ops.end()) {
      return Error(t[i].column, absl::StrCat("operator \"", t[i].text, "\" not allowed for \"",
                                             f->name, "\"; allowed: ", OpNames(*f)));
    }
    ++i;
    if (t[i].type != Token::kWord && t[i].type != Token::kString) {
      return Error(t[i].column, absl::StrCat("expected a value for \"", f->name, "\""));
    }
    FilterTerm term{f->name, f->kind, op, t[i].text};
    switch (f->kind) {
      case FilterKind::kEnum: {
        std::string v = absl::AsciiStrToUpper(term.value);
        if (std::find(f->enum_values.begin(), f->enum_values.end(), v) ==
            f->enum_values.end()) {
          return Error(t[i].column,
                       absl::StrCat("\"", term.value, "\" is not a value of \"", f->name,
                                    "\"; values: ", absl::StrJoin(f->enum_values, ", ")));
        }
        term.value = v;
        break;
      }
      case FilterKind::kBool: {
        std::string v = absl::AsciiStrToLower(term.value);
        if (v != "true" && v != "false") {
          return Error(t[i].column, absl::StrCat("\"", f->name, "\" takes true or false"));
        }
        term.value = v;
        break;
      }
      case FilterKind::kDate: {
        absl::StatusOr<Date> d = ParseDate(term.value, absl::StrCat("filter: ", f->name));
        if (!d.ok()) return d.status();
        break;
      }
      case FilterKind::kString:
        break;
    }
    terms.push_back(std::move(term));
    if (terms.size() > kMaxTerms) {
      return Error(t[i].column, absl::StrCat("more than ", kMaxTerms, " comparisons"));
    }
    ++i;
    if (t[i].type == Token::kEnd) break;
    if (t[i].type != Token::kWord || absl::AsciiStrToUpper(t[i].text) != "AND") {
      return Error(t[i].column, absl::StrCat("expected AND, found \"", t[i].text, "\""));
    }
    ++i;
  }
  return terms;
}

}  // namespace sec
