#ifndef SEC_STORAGE_RELEASE_STORE_H_
#define SEC_STORAGE_RELEASE_STORE_H_

// Releases (ReleaseService). A proposal's membership is its own column (Modification.release),
// written with the proposal by register_store's UpdateModification.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/release.h"
#include "storage/tx.h"

namespace sec::storage {

// ALREADY_EXISTS when the id is taken.
absl::Status InsertRelease(Tx& tx, const Release& r);
// With its proposals; NOT_FOUND naming it.
absl::StatusOr<Release> GetRelease(Tx& tx, const std::string& id);
// Every release with its proposals, by target date.
absl::StatusOr<std::vector<Release>> ListReleases(Tx& tx);
// Writes state, version number, comment and times if the stored version is still
// `expected_version` (ABORTED otherwise).
absl::Status UpdateRelease(Tx& tx, const Release& r, int64_t expected_version);
// Records a proposal's move between releases (the status report's slips).
absl::Status InsertReleaseMove(Tx& tx, const ReleaseMove& m);
// Every move, in recorded order.
absl::StatusOr<std::vector<ReleaseMove>> ListReleaseMoves(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_RELEASE_STORE_H_
