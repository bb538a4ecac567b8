#include "storage/text_queries.h"

namespace sec::storage {
namespace {

#define SEC_CLAUSE_COLUMNS "clause, version, section, text, deleted, modification, create_time"
#define SEC_REDLINE_COLUMNS "modification, revision, base_version, author, comment, create_time"
#define SEC_CHANGE_COLUMNS "modification, revision, clause, kind, text"

TextQueries Make() {
  return TextQueries{
      .insert_clause_text = {"INSERT INTO clause_texts (" SEC_CLAUSE_COLUMNS ") VALUES ",
                             "(?, ?, ?, ?, ?, ?, ?)"},
      .delete_section_version = "DELETE FROM clause_texts WHERE section = ? AND version = ?",
      .select_clause_rows = "SELECT " SEC_CLAUSE_COLUMNS " FROM clause_texts WHERE clause = ?",
      .select_section_rows = "SELECT " SEC_CLAUSE_COLUMNS " FROM clause_texts WHERE section = ?",
      .select_version_rows = "SELECT " SEC_CLAUSE_COLUMNS " FROM clause_texts WHERE version = ?",
      .insert_redline_revision =
          "INSERT INTO redline_revisions (" SEC_REDLINE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)",
      .insert_redline_change = {"INSERT INTO redline_changes (" SEC_CHANGE_COLUMNS ") VALUES ",
                                "(?, ?, ?, ?, ?)"},
      .select_redline_revisions = "SELECT " SEC_REDLINE_COLUMNS
                                  " FROM redline_revisions WHERE modification = ? ORDER BY "
                                  "revision",
      .select_redline_changes = "SELECT " SEC_CHANGE_COLUMNS
                                " FROM redline_changes WHERE modification = ? ORDER BY revision, "
                                "clause",
      .select_latest_redline_changes =
          "SELECT c.modification, c.revision, c.clause, c.kind, c.text FROM redline_changes c "
          "WHERE c.revision = (SELECT MAX(r.revision) FROM redline_revisions r WHERE "
          "r.modification = c.modification) ORDER BY c.modification, c.clause",
  };
}

#undef SEC_CLAUSE_COLUMNS
#undef SEC_REDLINE_COLUMNS
#undef SEC_CHANGE_COLUMNS

}  // namespace

const TextQueries& TextSql() { return BuiltOnce<TextQueries, Make>(); }

}  // namespace sec::storage
