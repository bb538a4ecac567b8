#include "storage/register_queries.h"

namespace sec::storage {
namespace {

// Each table's columns, written once for its select, its row reader (register_store.cc reads
// them by these positions) and its insert.
#define SEC_MOD_COLUMNS                                                                     \
  "m.reference, m.number, m.title, m.proposer, m.date_raised, m.status, m.suspended_from, " \
  "m.path, m.fast_track, m.urgent, m.sections, m.problem_statement, m.intended_changes, "   \
  "m.comment, m.is_open, m.version, m.create_time, m.update_time, m.last_event_date"
#define SEC_EVENT_COLUMNS                                                      \
  "sequence, resource, kind, effective_date, record_time, principal, status, " \
  "before_json, after_json, note, party"

RegisterQueries Make() {
  RegisterQueries q;
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

  q.insert_modification = {
      "INSERT INTO modifications (reference, number, title, proposer, date_raised, status, "
      "suspended_from, path, fast_track, urgent, sections, problem_statement, "
      "intended_changes, comment, is_open, version, create_time, update_time, last_event_date) "
      "VALUES ",
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", /*rank=*/0};
  q.select_modification = "SELECT " SEC_MOD_COLUMNS " FROM modifications m WHERE m.reference = ?";
  q.modification_exists = "SELECT 1 FROM modifications WHERE reference = ?";
  q.update_modification =
      "UPDATE modifications SET title = ?, status = ?, suspended_from = ?, path = ?, "
      "fast_track = ?, urgent = ?, sections = ?, problem_statement = ?, intended_changes = ?, "
      "comment = ?, is_open = ?, version = ?, update_time = ?, last_event_date = ? "
      "WHERE reference = ? AND version = ?";
  q.touch_modification = "UPDATE modifications SET last_event_date = ? WHERE reference = ?";
  q.delete_sections = "DELETE FROM modification_sections WHERE reference = ?";
  q.insert_section = {"INSERT INTO modification_sections (reference, section) VALUES ", "(?, ?)",
                      /*rank=*/1};
  q.list_modifications_select = "SELECT " SEC_MOD_COLUMNS " FROM modifications m";
  q.count_modifications_select = "SELECT COUNT(*) FROM modifications m";
  q.section_exists =
      "EXISTS (SELECT 1 FROM modification_sections s WHERE s.reference = m.reference AND "
      "s.section = ?)";
  q.title_contains = "LOWER(m.title) LIKE ? ESCAPE '!'";

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

const RegisterQueries& RegisterSql() {
  static const RegisterQueries* const kQueries = new RegisterQueries(Make());
  return *kQueries;
}

}  // namespace sec::storage
