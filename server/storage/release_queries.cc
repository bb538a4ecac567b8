#include "storage/release_queries.h"

#include "storage/dialect.h"

namespace sec::storage {
namespace {

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
  };
}

#undef SEC_RELEASE_COLUMNS

}  // namespace

const ReleaseQueries& ReleaseSql() { return BuiltOnce<ReleaseQueries, Make>(); }

}  // namespace sec::storage
