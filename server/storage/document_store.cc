#include "storage/document_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "storage/columns.h"
#include "storage/dialect.h"
#include "storage/document_queries.h"

namespace sec::storage {
namespace {

const DocumentQueries& Q(Tx& tx) { return *tx.dialect().document; }

absl::StatusOr<Document> DocumentFromRow(const SqlRow& r) {
  Document out;
  out.modification = r.Str(0);
  out.number = r.Int(1);
  const std::string name = DocumentName(out.modification, out.number);
  if (!ParseDocumentKind(r.Str(2), &out.kind)) return Corrupt(name, "unknown document kind");
  out.title = r.Str(3);
  out.party = r.Str(4);
  out.confidential = r.Int(5) != 0;
  out.creator = r.Str(6);
  out.create_time_us = r.Int(7);
  return out;
}

absl::StatusOr<DocumentRevision> RevisionFromRow(const SqlRow& r) {
  DocumentRevision out;
  out.number = r.Int(2);
  out.media_type = r.Str(3);
  out.size_bytes = r.Int(4);
  out.sha256 = r.Str(5);
  if (!ParseRevisionState(r.Str(6), &out.state)) {
    return Corrupt(RevisionName(r.Str(0), r.Int(1), out.number), "unknown revision state");
  }
  out.received_bytes = r.Int(7);
  out.uploader = r.Str(8);
  out.create_time_us = r.Int(9);
  out.complete_time_us = r.Int(10);
  return out;
}

absl::Status AddRevisions(Tx& tx, Document& d) {
  SEC_ASSIGN_OR_RETURN(d.revisions, MapRows<DocumentRevision>(tx.Query(Q(tx).select_revisions,
                                                                       {d.modification, d.number}),
                                                              RevisionFromRow));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> NextNumber(Tx& tx, const std::string& sql, const SqlParams& params) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, tx.Query(sql, params));
  return rows.empty() ? 1 : rows[0].Int(0);
}

}  // namespace

absl::StatusOr<int64_t> NextDocumentNumber(Tx& tx, const std::string& modification) {
  return NextNumber(tx, Q(tx).next_document_number, {modification});
}

absl::Status InsertDocument(Tx& tx, const Document& d) {
  absl::StatusOr<int64_t> s =
      tx.Exec(Q(tx).insert_document,
              {d.modification, d.number, std::string(DocumentKindCode(d.kind)), d.title, d.party,
               int64_t{d.confidential ? 1 : 0}, d.creator, d.create_time_us});
  if (absl::IsAlreadyExists(s.status())) {
    return absl::AlreadyExistsError(
        absl::StrCat(DocumentName(d.modification, d.number), " already exists"));
  }
  return s.status();
}

absl::StatusOr<Document> GetDocument(Tx& tx, const std::string& modification, int64_t number) {
  SEC_ASSIGN_OR_RETURN(SqlRow row, tx.QueryOne(Q(tx).select_document, {modification, number},
                                               DocumentName(modification, number)));
  SEC_ASSIGN_OR_RETURN(Document d, DocumentFromRow(row));
  SEC_RETURN_IF_ERROR(AddRevisions(tx, d));
  return d;
}

absl::StatusOr<std::vector<Document>> ListDocuments(Tx& tx, const std::string& modification,
                                                    int64_t after, int limit) {
  SEC_ASSIGN_OR_RETURN(
      std::vector<Document> out,
      MapRows<Document>(tx.Query(Q(tx).list_documents, {modification, after, int64_t{limit}}),
                        DocumentFromRow));
  // A page of a proposal's documents: one indexed read of each one's revisions.
  for (Document& d : out) {
    SEC_RETURN_IF_ERROR(AddRevisions(tx, d));
  }
  return out;
}

absl::StatusOr<int64_t> NextRevisionNumber(Tx& tx, const std::string& modification,
                                           int64_t document) {
  return NextNumber(tx, Q(tx).next_revision_number, {modification, document});
}

absl::Status InsertRevision(Tx& tx, const std::string& modification, int64_t document,
                            const DocumentRevision& r) {
  return tx
      .Exec(Q(tx).insert_revision,
            {modification, document, r.number, r.media_type, r.size_bytes, r.sha256,
             std::string(RevisionStateCode(r.state)), r.received_bytes, r.uploader,
             r.create_time_us, r.complete_time_us})
      .status();
}

absl::Status UpdateRevision(Tx& tx, const std::string& modification, int64_t document,
                            const DocumentRevision& r) {
  return AbortedIfStale(
      tx.Exec(Q(tx).update_revision, {std::string(RevisionStateCode(r.state)), r.received_bytes,
                                      r.complete_time_us, modification, document, r.number}),
      RevisionName(modification, document, r.number));
}

absl::Status InsertChunk(Tx& tx, const std::string& modification, int64_t document,
                         int64_t revision, int64_t offset, std::string data) {
  return tx
      .Exec(Q(tx).insert_chunk,
            {modification, document, revision, offset, SqlBlob{std::move(data)}})
      .status();
}

absl::StatusOr<std::optional<StoredChunk>> ReadChunkFrom(Tx& tx, const std::string& modification,
                                                         int64_t document, int64_t revision,
                                                         int64_t from) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                       tx.Query(Q(tx).select_chunk_from, {modification, document, revision, from}));
  if (rows.empty()) return std::optional<StoredChunk>();
  return std::optional<StoredChunk>(StoredChunk{rows[0].Int(0), rows[0].Take(1)});
}

}  // namespace sec::storage
