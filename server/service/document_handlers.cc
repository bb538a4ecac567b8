// DocumentService: documents on a proposal, their revisions, and their bytes in chunks.
//
// Upload is unary calls, each one transaction (the dispatcher serves unary and server-streaming
// methods): CreateDocumentRevision declares size and SHA-256, AppendDocumentChunk adds chunk
// after chunk at the offset received so far, and the chunk that completes the revision is stored
// only if all the bytes hash to the declared SHA-256. Download is a server stream reading one
// chunk per read transaction, so a 16 MiB revision is never one message nor one buffer.
//
// History: writes on a public document append events about it as every write does. A
// confidential document's writes append none: the history's visibility is public or a party's
// credit data (seen by the DCC too), and a confidential document is its party's, SECAS' and the
// Panel's only; its revisions record who uploaded what and when.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/document.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "service/enums.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "service/sha256.h"
#include "service/status_mapping.h"
#include "storage/document_store.h"
#include "storage/register_store.h"

namespace sec::service {
namespace {

v1::DocumentRevision ToProto(const Document& d, const DocumentRevision& r) {
  v1::DocumentRevision out;
  out.set_name(RevisionName(d.modification, d.number, r.number));
  out.set_media_type(r.media_type);
  out.set_size_bytes(r.size_bytes);
  out.set_sha256(r.sha256);
  out.set_state(RevisionStateEnum().ToProto(r.state));
  out.set_received_bytes(r.received_bytes);
  out.set_uploader(r.uploader);
  SetTimestamp(r.create_time_us, out.mutable_create_time());
  if (r.complete_time_us != 0) SetTimestamp(r.complete_time_us, out.mutable_complete_time());
  return out;
}

v1::Document ToProto(const Document& d) {
  v1::Document out;
  out.set_name(DocumentName(d.modification, d.number));
  out.set_kind(DocumentKindEnum().ToProto(d.kind));
  out.set_title(d.title);
  if (!d.party.empty()) out.set_party(PartyName(d.party));
  out.set_confidential(d.confidential);
  for (const DocumentRevision& r : d.revisions) *out.add_revisions() = ToProto(d, r);
  out.set_creator(d.creator);
  SetTimestamp(d.create_time_us, out.mutable_create_time());
  return out;
}

// `after` once recorded: with a history event about it unless the document is confidential
// (see the top of this file).
template <typename P>
absl::StatusOr<P> RecordedUnlessConfidential(Call& call, storage::Tx& tx, const Document& d,
                                             P after, const char* kind) {
  if (d.confidential) return after;
  return call.Recorded(tx, std::move(after), kind, call.Today());
}

// The document `ref` names, if `who` may see it (NOT_FOUND otherwise, as if absent).
absl::StatusOr<Document> ReadableDocument(storage::Tx& tx, const Principal& who,
                                          const DocumentRef& ref) {
  SEC_ASSIGN_OR_RETURN(Document d, storage::GetDocument(tx, ref.modification, ref.document));
  SEC_RETURN_IF_ERROR(RequireReadable(who, d));
  return d;
}

DocumentRevision* FindRevision(Document& d, int64_t number) {
  for (DocumentRevision& r : d.revisions) {
    if (r.number == number) return &r;
  }
  return nullptr;
}

// The SHA-256 of the revision's stored chunks followed by `last`.
absl::StatusOr<std::string> HashWith(storage::Tx& tx, const Document& d, const DocumentRevision& r,
                                     absl::string_view last) {
  Sha256 h;
  int64_t offset = 0;
  while (offset < r.received_bytes) {
    SEC_ASSIGN_OR_RETURN(std::optional<storage::StoredChunk> chunk,
                         storage::ReadChunkFrom(tx, d.modification, d.number, r.number, offset));
    if (!chunk.has_value() || chunk->offset != offset) {
      return absl::DataLossError(absl::StrCat(RevisionName(d.modification, d.number, r.number),
                                              ": stored chunks do not reach byte ", offset));
    }
    h.Update(chunk->data);
    offset += static_cast<int64_t>(chunk->data.size());
  }
  h.Update(last);
  return h.HexDigest();
}

// Streams one complete revision, a stored chunk per message, each read in its own read
// transaction when the previous message has gone.
class RevisionReader final : public grpc::ServerWriteReactor<v1::DocumentChunk> {
 public:
  RevisionReader(storage::Store* store, Document d, DocumentRevision r)
      : store_(store), d_(std::move(d)), r_(std::move(r)) {
    *message_.mutable_revision() = ToProto(d_, r_);
    Next();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    message_.clear_revision();
    Next();
  }

  void OnDone() override { delete this; }

 private:
  void Next() {
    if (offset_ >= r_.size_bytes) {
      Finish(grpc::Status::OK);
      return;
    }
    std::optional<storage::StoredChunk> chunk;
    absl::Status s = store_->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::optional<storage::StoredChunk>> c =
          storage::ReadChunkFrom(tx, d_.modification, d_.number, r_.number, offset_);
      if (!c.ok()) return c.status();
      chunk = *std::move(c);
      return absl::OkStatus();
    });
    if (s.ok() && (!chunk.has_value() || chunk->offset != offset_)) {
      s = absl::DataLossError(absl::StrCat(RevisionName(d_.modification, d_.number, r_.number),
                                           ": no stored chunk at byte ", offset_));
    }
    if (!s.ok()) {
      Finish(ToGrpc(s));
      return;
    }
    message_.set_offset(chunk->offset);
    offset_ += static_cast<int64_t>(chunk->data.size());
    *message_.mutable_data() = std::move(chunk->data);
    StartWrite(&message_);
  }

  storage::Store* const store_;
  const Document d_;
  const DocumentRevision r_;
  int64_t offset_ = 0;
  v1::DocumentChunk message_;
};

}  // namespace

absl::StatusOr<v1::Document> CreateDocument(Call& call, const v1::CreateDocumentRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  const v1::Document& in = req.document();
  Document d;
  d.modification = ref;
  SEC_ASSIGN_OR_RETURN(d.kind, DocumentKindEnum().FromProto(in.kind(), "document.kind"));
  d.title = in.title();
  d.party = call.party();  // a PARTY principal's own; the party SECAS names
  d.confidential = in.confidential();
  d.creator = call.who().name;
  SEC_RETURN_IF_ERROR(CheckNewDocument(call.who(), d));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Document> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    if (!d.party.empty()) {
      SEC_RETURN_IF_ERROR(AsField(storage::GetParty(tx, d.party).status(), "document.party"));
    }
    SEC_ASSIGN_OR_RETURN(d.number, storage::NextDocumentNumber(tx, ref));
    d.create_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::InsertDocument(tx, d));
    return RecordedUnlessConfidential(call, tx, d, ToProto(d), "document_create");
  });
}

absl::StatusOr<v1::Document> GetDocument(Call& call, const v1::GetDocumentRequest& req) {
  SEC_ASSIGN_OR_RETURN(DocumentRef ref, ParseDocumentName(req.name(), "name", false));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Document> {
    SEC_ASSIGN_OR_RETURN(Document d, ReadableDocument(tx, call.who(), ref));
    return ToProto(d);
  });
}

absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(Call& call,
                                                        const v1::ListDocumentsRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListDocumentsResponse> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    // A proposal's documents are tens, not thousands: read whole, paged in memory.
    SEC_ASSIGN_OR_RETURN(std::vector<Document> all,
                         storage::ListDocuments(tx, ref, 0, kSmallListPageSize * 100));
    std::vector<Document> rows;
    for (Document& d : all) {
      if (MayReadDocument(call.who(), d)) rows.push_back(std::move(d));
    }
    v1::ListDocumentsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("documents|", req.parent()), req.page_size(), req.page_token(),
        [](const Document& d) { return SortableNumber(d.number); }, rows,
        out.mutable_next_page_token()));
    for (const Document& d : rows) *out.add_documents() = ToProto(d);
    return out;
  });
}

absl::StatusOr<v1::DocumentRevision> CreateDocumentRevision(
    Call& call, const v1::CreateDocumentRevisionRequest& req) {
  SEC_ASSIGN_OR_RETURN(DocumentRef ref, ParseDocumentName(req.parent(), "parent", false));
  DocumentRevision r;
  r.media_type = req.revision().media_type();
  r.size_bytes = req.revision().size_bytes();
  r.sha256 = req.revision().sha256();
  SEC_RETURN_IF_ERROR(ValidateNewRevision(r));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::DocumentRevision> {
    SEC_ASSIGN_OR_RETURN(Document d, ReadableDocument(tx, call.who(), ref));
    SEC_RETURN_IF_ERROR(CheckMayRevise(call.who(), d));
    SEC_ASSIGN_OR_RETURN(r.number, storage::NextRevisionNumber(tx, d.modification, d.number));
    r.state = RevisionState::kUploading;
    r.received_bytes = 0;
    r.uploader = call.who().name;
    r.create_time_us = call.NowMicros();
    r.complete_time_us = 0;
    SEC_RETURN_IF_ERROR(storage::InsertRevision(tx, d.modification, d.number, r));
    return RecordedUnlessConfidential(call, tx, d, ToProto(d, r), "document_revision_open");
  });
}

absl::StatusOr<v1::DocumentRevision> AppendDocumentChunk(
    Call& call, const v1::AppendDocumentChunkRequest& req) {
  SEC_ASSIGN_OR_RETURN(DocumentRef ref, ParseDocumentName(req.name(), "name", true));
  if (ref.revision == 0) {
    return InvalidField("name",
                        "a revision's name: modifications/SECMP0026/documents/3/revisions/2");
  }
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::DocumentRevision> {
    SEC_ASSIGN_OR_RETURN(Document d, ReadableDocument(tx, call.who(), ref));
    SEC_RETURN_IF_ERROR(CheckMayRevise(call.who(), d));
    DocumentRevision* r = FindRevision(d, ref.revision);
    if (r == nullptr) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
    const int64_t size = static_cast<int64_t>(req.data().size());
    SEC_RETURN_IF_ERROR(CheckChunk(*r, req.name(), req.offset(), size));
    if (req.offset() + size == r->size_bytes) {
      SEC_ASSIGN_OR_RETURN(std::string actual, HashWith(tx, d, *r, req.data()));
      SEC_RETURN_IF_ERROR(CheckSha256(*r, req.name(), actual));
      r->state = RevisionState::kComplete;
      r->complete_time_us = call.NowMicros();
    }
    r->received_bytes += size;
    SEC_RETURN_IF_ERROR(
        storage::InsertChunk(tx, d.modification, d.number, r->number, req.offset(), req.data()));
    SEC_RETURN_IF_ERROR(storage::UpdateRevision(tx, d.modification, d.number, *r));
    v1::DocumentRevision out = ToProto(d, *r);
    if (r->state != RevisionState::kComplete) return out;
    return RecordedUnlessConfidential(call, tx, d, std::move(out), "document_revision_complete");
  });
}

absl::StatusOr<grpc::ServerWriteReactor<v1::DocumentChunk>*> ReadDocument(
    Call& call, const v1::ReadDocumentRequest& req) {
  SEC_ASSIGN_OR_RETURN(DocumentRef ref, ParseDocumentName(req.name(), "name", true));
  SEC_ASSIGN_OR_RETURN(Document d, call.Read([&](storage::Tx& tx) -> absl::StatusOr<Document> {
    return ReadableDocument(tx, call.who(), ref);
  }));
  DocumentRevision r;
  if (ref.revision == 0) {
    SEC_ASSIGN_OR_RETURN(r, LatestComplete(d));
  } else {
    const DocumentRevision* found = FindRevision(d, ref.revision);
    if (found == nullptr) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
    if (found->state != RevisionState::kComplete) {
      return Refused(absl::StatusCode::kFailedPrecondition, "REVISION_INCOMPLETE",
                     absl::StrCat(req.name(), " has received ", found->received_bytes, " of ",
                                  found->size_bytes, " bytes: it is read once complete"),
                     {{"revision", req.name()}});
    }
    r = *found;
  }
  return new RevisionReader(call.env().store, std::move(d), std::move(r));
}

}  // namespace sec::service
