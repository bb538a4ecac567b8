#ifndef SEC_STORAGE_TEXT_QUERIES_H_
#define SEC_STORAGE_TEXT_QUERIES_H_

#include <string>

#include "storage/dialect.h"

namespace sec::storage {

// The legal text's statements, the same on every backend (text_queries.cc).
//   clause_texts: clause, version, section, text, deleted, modification, create_time
//   redline_revisions: modification, revision, base_version, author, comment, create_time
//   redline_changes: modification, revision, clause, kind, text
struct TextQueries {
  AppendTable insert_clause_text;             // every column, in order
  std::string delete_section_version;         // (section, version): what an import replaces
  std::string select_clause_rows;             // (clause) -> every version's row
  std::string select_section_rows;            // (section) -> every version's rows of its clauses
  std::string select_version_rows;            // (version) -> the rows it stored
  std::string insert_redline_revision;        // every column, in order
  AppendTable insert_redline_change;          // every column, in order
  std::string select_redline_revisions;       // (modification) -> by revision
  std::string select_redline_changes;         // (modification) -> by revision, clause
  std::string select_latest_redline_changes;  // () -> each proposal's latest revision's changes
};

const TextQueries& TextSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_TEXT_QUERIES_H_
