#include "storage/release_queries.h"

#include "storage/dialect.h"

namespace sec::storage {
namespace {

#define SEC_RELEASE_MOVE_COLUMNS \
  "modification, from_release, to_release, move_date, authority_decision"

#define SEC_RELEASE_COLUMNS                                                              \
  "id, kind, target_date, cutoff_working_days, cutoff_date, state, sec_version, title, " \
  "comment, version, create_time, update_time"

ReleaseQueries Make() {
  return ReleaseQueries{
      .insert_release = "INSERT INTO releases (" SEC_RELEASE_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      .select_release = "SELECT " SEC_RELEASE_COLUMNS " FROM releases WHERE id = ?",
      .list_releases = "SELECT " SEC_RELEASE_COLUMNS " FROM releases ORDER BY target_date, id",
      .select_release_members =
          "SELECT reference FROM modifications WHERE release_id = ? ORDER BY reference",
      .update_release =
          "UPDATE releases SET state = ?, sec_version = ?, comment = ?, version = ?, "
          "update_time = ? WHERE id = ? AND version = ?",
      .insert_release_move =
          "INSERT INTO release_moves (" SEC_RELEASE_MOVE_COLUMNS ") VALUES (?, ?, ?, ?, ?)",
      .list_release_moves = "SELECT " SEC_RELEASE_MOVE_COLUMNS " FROM release_moves ORDER BY id",
  };
}

#undef SEC_RELEASE_COLUMNS
#undef SEC_RELEASE_MOVE_COLUMNS

}  // namespace

const ReleaseQueries& ReleaseSql() { return BuiltOnce<ReleaseQueries, Make>(); }

}  // namespace sec::storage
