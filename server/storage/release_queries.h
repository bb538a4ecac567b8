#ifndef SEC_STORAGE_RELEASE_QUERIES_H_
#define SEC_STORAGE_RELEASE_QUERIES_H_

#include <string>

namespace sec::storage {

// The releases table's statements, the same on every backend (release_queries.cc). A release's
// proposals are the modifications whose release_id names it (indexed).
//   releases: id, kind, target_date, cutoff_working_days, cutoff_date, state, sec_version,
//             title, comment, version, create_time, update_time
struct ReleaseQueries {
  std::string insert_release;          // every column, in order
  std::string select_release;          // (id)
  std::string list_releases;           // () by target date, then id
  std::string select_release_members;  // (id) -> reference, by number
  // (state, sec_version, comment, version, update_time, id, expected version)
  std::string update_release;
  //   release_moves: modification, from_release, to_release, move_date, authority_decision
  std::string insert_release_move;  // every column but the id, in order
  std::string list_release_moves;   // () in recorded order
};

const ReleaseQueries& ReleaseSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_RELEASE_QUERIES_H_
