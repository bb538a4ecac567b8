#include "storage/register_queries.h"

#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sec::storage {
namespace {

// The events table's columns, written once for its select, its row reader (register_store.cc
// reads them by these positions) and its insert.
#define SEC_EVENT_COLUMNS                                                      \
  "sequence, resource, kind, effective_date, record_time, principal, status, " \
  "before_json, after_json, note, party"

constexpr const char* kModColumnNames[] = {
#define SEC_COLUMN_NAME(c) #c,
    SEC_MODIFICATION_COLUMNS(SEC_COLUMN_NAME)
#undef SEC_COLUMN_NAME
};
static_assert(std::size(kModColumnNames) == kModColumns);

// "m.reference, m.number, ...": the select list, in ModCol order.
std::string ModSelectList() {
  std::vector<std::string> cols;
  for (const char* c : kModColumnNames) cols.push_back(absl::StrCat("m.", c));
  return absl::StrJoin(cols, ", ");
}

AppendTable ModInsert() {
  return {absl::StrCat("INSERT INTO modifications (", absl::StrJoin(kModColumnNames, ", "),
                       ") VALUES "),
          absl::StrCat("(", absl::StrJoin(std::vector<std::string>(kModColumns, "?"), ", "), ")"),
          /*rank=*/0};
}

std::string ModUpdate() {
  std::vector<std::string> set;
  for (size_t i = 0; i < kModColumns; ++i) {
    if (!FixedOnUpdate(static_cast<ModCol>(i))) set.push_back(absl::StrCat(kModColumnNames[i], " = ?"));
  }
  return absl::StrCat("UPDATE modifications SET ", absl::StrJoin(set, ", "),
                      " WHERE reference = ? AND version = ?");
}

RegisterQueries Make() {
  RegisterQueries q;
  const std::string mod_columns = ModSelectList();
  q.insert_party =
      "INSERT INTO parties (id, display_name, category, version, create_time, update_time) "
      "VALUES (?, ?, ?, ?, ?, ?)";
  q.select_party =
      "SELECT id, display_name, category, version, create_time, update_time FROM parties "
      "WHERE id = ?";
  q.update_party =
      "UPDATE parties SET display_name = ?, category = ?, version = ?, update_time = ? "
      "WHERE id = ? AND version = ?";
  q.list_parties =
      "SELECT id, display_name, category, version, create_time, update_time FROM parties "
      "WHERE id > ? ORDER BY id LIMIT ?";
  q.list_parties_category =
      "SELECT id, display_name, category, version, create_time, update_time FROM parties "
      "WHERE category = ? AND id > ? ORDER BY id LIMIT ?";

  q.insert_modification = ModInsert();
  q.select_modification =
      absl::StrCat("SELECT ", mod_columns, " FROM modifications m WHERE m.reference = ?");
  q.modification_exists = "SELECT 1 FROM modifications WHERE reference = ?";
  q.update_modification = ModUpdate();
  q.touch_modification = "UPDATE modifications SET last_event_date = ? WHERE reference = ?";
  q.delete_sections = "DELETE FROM modification_sections WHERE reference = ?";
  q.insert_section = {"INSERT INTO modification_sections (reference, section) VALUES ", "(?, ?)",
                      /*rank=*/1};
  q.list_modifications_select = absl::StrCat("SELECT ", mod_columns, " FROM modifications m");
  q.count_modifications_select = "SELECT COUNT(*) FROM modifications m";
  q.list_event_resources =
      "SELECT sequence, resource FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?";
  q.select_status_tallies =
      "SELECT name, value FROM counters WHERE name >= 'status:' AND name < 'status;'";
  q.section_exists =
      "EXISTS (SELECT 1 FROM modification_sections s WHERE s.reference = m.reference AND "
      "s.section = ?)";
  q.title_contains = "LOWER(m.title) LIKE ? ESCAPE '!'";
  q.delete_impacts = "DELETE FROM modification_impacts WHERE reference = ?";
  q.insert_impact = {"INSERT INTO modification_impacts (reference, category, grade_rank) VALUES ",
                     "(?, ?, ?)", /*rank=*/1};
  auto impact = [](const char* cmp) {
    return absl::StrCat(
        "EXISTS (SELECT 1 FROM modification_impacts i WHERE i.reference = m.reference AND "
        "i.category = ? AND i.grade_rank ",
        cmp, " ?)");
  };
  q.impact_eq = impact("=");
  q.impact_ne = impact("<>");
  q.impact_lt = impact("<");
  q.impact_le = impact("<=");
  q.impact_gt = impact(">");
  q.impact_ge = impact(">=");

  q.insert_event = {"INSERT INTO events (" SEC_EVENT_COLUMNS ") VALUES ",
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", /*rank=*/2};
  q.list_events_for_resource = "SELECT " SEC_EVENT_COLUMNS
                               " FROM events WHERE resource = ? AND sequence > ? "
                               "ORDER BY sequence LIMIT ?";
  q.list_events_between = "SELECT " SEC_EVENT_COLUMNS
                          " FROM events WHERE sequence > ? AND sequence <= ? "
                          "ORDER BY sequence LIMIT ?";
  q.max_event_sequence = "SELECT COALESCE(MAX(sequence), 0) FROM events";

  q.select_request =
      "SELECT method, principal, response, fingerprint FROM requests WHERE request_id = ?";
  q.insert_request = {
      "INSERT INTO requests (request_id, method, principal, response, create_time, fingerprint) "
      "VALUES ",
      "(?, ?, ?, ?, ?, ?)", /*rank=*/2};
  return q;
}

}  // namespace

const RegisterQueries& RegisterSql() { return BuiltOnce<RegisterQueries, Make>(); }

}  // namespace sec::storage
