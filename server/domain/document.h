#ifndef SEC_DOMAIN_DOCUMENT_H_
#define SEC_DOMAIN_DOCUMENT_H_

// Documents on a proposal (DocumentService, README "Documents"): typed, with revisions, each
// revision's bytes uploaded in chunks and checked against its declared SHA-256. The rules of who
// may add and who may see a document, and of what a revision and a chunk may be, are here once.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/principal.h"

namespace sec {

enum class DocumentKind {
  kInitialModificationReport,
  kModificationReport,
  kConsultationDocument,
  kConsultationResponse,
  kDecisionLetter,
  kOther,
};
const char* DocumentKindCode(DocumentKind k);  // "MODIFICATION_REPORT", ...
bool ParseDocumentKind(absl::string_view code, DocumentKind* k);

enum class RevisionState { kUploading, kComplete };
const char* RevisionStateCode(RevisionState s);  // "UPLOADING", "COMPLETE"
bool ParseRevisionState(absl::string_view code, RevisionState* s);

struct DocumentRevision {
  int64_t number = 0;
  std::string media_type;
  int64_t size_bytes = 0;
  std::string sha256;  // 64 lower-case hex digits
  RevisionState state = RevisionState::kUploading;
  int64_t received_bytes = 0;
  std::string uploader;  // principal name
  int64_t create_time_us = 0;
  int64_t complete_time_us = 0;  // 0 while uploading
};

struct Document {
  std::string modification;  // "SECMP0026"
  int64_t number = 0;
  DocumentKind kind = DocumentKind::kOther;
  std::string title;
  std::string party;  // party id; "" for none
  bool confidential = false;
  std::string creator;  // principal name
  int64_t create_time_us = 0;
  std::vector<DocumentRevision> revisions;  // oldest first
};

// "modifications/SECMP0026/documents/3" and ".../documents/3/revisions/2".
std::string DocumentName(absl::string_view reference, int64_t number);
std::string RevisionName(absl::string_view reference, int64_t document, int64_t revision);
struct DocumentRef {
  std::string modification;
  int64_t document = 0;
  int64_t revision = 0;  // 0: the document itself
};
// A document's name (revision 0) or, with `revision_allowed`, a revision's; INVALID_ARGUMENT
// naming `field` otherwise.
absl::StatusOr<DocumentRef> ParseDocumentName(absl::string_view name, absl::string_view field,
                                              bool revision_allowed);

// A document is public, as its proposal is, unless confidential: then only its party, SECAS and
// the Panel see it.
bool MayReadDocument(const Principal& who, const Document& d);
// NOT_FOUND naming the document when `who` may not see it (as if it did not exist).
absl::Status RequireReadable(const Principal& who, const Document& d);

// A new document: a title; a party for a consultation response and for a confidential one.
// A PARTY principal adds only its own consultation responses (PERMISSION_DENIED, reason
// DOCUMENT_KIND, otherwise); `d.party` is then its own (the call's acting party).
absl::Status CheckNewDocument(const Principal& who, const Document& d);
// Who may add a revision: SECAS, or the PARTY principal acting for the document's party.
absl::Status CheckMayRevise(const Principal& who, const Document& d);

// A revision to come: media type "type/subtype" (RFC 6838 token characters, at most 127), size
// 1 to bounds::kDocumentBytes, SHA-256 64 lower-case hex digits. Fields named as in the request
// ("revision.media_type").
absl::Status ValidateNewRevision(const DocumentRevision& r);

// A chunk at `offset` of `size` bytes for revision `r`: r is uploading, offset is what it has
// received (FAILED_PRECONDITION, reason CHUNK_OFFSET, naming the offset expected), and the chunk
// is 1 to bounds::kDocumentChunkBytes bytes and not past the declared size.
absl::Status CheckChunk(const DocumentRevision& r, absl::string_view revision_name, int64_t offset,
                        int64_t size);
// FAILED_PRECONDITION, reason SHA256_MISMATCH, unless `actual` is the declared SHA-256.
absl::Status CheckSha256(const DocumentRevision& r, absl::string_view revision_name,
                         absl::string_view actual);

// The latest complete revision; NOT_FOUND (naming the document) when it has none.
absl::StatusOr<DocumentRevision> LatestComplete(const Document& d);

}  // namespace sec

#endif  // SEC_DOMAIN_DOCUMENT_H_
