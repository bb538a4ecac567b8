#include "storage/document_queries.h"

#include "storage/dialect.h"

namespace sec::storage {
namespace {

#define SEC_DOCUMENT_COLUMNS \
  "modification, number, kind, title, party, confidential, principal, create_time"

#define SEC_REVISION_COLUMNS                                                                   \
  "modification, document_no, number, media_type, size_bytes, sha256, state, received_bytes, " \
  "principal, create_time, complete_time"

DocumentQueries Make() {
  return DocumentQueries{
      .insert_document =
          "INSERT INTO documents (" SEC_DOCUMENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      .select_document =
          "SELECT " SEC_DOCUMENT_COLUMNS " FROM documents WHERE modification = ? AND number = ?",
      .list_documents = "SELECT " SEC_DOCUMENT_COLUMNS
                        " FROM documents WHERE modification = ? AND number > ? ORDER BY number "
                        "LIMIT ?",
      .next_document_number =
          "SELECT COALESCE(MAX(number), 0) + 1 FROM documents WHERE modification = ?",
      .insert_revision = "INSERT INTO document_revisions (" SEC_REVISION_COLUMNS
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      .select_revisions = "SELECT " SEC_REVISION_COLUMNS
                          " FROM document_revisions WHERE modification = ? AND document_no = ? "
                          "ORDER BY number",
      .next_revision_number =
          "SELECT COALESCE(MAX(number), 0) + 1 FROM document_revisions "
          "WHERE modification = ? AND document_no = ?",
      .update_revision =
          "UPDATE document_revisions SET state = ?, received_bytes = ?, "
          "complete_time = ? WHERE modification = ? AND document_no = ? AND "
          "number = ?",
      .insert_chunk =
          "INSERT INTO document_chunks (modification, document_no, revision_no, "
          "chunk_offset, data) VALUES (?, ?, ?, ?, ?)",
      .select_chunk_from =
          "SELECT chunk_offset, data FROM document_chunks WHERE modification = "
          "? AND document_no = ? AND revision_no = ? AND chunk_offset >= ? "
          "ORDER BY chunk_offset LIMIT 1",
  };
}

#undef SEC_DOCUMENT_COLUMNS
#undef SEC_REVISION_COLUMNS

}  // namespace

const DocumentQueries& DocumentSql() { return BuiltOnce<DocumentQueries, Make>(); }

}  // namespace sec::storage
