#include "storage/release_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "storage/columns.h"
#include "storage/dialect.h"
#include "storage/release_queries.h"

namespace sec::storage {
namespace {

const ReleaseQueries& Q(Tx& tx) { return *tx.dialect().release; }

absl::StatusOr<Release> ReleaseFromRow(const SqlRow& r) {
  Release out;
  out.id = r.Str(0);
  if (!ParseReleaseKind(r.Str(1), &out.kind)) return Corrupt(out.id, "unknown release kind");
  SEC_ASSIGN_OR_RETURN(out.target, DateCol(r, 2, "releases.target_date"));
  out.cutoff_working_days = static_cast<int>(r.Int(3));
  SEC_ASSIGN_OR_RETURN(out.cutoff, DateCol(r, 4, "releases.cutoff_date"));
  if (!ParseReleaseState(r.Str(5), &out.state)) return Corrupt(out.id, "unknown release state");
  out.version = r.Str(6);
  out.title = r.Str(7);
  out.comment = r.Str(8);
  out.version_counter = r.Int(9);
  out.create_time_us = r.Int(10);
  out.update_time_us = r.Int(11);
  return out;
}

absl::StatusOr<ReleaseMove> MoveFromRow(const SqlRow& r) {
  ReleaseMove out;
  out.modification = r.Str(0);
  out.from = r.Str(1);
  out.to = r.Str(2);
  SEC_ASSIGN_OR_RETURN(out.day, DateCol(r, 3, "release_moves.move_date"));
  out.authority_decision = r.Str(4);
  return out;
}

absl::Status AddMembers(Tx& tx, Release& r) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, tx.Query(Q(tx).select_release_members, {r.id}));
  r.modifications.clear();
  for (SqlRow& row : rows) r.modifications.push_back(row.Take(0));
  return absl::OkStatus();
}

}  // namespace

absl::Status InsertRelease(Tx& tx, const Release& r) {
  absl::StatusOr<int64_t> s = tx.Exec(
      Q(tx).insert_release,
      {r.id, std::string(ReleaseKindCode(r.kind)), FormatDate(r.target),
       int64_t{r.cutoff_working_days}, FormatDate(r.cutoff), std::string(ReleaseStateCode(r.state)),
       r.version, r.title, r.comment, r.version_counter, r.create_time_us, r.update_time_us});
  if (absl::IsAlreadyExists(s.status())) {
    return absl::AlreadyExistsError(absl::StrCat("releases/", r.id, " already exists"));
  }
  return s.status();
}

absl::StatusOr<Release> GetRelease(Tx& tx, const std::string& id) {
  SEC_ASSIGN_OR_RETURN(SqlRow row,
                       tx.QueryOne(Q(tx).select_release, {id}, absl::StrCat("releases/", id)));
  SEC_ASSIGN_OR_RETURN(Release r, ReleaseFromRow(row));
  SEC_RETURN_IF_ERROR(AddMembers(tx, r));
  return r;
}

absl::StatusOr<std::vector<Release>> ListReleases(Tx& tx) {
  SEC_ASSIGN_OR_RETURN(std::vector<Release> out,
                       MapRows<Release>(tx.Query(Q(tx).list_releases, {}), ReleaseFromRow));
  // A few releases a year: one indexed read of each one's proposals.
  for (Release& r : out) {
    SEC_RETURN_IF_ERROR(AddMembers(tx, r));
  }
  return out;
}

absl::Status UpdateRelease(Tx& tx, const Release& r, int64_t expected_version) {
  return AbortedIfStale(
      tx.Exec(Q(tx).update_release, {std::string(ReleaseStateCode(r.state)), r.version, r.comment,
                                     r.version_counter, r.update_time_us, r.id, expected_version}),
      absl::StrCat("releases/", r.id));
}

absl::Status InsertReleaseMove(Tx& tx, const ReleaseMove& m) {
  return tx
      .Exec(Q(tx).insert_release_move,
            {m.modification, m.from, m.to, FormatDate(m.day), m.authority_decision})
      .status();
}

absl::StatusOr<std::vector<ReleaseMove>> ListReleaseMoves(Tx& tx) {
  return MapRows<ReleaseMove>(tx.Query(Q(tx).list_release_moves, {}), MoveFromRow);
}

}  // namespace sec::storage
