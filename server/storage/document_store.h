#ifndef SEC_STORAGE_DOCUMENT_STORE_H_
#define SEC_STORAGE_DOCUMENT_STORE_H_

// Documents on a proposal (DocumentService): the documents, their revisions and the revisions'
// bytes in chunks. No rule lives here (domain/document.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/document.h"
#include "storage/tx.h"

namespace sec::storage {

// The next document number of a proposal (max + 1; 1 for the first), in this transaction.
absl::StatusOr<int64_t> NextDocumentNumber(Tx& tx, const std::string& modification);
// ALREADY_EXISTS when the number is taken. Revisions are inserted on their own.
absl::Status InsertDocument(Tx& tx, const Document& d);
// With its revisions; NOT_FOUND naming it.
absl::StatusOr<Document> GetDocument(Tx& tx, const std::string& modification, int64_t number);
// A proposal's documents after number `after`, by number, at most `limit`, with revisions.
absl::StatusOr<std::vector<Document>> ListDocuments(Tx& tx, const std::string& modification,
                                                    int64_t after, int limit);

absl::StatusOr<int64_t> NextRevisionNumber(Tx& tx, const std::string& modification,
                                           int64_t document);
absl::Status InsertRevision(Tx& tx, const std::string& modification, int64_t document,
                            const DocumentRevision& r);
// Writes state, received_bytes and complete_time.
absl::Status UpdateRevision(Tx& tx, const std::string& modification, int64_t document,
                            const DocumentRevision& r);

// One chunk of a revision's bytes, stored at `offset`.
absl::Status InsertChunk(Tx& tx, const std::string& modification, int64_t document,
                         int64_t revision, int64_t offset, std::string data);
struct StoredChunk {
  int64_t offset = 0;
  std::string data;
};
// The first chunk at or after `from`; nullopt past the last.
absl::StatusOr<std::optional<StoredChunk>> ReadChunkFrom(Tx& tx, const std::string& modification,
                                                         int64_t document, int64_t revision,
                                                         int64_t from);

}  // namespace sec::storage

#endif  // SEC_STORAGE_DOCUMENT_STORE_H_
