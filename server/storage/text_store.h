#ifndef SEC_STORAGE_TEXT_STORE_H_
#define SEC_STORAGE_TEXT_STORE_H_

// The legal text's rows (LegalTextService): clause texts per version and redline revisions.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/legal_text.h"
#include "storage/tx.h"

namespace sec::storage {

// Stores a version's rows of the clauses it changed (section from each clause).
void InsertClauseRows(Tx& tx, const std::vector<ClauseVersion>& rows, int64_t now_us);
// Removes what a section's import stored in a version (an import replaces it).
absl::Status DeleteSectionRows(Tx& tx, const std::string& section, const std::string& version);
// Every version's row of one clause, of one section's clauses, or the rows one version stored.
absl::StatusOr<std::vector<ClauseVersion>> ClauseRows(Tx& tx, const std::string& clause);
absl::StatusOr<std::vector<ClauseVersion>> SectionRows(Tx& tx, const std::string& section);
absl::StatusOr<std::vector<ClauseVersion>> VersionRows(Tx& tx, const std::string& version);

// A redline revision with its changes (revision numbered by the caller).
absl::Status InsertRedline(Tx& tx, const RedlineRevision& r);
// A proposal's redline revisions, oldest first (none: empty).
absl::StatusOr<std::vector<RedlineRevision>> ListRedlines(Tx& tx, const std::string& modification);
// Each proposal's latest redline revision's changes (its base and author not filled).
absl::StatusOr<std::vector<RedlineRevision>> LatestRedlineChanges(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_TEXT_STORE_H_
