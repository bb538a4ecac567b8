#include "storage/text_store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "storage/columns.h"
#include "storage/text_queries.h"

namespace sec::storage {
namespace {

const TextQueries& Q(Tx& tx) { return *tx.dialect().text; }

absl::StatusOr<ClauseVersion> ClauseFromRow(const SqlRow& r) {
  ClauseVersion out;
  out.clause = r.Str(0);
  out.version = r.Str(1);
  out.text = r.Str(3);
  out.deleted = r.Int(4) != 0;
  out.modification = r.Str(5);
  return out;
}

absl::StatusOr<std::vector<ClauseVersion>> Rows(Tx& tx, const std::string& sql,
                                                const std::string& key) {
  return MapRows<ClauseVersion>(tx.Query(sql, {key}), ClauseFromRow);
}

absl::StatusOr<ClauseChange> ChangeFromRow(const SqlRow& r) {
  ClauseChange c;
  c.clause = r.Str(2);
  if (!ParseClauseChangeKind(r.Str(3), &c.kind)) {
    return Corrupt(absl::StrCat(r.Str(0), " redline ", r.Str(1)), "unknown clause change kind");
  }
  c.text = r.Str(4);
  return c;
}

}  // namespace

void InsertClauseRows(Tx& tx, const std::vector<ClauseVersion>& rows, int64_t now_us) {
  for (const ClauseVersion& v : rows) {
    tx.Append(Q(tx).insert_clause_text, {v.clause, v.version, SectionOfClause(v.clause), v.text,
                                         int64_t{v.deleted ? 1 : 0}, v.modification, now_us});
  }
}

absl::Status DeleteSectionRows(Tx& tx, const std::string& section, const std::string& version) {
  return tx.Exec(Q(tx).delete_section_version, {section, version}).status();
}

absl::StatusOr<std::vector<ClauseVersion>> ClauseRows(Tx& tx, const std::string& clause) {
  return Rows(tx, Q(tx).select_clause_rows, clause);
}
absl::StatusOr<std::vector<ClauseVersion>> SectionRows(Tx& tx, const std::string& section) {
  return Rows(tx, Q(tx).select_section_rows, section);
}
absl::StatusOr<std::vector<ClauseVersion>> VersionRows(Tx& tx, const std::string& version) {
  return Rows(tx, Q(tx).select_version_rows, version);
}

absl::Status InsertRedline(Tx& tx, const RedlineRevision& r) {
  SEC_RETURN_IF_ERROR(
      tx.Exec(Q(tx).insert_redline_revision, {r.modification, int64_t{r.revision}, r.base_version,
                                              r.author, r.comment, r.create_time_us})
          .status());
  for (const ClauseChange& c : r.changes) {
    tx.Append(Q(tx).insert_redline_change, {r.modification, int64_t{r.revision}, c.clause,
                                            std::string(ClauseChangeKindCode(c.kind)), c.text});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RedlineRevision>> ListRedlines(Tx& tx, const std::string& modification) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> heads,
                       tx.Query(Q(tx).select_redline_revisions, {modification}));
  std::vector<RedlineRevision> out;
  std::map<int64_t, size_t> at;
  for (const SqlRow& h : heads) {
    RedlineRevision r;
    r.modification = h.Str(0);
    r.revision = static_cast<int>(h.Int(1));
    r.base_version = h.Str(2);
    r.author = h.Str(3);
    r.comment = h.Str(4);
    r.create_time_us = h.Int(5);
    at[r.revision] = out.size();
    out.push_back(std::move(r));
  }
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> changes,
                       tx.Query(Q(tx).select_redline_changes, {modification}));
  for (const SqlRow& row : changes) {
    auto it = at.find(row.Int(1));
    if (it == at.end()) return Corrupt(modification, "a redline change without its revision");
    SEC_ASSIGN_OR_RETURN(ClauseChange c, ChangeFromRow(row));
    out[it->second].changes.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<RedlineRevision>> LatestRedlineChanges(Tx& tx) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, tx.Query(Q(tx).select_latest_redline_changes, {}));
  std::vector<RedlineRevision> out;
  for (const SqlRow& row : rows) {
    if (out.empty() || out.back().modification != row.Str(0)) {
      out.emplace_back();
      out.back().modification = row.Str(0);
      out.back().revision = static_cast<int>(row.Int(1));
    }
    SEC_ASSIGN_OR_RETURN(ClauseChange c, ChangeFromRow(row));
    out.back().changes.push_back(std::move(c));
  }
  return out;
}

}  // namespace sec::storage
