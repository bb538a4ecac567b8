#ifndef SEC_STORAGE_DOCUMENT_QUERIES_H_
#define SEC_STORAGE_DOCUMENT_QUERIES_H_

#include <string>

namespace sec::storage {

// The document tables' statements, the same on every backend (document_queries.cc).
//   documents: modification, number, kind, title, party, confidential, principal, create_time
//   document_revisions: modification, document_no, number, media_type, size_bytes, sha256,
//                       state, received_bytes, principal, create_time, complete_time
//   document_chunks: modification, document_no, revision_no, chunk_offset, data
struct DocumentQueries {
  std::string insert_document;       // every column, in order
  std::string select_document;       // (modification, number)
  std::string list_documents;        // (modification, after number, limit) by number
  std::string next_document_number;  // (modification) -> max + 1
  std::string insert_revision;       // every column, in order
  std::string select_revisions;      // (modification, document_no) by number
  std::string next_revision_number;  // (modification, document_no) -> max + 1
  // (state, received_bytes, complete_time, modification, document_no, number)
  std::string update_revision;
  std::string insert_chunk;  // every column, in order
  // (modification, document_no, revision_no, from offset) -> chunk_offset, data: the first
  // chunk at or after the offset
  std::string select_chunk_from;
};

const DocumentQueries& DocumentSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_DOCUMENT_QUERIES_H_
