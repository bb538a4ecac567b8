#ifndef SEC_DOMAIN_LEGAL_TEXT_H_
#define SEC_DOMAIN_LEGAL_TEXT_H_

// The SEC's text as data (README "Legal text"): sections of clauses with stable identifiers
// ("G7.6", "J3.2"), each clause's text held per SEC version, and the clause changes a proposal
// makes (its redline) against the version it was drafted on.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/text_import.h"

namespace sec {

// [bound] A clause's text, and a section imported at once.
inline constexpr size_t kMaxClauseTextBytes = 64 * 1024;
inline constexpr size_t kMaxClausesPerImport = 2000;
// [bound] A section's source text in one import (under the 4 MiB request limit).
inline constexpr size_t kMaxSectionSourceBytes = 3 << 20;

// A clause identifier: the section's letter(s) then dotted numbers, "G7.6", "A1.1", "X2".
// INVALID_ARGUMENT naming `field` otherwise.
absl::Status ValidateClauseId(absl::string_view id, absl::string_view field);
// A section identifier: one or two capital letters ("G", "AB").
absl::Status ValidateSectionId(absl::string_view id, absl::string_view field);
// "G7.6" -> "G".
std::string SectionOfClause(absl::string_view clause);
// Document order: G7.9 before G7.10, G7 before G7.1, section by section.
bool ClauseIdLess(absl::string_view a, absl::string_view b);

// A key whose byte order is document order ("G007.010" for G7.10), for paging.
std::string ClauseSortKey(absl::string_view clause);

// One clause's text in one version. A version stores only the clauses it changed; `deleted`
// marks a clause the version removed.
struct ClauseVersion {
  std::string clause;
  std::string version;  // "5.5"
  std::string text;
  bool deleted = false;
  std::string modification;  // the proposal whose redline produced it ("" when imported)
};

// What a redline does to one clause.
enum class ClauseChangeKind { kAmend, kInsert, kDelete };
const char* ClauseChangeKindCode(ClauseChangeKind k);  // "AMEND", "INSERT", "DELETE"
bool ParseClauseChangeKind(absl::string_view code, ClauseChangeKind* k);

struct ClauseChange {
  std::string clause;
  ClauseChangeKind kind = ClauseChangeKind::kAmend;
  std::string text;  // the clause's new text ("" for a deletion)
};

// One revision of a proposal's redline: all its clause changes, against `base_version`.
struct RedlineRevision {
  std::string modification;
  int revision = 0;                   // 1, 2, ...
  std::string base_version;           // the version it was drafted on (or rebased onto)
  std::vector<ClauseChange> changes;  // in clause order
  std::string author;                 // principal
  int64_t create_time_us = 0;
  std::string comment;
};

// [bound] Clause changes in one redline.
inline constexpr size_t kMaxRedlineClauses = 200;

// Checks a redline's changes against the text of its base version (`base_text(clause)` gives
// the clause's text there, or nullopt when it does not exist or was deleted): an AMEND or
// DELETE needs the clause to exist, an INSERT needs it not to; one change per clause; the
// kinds' text rules. Sorts the changes into clause order.
using ClauseTextAt = absl::FunctionRef<std::optional<std::string>(absl::string_view clause)>;
absl::Status CheckRedline(std::vector<ClauseChange>* changes, ClauseTextAt base_text);

// The proposal's sections, derived from its redline: its clauses, in clause order.
std::vector<std::string> SectionsOfRedline(const std::vector<ClauseChange>& changes);

// Once a proposal has a redline, its sections are the clauses the redline changes: changing
// them by hand is refused (FAILED_PRECONDITION, SECTIONS_FROM_REDLINE); the next redline revision
// sets them.
absl::Status CheckSectionsEditable(const std::string& reference, bool has_redline);

// Two proposals changing one clause.
struct TextConflict {
  std::string clause;
  std::vector<std::string> modifications;  // references, sorted
};
// The clauses changed by more than one of `redlines` (one per proposal), in clause order.
std::vector<TextConflict> FindConflicts(const std::vector<RedlineRevision>& redlines);

// Whether `redline` can move onto a newer version `onto`: none of its clauses changed between
// its base and `onto` (`changed_since_base` lists the clauses the versions after the base, up
// to `onto`, changed). FAILED_PRECONDITION (REBASE_CONFLICT) naming the clause otherwise.
absl::Status CheckRebase(const RedlineRevision& redline, absl::string_view onto,
                         const std::vector<std::string>& changed_since_base);

// Designating a version applies its proposals' redlines. Refused (FAILED_PRECONDITION) when two
// change one clause (TEXT_CONFLICT naming the clause and the proposals), or when one is drafted
// on a version older than `in_force` and a clause it changes changed since (REBASE_NEEDED).
// `changed_since(base)` lists the clauses the versions after `base` changed. Returns the new
// version's clause rows.
using ClausesChangedSince =
    absl::FunctionRef<std::vector<std::string>(absl::string_view base_version)>;
absl::StatusOr<std::vector<ClauseVersion>> Consolidate(const std::vector<RedlineRevision>& redlines,
                                                       absl::string_view new_version,
                                                       ClausesChangedSince changed_since);

// The text of some clauses in one version: clause -> text, in document order.
struct ClauseOrder {
  bool operator()(const std::string& a, const std::string& b) const { return ClauseIdLess(a, b); }
};
using ClauseTexts = std::map<std::string, std::string, ClauseOrder>;

// From the stored rows of some clauses (every version's), each clause's row that gives its text
// in `version`: the row of the latest version not after it (version order, VersionNumberLess).
// A clause whose row is a deletion, or that has no row that early, is absent. Clause order.
std::vector<ClauseVersion> RowsInForce(const std::vector<ClauseVersion>& rows,
                                       absl::string_view version);
// The same as text.
ClauseTexts TextInVersion(const std::vector<ClauseVersion>& rows, absl::string_view version);
// The text in force just before `version` (its rows left out): what `version` changes.
ClauseTexts TextBefore(const std::vector<ClauseVersion>& rows, absl::string_view version);

// The clauses with a row in a version after `base` and not after `upto`, in clause order:
// what changed between the two.
std::vector<std::string> ClausesChangedBetween(const std::vector<ClauseVersion>& rows,
                                               absl::string_view base, absl::string_view upto);

// What importing a section's text as `version` stores: a row for each imported clause whose
// text differs from `before` (the section in force before the version) or that `before` lacks,
// and a deletion for each clause of `before` the import lacks. A version stores only what it
// changed.
std::vector<ClauseVersion> ImportedRows(const ClauseTexts& before,
                                        const std::vector<ImportedClause>& imported,
                                        absl::string_view version);

// A redline's changes applied to its base text.
ClauseTexts ApplyRedline(ClauseTexts base, const std::vector<ClauseChange>& changes);

}  // namespace sec

#endif  // SEC_DOMAIN_LEGAL_TEXT_H_
