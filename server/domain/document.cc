#include "domain/document.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/bounds.h"
#include "domain/errors.h"
#include "domain/modification.h"

namespace sec {
namespace {

struct KindCode {
  DocumentKind kind;
  const char* code;
};
constexpr KindCode kKinds[] = {
    {DocumentKind::kInitialModificationReport, "INITIAL_MODIFICATION_REPORT"},
    {DocumentKind::kModificationReport, "MODIFICATION_REPORT"},
    {DocumentKind::kConsultationDocument, "CONSULTATION_DOCUMENT"},
    {DocumentKind::kConsultationResponse, "CONSULTATION_RESPONSE"},
    {DocumentKind::kDecisionLetter, "DECISION_LETTER"},
    {DocumentKind::kOther, "OTHER"},
};

// RFC 6838 restricted-name characters.
bool IsTokenChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '!' || c == '#' || c == '$' ||
         c == '&' || c == '-' || c == '^' || c == '_' || c == '.' || c == '+';
}

bool IsToken(absl::string_view s) {
  if (s.empty() || s.size() > 127) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return absl::ascii_isalnum(static_cast<unsigned char>(s[0]));
}

}  // namespace

const char* DocumentKindCode(DocumentKind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.code;
  }
  return "UNKNOWN";
}

bool ParseDocumentKind(absl::string_view code, DocumentKind* k) {
  for (const auto& e : kKinds) {
    if (code == e.code) {
      *k = e.kind;
      return true;
    }
  }
  return false;
}

const char* RevisionStateCode(RevisionState s) {
  return s == RevisionState::kComplete ? "COMPLETE" : "UPLOADING";
}

bool ParseRevisionState(absl::string_view code, RevisionState* s) {
  if (code == "COMPLETE") {
    *s = RevisionState::kComplete;
  } else if (code == "UPLOADING") {
    *s = RevisionState::kUploading;
  } else {
    return false;
  }
  return true;
}

std::string DocumentName(absl::string_view reference, int64_t number) {
  return absl::StrCat("modifications/", reference, "/documents/", number);
}

std::string RevisionName(absl::string_view reference, int64_t document, int64_t revision) {
  return absl::StrCat(DocumentName(reference, document), "/revisions/", revision);
}

absl::StatusOr<DocumentRef> ParseDocumentName(absl::string_view name, absl::string_view field,
                                              bool revision_allowed) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  DocumentRef ref;
  const bool doc = parts.size() == 4;
  const bool rev = revision_allowed && parts.size() == 6;
  bool ok = (doc || rev) && parts[0] == "modifications" && ParseReference(parts[1]).ok() &&
            parts[2] == "documents" && absl::SimpleAtoi(parts[3], &ref.document) &&
            ref.document > 0 && parts[3][0] != '0';
  if (ok && rev) {
    ok = parts[4] == "revisions" && absl::SimpleAtoi(parts[5], &ref.revision) && ref.revision > 0 &&
         parts[5][0] != '0';
  }
  if (!ok) {
    return InvalidField(
        field,
        absl::StrCat(
            "\"", name, "\" is not a ", revision_allowed ? "document or revision" : "document",
            " name like modifications/SECMP0026/documents/3",
            revision_allowed ? " or modifications/SECMP0026/documents/3/revisions/2" : ""));
  }
  ref.modification = std::string(parts[1]);
  return ref;
}

bool MayReadDocument(const Principal& who, const Document& d) {
  if (!d.confidential) return true;
  return who.HasAny({Role::kSecas, Role::kPanel}) || (!d.party.empty() && who.ActsFor(d.party));
}

absl::Status RequireReadable(const Principal& who, const Document& d) {
  if (MayReadDocument(who, d)) return absl::OkStatus();
  return absl::NotFoundError(absl::StrCat(DocumentName(d.modification, d.number), " not found"));
}

absl::Status CheckNewDocument(const Principal& who, const Document& d) {
  if (d.title.empty()) return InvalidField("document.title", "required");
  if (d.party.empty() && d.kind == DocumentKind::kConsultationResponse) {
    return InvalidField("document.party", "a consultation response names the responding party");
  }
  if (d.party.empty() && d.confidential) {
    return InvalidField("document.party",
                        "a confidential document names the party whose it is (it is seen by "
                        "that party, SECAS and the Panel)");
  }
  if (!who.Has(Role::kSecas) && d.kind != DocumentKind::kConsultationResponse) {
    return Refused(absl::StatusCode::kPermissionDenied, "DOCUMENT_KIND",
                   absl::StrCat("document.kind: ", who.name,
                                " adds only its own consultation responses; SECAS adds ",
                                DocumentKindCode(d.kind)),
                   {{"kind", DocumentKindCode(d.kind)}});
  }
  return absl::OkStatus();
}

absl::Status CheckMayRevise(const Principal& who, const Document& d) {
  if (who.Has(Role::kSecas) || (!d.party.empty() && who.ActsFor(d.party))) {
    return absl::OkStatus();
  }
  return Refused(absl::StatusCode::kPermissionDenied, "OTHER_PARTY",
                 absl::StrCat(who.name, " may not revise ", DocumentName(d.modification, d.number),
                              ": SECAS, or the party whose document it is, adds revisions"),
                 {{"document", DocumentName(d.modification, d.number)}});
}

absl::Status ValidateNewRevision(const DocumentRevision& r) {
  const std::vector<absl::string_view> mt = absl::StrSplit(r.media_type, '/');
  if (r.media_type.size() > bounds::kMediaTypeChars || mt.size() != 2 || !IsToken(mt[0]) ||
      !IsToken(mt[1])) {
    return InvalidField("revision.media_type",
                        absl::StrCat("\"", r.media_type,
                                     "\" is not a media type type/subtype such as "
                                     "application/pdf (RFC 6838 characters, at most ",
                                     bounds::kMediaTypeChars, ")"));
  }
  if (r.size_bytes < 1 || r.size_bytes > bounds::kDocumentBytes) {
    return InvalidField("revision.size_bytes",
                        absl::StrCat(r.size_bytes, " bytes; a revision holds 1 to ",
                                     bounds::kDocumentBytes, " bytes (16 MiB)"));
  }
  bool hex = r.sha256.size() == bounds::kSha256Chars;
  for (char c : r.sha256) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!hex) {
    return InvalidField("revision.sha256",
                        "the SHA-256 of the revision's bytes, 64 lower-case hex digits");
  }
  return absl::OkStatus();
}

absl::Status CheckChunk(const DocumentRevision& r, absl::string_view revision_name, int64_t offset,
                        int64_t size) {
  if (r.state != RevisionState::kUploading) {
    return Refused(absl::StatusCode::kFailedPrecondition, "REVISION_COMPLETE",
                   absl::StrCat(revision_name, " is complete: open a new revision to change it"),
                   {{"revision", std::string(revision_name)}});
  }
  if (offset != r.received_bytes) {
    return Refused(absl::StatusCode::kFailedPrecondition, "CHUNK_OFFSET",
                   absl::StrCat("offset: ", revision_name, " has received ", r.received_bytes,
                                " bytes, so the next chunk starts at offset ", r.received_bytes,
                                ", not ", offset),
                   {{"revision", std::string(revision_name)},
                    {"expected_offset", absl::StrCat(r.received_bytes)}});
  }
  if (size < 1 || size > bounds::kDocumentChunkBytes) {
    return InvalidField("data", absl::StrCat(size, " bytes; a chunk holds 1 to ",
                                             bounds::kDocumentChunkBytes, " bytes (1 MiB)"));
  }
  if (offset + size > r.size_bytes) {
    return InvalidField(
        "data", absl::StrCat("the chunk ends at byte ", offset + size,
                             ", past the revision's declared size of ", r.size_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckSha256(const DocumentRevision& r, absl::string_view revision_name,
                         absl::string_view actual) {
  if (actual == r.sha256) return absl::OkStatus();
  return Refused(
      absl::StatusCode::kFailedPrecondition, "SHA256_MISMATCH",
      absl::StrCat(revision_name, ": the ", r.size_bytes, " bytes received hash to ", actual,
                   ", not the declared SHA-256 ", r.sha256, "; the last chunk was not stored"),
      {{"revision", std::string(revision_name)},
       {"declared", r.sha256},
       {"actual", std::string(actual)}});
}

absl::StatusOr<DocumentRevision> LatestComplete(const Document& d) {
  for (auto it = d.revisions.rbegin(); it != d.revisions.rend(); ++it) {
    if (it->state == RevisionState::kComplete) return *it;
  }
  return absl::NotFoundError(
      absl::StrCat(DocumentName(d.modification, d.number), " has no complete revision yet"));
}

}  // namespace sec
