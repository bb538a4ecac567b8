#include "domain/legal_text.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "domain/sec_version.h"

namespace sec {
namespace {

constexpr struct {
  ClauseChangeKind kind;
  const char* code;
} kChangeKinds[] = {{ClauseChangeKind::kAmend, "AMEND"},
                    {ClauseChangeKind::kInsert, "INSERT"},
                    {ClauseChangeKind::kDelete, "DELETE"}};

size_t SectionLength(absl::string_view id) {
  size_t n = 0;
  while (n < id.size() && absl::ascii_isupper(static_cast<unsigned char>(id[n]))) ++n;
  return n;
}

// "G7.10" -> {7, 10}; the numbers after the section letters.
std::vector<int> NumbersOf(absl::string_view clause) {
  std::vector<int> out;
  for (absl::string_view part : absl::StrSplit(clause.substr(SectionLength(clause)), '.')) {
    int n = 0;
    if (absl::SimpleAtoi(part, &n)) out.push_back(n);
  }
  return out;
}

}  // namespace

std::string ClauseSortKey(absl::string_view clause) {
  std::string out(clause.substr(0, SectionLength(clause)));
  if (out.size() < 2) out.push_back(' ');  // "G" before "GA"
  for (int n : NumbersOf(clause)) absl::StrAppend(&out, absl::Dec(n, absl::kZeroPad3), ".");
  return out;
}

absl::Status ValidateSectionId(absl::string_view id, absl::string_view field) {
  if (id.empty() || id.size() > 2 || SectionLength(id) != id.size()) {
    return InvalidField(field, absl::StrCat("\"", id.substr(0, 16),
                                            "\" is not a section: one or two capital letters, "
                                            "like \"G\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateClauseId(absl::string_view id, absl::string_view field) {
  const size_t letters = SectionLength(id);
  bool ok = letters >= 1 && letters <= 2 && id.size() > letters && id.size() <= 24;
  if (ok) {
    int parts = 0;
    for (absl::string_view part : absl::StrSplit(id.substr(letters), '.')) {
      ++parts;
      ok = ok && !part.empty() && part.size() <= 3 && part[0] != '0' &&
           std::all_of(part.begin(), part.end(),
                       [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
    }
    ok = ok && parts <= 5;
  }
  if (!ok) {
    return InvalidField(field, absl::StrCat("\"", id.substr(0, 24),
                                            "\" is not a clause: the section's letter then "
                                            "dotted numbers, like \"G7.6\""));
  }
  return absl::OkStatus();
}

std::string SectionOfClause(absl::string_view clause) {
  return std::string(clause.substr(0, SectionLength(clause)));
}

bool ClauseIdLess(absl::string_view a, absl::string_view b) {
  const absl::string_view sa = a.substr(0, SectionLength(a));
  const absl::string_view sb = b.substr(0, SectionLength(b));
  if (sa != sb) return sa < sb;
  const std::vector<int> na = NumbersOf(a), nb = NumbersOf(b);
  if (na != nb) return na < nb;
  return a < b;
}

const char* ClauseChangeKindCode(ClauseChangeKind k) {
  for (const auto& e : kChangeKinds) {
    if (e.kind == k) return e.code;
  }
  return "AMEND";
}

bool ParseClauseChangeKind(absl::string_view code, ClauseChangeKind* k) {
  for (const auto& e : kChangeKinds) {
    if (code == e.code) {
      *k = e.kind;
      return true;
    }
  }
  return false;
}

absl::Status CheckRedline(std::vector<ClauseChange>* changes, ClauseTextAt base_text) {
  std::sort(changes->begin(), changes->end(), [](const ClauseChange& a, const ClauseChange& b) {
    return ClauseIdLess(a.clause, b.clause);
  });
  for (size_t i = 0; i < changes->size(); ++i) {
    const ClauseChange& c = (*changes)[i];
    const std::string field = absl::StrCat("changes[", i, "]");
    if (i > 0 && (*changes)[i - 1].clause == c.clause) {
      return InvalidField(absl::StrCat(field, ".clause"),
                          absl::StrCat(c.clause, " is changed twice; give one change per clause"));
    }
    const std::optional<std::string> base = base_text(c.clause);
    switch (c.kind) {
      case ClauseChangeKind::kInsert:
        if (base.has_value()) {
          return InvalidField(absl::StrCat(field, ".kind"),
                              absl::StrCat(c.clause,
                                           " already exists in the base version; "
                                           "AMEND it instead of inserting it"));
        }
        break;
      case ClauseChangeKind::kAmend:
      case ClauseChangeKind::kDelete:
        if (!base.has_value()) {
          return InvalidField(absl::StrCat(field, ".clause"),
                              absl::StrCat(c.clause, " is not in the base version; INSERT it"));
        }
        break;
    }
    if (c.kind == ClauseChangeKind::kDelete && !c.text.empty()) {
      return InvalidField(absl::StrCat(field, ".text"), "a DELETE carries no text");
    }
    if (c.kind != ClauseChangeKind::kDelete && c.text.empty()) {
      return InvalidField(absl::StrCat(field, ".text"),
                          "the clause's new text is empty; DELETE the clause instead");
    }
    if (c.kind == ClauseChangeKind::kAmend && base.has_value() && *base == c.text) {
      return InvalidField(absl::StrCat(field, ".text"),
                          absl::StrCat("the text is the same as ", c.clause,
                                       " in the base version; leave the clause out"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> SectionsOfRedline(const std::vector<ClauseChange>& changes) {
  std::vector<std::string> out;
  for (const ClauseChange& c : changes) out.push_back(c.clause);
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return ClauseIdLess(a, b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::Status CheckSectionsEditable(const std::string& reference, bool has_redline) {
  if (!has_redline) return absl::OkStatus();
  return Refused(absl::StatusCode::kFailedPrecondition, "SECTIONS_FROM_REDLINE",
                 absl::StrCat(reference,
                              " has a redline: its sections are the clauses the redline changes "
                              "(secctl modifications redline set)"),
                 {{"modification", reference}});
}

std::vector<TextConflict> FindConflicts(const std::vector<RedlineRevision>& redlines) {
  std::map<std::string, std::set<std::string>> by_clause;
  for (const RedlineRevision& r : redlines) {
    for (const ClauseChange& c : r.changes) by_clause[c.clause].insert(r.modification);
  }
  std::vector<TextConflict> out;
  for (auto& [clause, mods] : by_clause) {
    if (mods.size() < 2) continue;
    out.push_back({clause, std::vector<std::string>(mods.begin(), mods.end())});
  }
  std::sort(out.begin(), out.end(), [](const TextConflict& a, const TextConflict& b) {
    return ClauseIdLess(a.clause, b.clause);
  });
  return out;
}

namespace {

// The first clause of `redline` that `changed` names; "" when none.
std::string FirstChanged(const RedlineRevision& redline, const std::vector<std::string>& changed) {
  const std::set<std::string> set(changed.begin(), changed.end());
  for (const ClauseChange& c : redline.changes) {
    if (set.count(c.clause) > 0) return c.clause;
  }
  return "";
}

}  // namespace

absl::Status CheckRebase(const RedlineRevision& redline, absl::string_view onto,
                         const std::vector<std::string>& changed_since_base) {
  const std::string clause = FirstChanged(redline, changed_since_base);
  if (clause.empty()) return absl::OkStatus();
  return Refused(
      absl::StatusCode::kFailedPrecondition, "REBASE_CONFLICT",
      absl::StrCat(clause, " changed between version ", redline.base_version,
                   " (the redline's base) and version ", onto, "; ", redline.modification,
                   "'s change to it must be redrafted on the new text"),
      {{"clause", clause},
       {"modification", redline.modification},
       {"base_version", redline.base_version},
       {"onto_version", std::string(onto)}});
}

absl::StatusOr<std::vector<ClauseVersion>> Consolidate(const std::vector<RedlineRevision>& redlines,
                                                       absl::string_view new_version,
                                                       ClausesChangedSince changed_since) {
  const std::vector<TextConflict> conflicts = FindConflicts(redlines);
  if (!conflicts.empty()) {
    const TextConflict& c = conflicts.front();
    return Refused(absl::StatusCode::kFailedPrecondition, "TEXT_CONFLICT",
                   absl::StrCat(absl::StrJoin(c.modifications, " and "), " both change ", c.clause,
                                "; version ", new_version,
                                " cannot take both: withdraw or move one, or redraft one on "
                                "the other"),
                   {{"clause", c.clause}, {"modifications", absl::StrJoin(c.modifications, ",")}});
  }
  std::vector<ClauseVersion> out;
  for (const RedlineRevision& r : redlines) {
    const std::string stale = FirstChanged(r, changed_since(r.base_version));
    if (!stale.empty()) {
      return Refused(
          absl::StatusCode::kFailedPrecondition, "REBASE_NEEDED",
          absl::StrCat(r.modification, "'s redline is drafted on version ", r.base_version, " and ",
                       stale,
                       " has changed since; rebase it (secctl modifications redline "
                       "rebase) before designating version ",
                       new_version),
          {{"clause", stale}, {"modification", r.modification}, {"base_version", r.base_version}});
    }
    for (const ClauseChange& c : r.changes) {
      ClauseVersion v;
      v.clause = c.clause;
      v.version = std::string(new_version);
      v.text = c.text;
      v.deleted = c.kind == ClauseChangeKind::kDelete;
      v.modification = r.modification;
      out.push_back(std::move(v));
    }
  }
  std::sort(out.begin(), out.end(), [](const ClauseVersion& a, const ClauseVersion& b) {
    return ClauseIdLess(a.clause, b.clause);
  });
  return out;
}

namespace {

// Each clause's latest row among those `keep` admits.
template <typename Keep>
std::vector<ClauseVersion> LatestRows(const std::vector<ClauseVersion>& rows, Keep keep) {
  std::map<std::string, const ClauseVersion*, ClauseOrder> latest;
  for (const ClauseVersion& r : rows) {
    if (!keep(r.version)) continue;
    const ClauseVersion*& held = latest[r.clause];
    if (held == nullptr || VersionNumberLess(held->version, r.version)) held = &r;
  }
  std::vector<ClauseVersion> out;
  for (const auto& [clause, row] : latest) {
    if (!row->deleted) out.push_back(*row);
  }
  return out;
}

ClauseTexts TextOf(const std::vector<ClauseVersion>& rows) {
  ClauseTexts out;
  for (const ClauseVersion& r : rows) out[r.clause] = r.text;
  return out;
}

}  // namespace

std::vector<ClauseVersion> RowsInForce(const std::vector<ClauseVersion>& rows,
                                       absl::string_view version) {
  return LatestRows(rows, [&](absl::string_view v) { return !VersionNumberLess(version, v); });
}

ClauseTexts TextInVersion(const std::vector<ClauseVersion>& rows, absl::string_view version) {
  return TextOf(RowsInForce(rows, version));
}

ClauseTexts TextBefore(const std::vector<ClauseVersion>& rows, absl::string_view version) {
  return TextOf(
      LatestRows(rows, [&](absl::string_view v) { return VersionNumberLess(v, version); }));
}

std::vector<std::string> ClausesChangedBetween(const std::vector<ClauseVersion>& rows,
                                               absl::string_view base, absl::string_view upto) {
  std::set<std::string, ClauseOrder> out;
  for (const ClauseVersion& r : rows) {
    if (VersionNumberLess(base, r.version) && !VersionNumberLess(upto, r.version)) {
      out.insert(r.clause);
    }
  }
  return {out.begin(), out.end()};
}

std::vector<ClauseVersion> ImportedRows(const ClauseTexts& before,
                                        const std::vector<ImportedClause>& imported,
                                        absl::string_view version) {
  std::vector<ClauseVersion> out;
  std::set<std::string> seen;
  for (const ImportedClause& c : imported) {
    seen.insert(c.clause);
    auto held = before.find(c.clause);
    if (held != before.end() && held->second == c.text) continue;
    out.push_back({c.clause, std::string(version), c.text, false, ""});
  }
  for (const auto& [clause, text] : before) {
    if (seen.count(clause) == 0) out.push_back({clause, std::string(version), "", true, ""});
  }
  std::sort(out.begin(), out.end(), [](const ClauseVersion& a, const ClauseVersion& b) {
    return ClauseIdLess(a.clause, b.clause);
  });
  return out;
}

ClauseTexts ApplyRedline(ClauseTexts base, const std::vector<ClauseChange>& changes) {
  for (const ClauseChange& c : changes) {
    if (c.kind == ClauseChangeKind::kDelete) {
      base.erase(c.clause);
    } else {
      base[c.clause] = c.text;
    }
  }
  return base;
}

}  // namespace sec
