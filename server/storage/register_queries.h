#ifndef SEC_STORAGE_REGISTER_QUERIES_H_
#define SEC_STORAGE_REGISTER_QUERIES_H_

#include <cstddef>
#include <string>

#include "storage/dialect.h"

namespace sec::storage {

// The modifications table's columns, written once: its select, insert and update
// (register_queries.cc), its row reader and its parameters (register_store.cc) all follow this
// list, by ModCol position.
#define SEC_MODIFICATION_COLUMNS(X)                                                         \
  X(reference) X(number) X(title) X(proposer) X(date_raised) X(status) X(suspended_from)    \
  X(path) X(fast_track) X(urgent) X(sections) X(problem_statement) X(intended_changes)      \
  X(comment) X(is_open) X(version) X(create_time) X(update_time) X(last_event_date)         \
  X(release_id) X(dcc_outstanding) X(waiting_on) X(impacts)
enum class ModCol : size_t {
#define SEC_COLUMN_ENUM(c) c,
  SEC_MODIFICATION_COLUMNS(SEC_COLUMN_ENUM)
#undef SEC_COLUMN_ENUM
  kCount
};
inline constexpr size_t kModColumns = static_cast<size_t>(ModCol::kCount);
constexpr size_t At(ModCol c) { return static_cast<size_t>(c); }
// The columns an update leaves as they were.
constexpr bool FixedOnUpdate(ModCol c) {
  return c == ModCol::reference || c == ModCol::number || c == ModCol::create_time;
}

// The Register's SQL, one named statement each, written once (register_queries.cc) for every
// backend. Parameters are always bound.
// Counters are the transaction's (tx.h, Dialect::select_counter).
struct RegisterQueries {
  // parties: columns id, display_name, category, version, create_time, update_time
  std::string insert_party;
  std::string select_party;           // (id)
  std::string update_party;           // (display_name, category, version+1, update_time, id, version)
  std::string list_parties;           // (after_id, limit)
  std::string list_parties_category;  // (category, after_id, limit)

  // modifications: every column in ModCol order
  AppendTable insert_modification;  // its reference is checked free in the same transaction
  std::string select_modification;  // (reference)
  std::string modification_exists;  // (reference)
  // (each column not FixedOnUpdate in ModCol order, reference, expected version)
  std::string update_modification;
  std::string touch_modification;   // (last_event_date, reference)
  std::string delete_sections;      // (reference)
  AppendTable insert_section;       // (reference, section)
  // modification_impacts: one row per graded category, for the impacts filter.
  std::string delete_impacts;  // (reference)
  AppendTable insert_impact;   // (reference, category, grade_rank)
  // Building blocks of the filtered, key-paged listing.
  std::string list_modifications_select;  // "SELECT <columns> FROM modifications m"
  std::string count_modifications_select;  // "SELECT COUNT(*) FROM modifications m"
  std::string select_status_tallies;
  std::string list_event_resources;  // (after, limit) -> (sequence, resource)       // -> (name 'status:<CODE>', value), a key range
  std::string section_exists;              // condition with one parameter (section)
  std::string title_contains;              // condition with one parameter (LIKE pattern, '!' escape)
  // Conditions with two parameters (category, grade rank), one per comparison operator: the
  // category has a grade recorded and it compares so.
  std::string impact_eq, impact_ne, impact_lt, impact_le, impact_gt, impact_ge;

  // events
  AppendTable insert_event;  // SEC_EVENT_COLUMNS order
  std::string list_events_for_resource;  // (resource, after_sequence, limit)
  std::string list_events_between;       // (after_sequence, up_to_sequence, limit)
  std::string max_event_sequence;

  // requests (idempotency, AIP-155)
  std::string select_request;  // (request_id) -> method, principal, response, fingerprint
  AppendTable insert_request;  // (request_id, method, principal, response, create_time, fp)
};

// The Register statements, the same on every backend (register_queries.cc).
const RegisterQueries& RegisterSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_REGISTER_QUERIES_H_
