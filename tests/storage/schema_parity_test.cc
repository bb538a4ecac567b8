// The two schema folders (schema/sqlite, schema/mysql) differ in types and engines, not in
// shape: after every migration both backends have the same tables, the same columns and the
// same NOT NULL constraints, so the statements written once (storage/*_queries.cc) fit both.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "support/test_support.h"

namespace sec::storage {
namespace {

using ::sec::testing::Backend;
using ::sec::testing::NewTestStore;

// table -> column -> "NOT NULL" or "NULL".
using Shape = std::map<std::string, std::map<std::string, std::string>>;

absl::StatusOr<Shape> ShapeOf(Backend b) {
  SEC_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, NewTestStore(b));
  Shape shape;
  SEC_RETURN_IF_ERROR(store->Read([&](Tx& tx) -> absl::Status {
    if (b == Backend::kSqlite) {
      SEC_ASSIGN_OR_RETURN(
          std::vector<SqlRow> tables,
          tx.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                   "name NOT LIKE 'sqlite_%' ORDER BY name",
                   {}));
      for (const SqlRow& t : tables) {
        // PRAGMA table_info: cid, name, type, notnull, dflt_value, pk. A primary key column
        // is NOT NULL in MySQL whatever it says; SQLite allows NULL in a non-integer one
        // unless told, so both count a key column as NOT NULL.
        SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> cols,
                             tx.Query(absl::StrCat("PRAGMA table_info(", t.Str(0), ")"), {}));
        for (const SqlRow& c : cols) {
          const bool not_null = c.Int(3) != 0 || c.Int(5) != 0;
          shape[t.Str(0)][c.Str(1)] = not_null ? "NOT NULL" : "NULL";
        }
      }
    } else {
      SEC_ASSIGN_OR_RETURN(
          std::vector<SqlRow> cols,
          tx.Query("SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                   "WHERE table_schema = DATABASE() ORDER BY table_name, column_name",
                   {}));
      for (const SqlRow& c : cols) {
        shape[c.Str(0)][c.Str(1)] = c.Str(2) == "NO" ? "NOT NULL" : "NULL";
      }
    }
    return absl::OkStatus();
  }));
  return shape;
}

TEST(SchemaParityTest, BothBackendsHaveTheSameTablesColumnsAndNullability) {
  absl::StatusOr<Shape> sqlite = ShapeOf(Backend::kSqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.status();
  absl::StatusOr<Shape> mysql = ShapeOf(Backend::kMysql);
  ASSERT_TRUE(mysql.ok()) << mysql.status();
  EXPECT_GE(sqlite->size(), 20u) << "the schema was not read";
  std::set<std::string> tables;
  for (const auto& [t, cols] : *sqlite) tables.insert(t);
  for (const auto& [t, cols] : *mysql) tables.insert(t);
  for (const std::string& t : tables) {
    EXPECT_TRUE(sqlite->count(t)) << "table " << t << " only in schema/mysql";
    EXPECT_TRUE(mysql->count(t)) << "table " << t << " only in schema/sqlite";
    if (!sqlite->count(t) || !mysql->count(t)) continue;
    EXPECT_EQ((*sqlite)[t], (*mysql)[t]) << "table " << t << " differs";
  }
}

}  // namespace
}  // namespace sec::storage
