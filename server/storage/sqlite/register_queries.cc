#include "storage/register_queries.h"
#include "storage/sqlite/sqlite_queries.h"

namespace sec::storage {

// The portable statements, with this dialect's upsert.
const RegisterQueries& SqliteRegisterQueries() {
  static const RegisterQueries* const kQueries =
      new RegisterQueries(PortableRegisterQueries("INSERT INTO holidays (day, name) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET name = excluded.name"));
  return *kQueries;
}

}  // namespace sec::storage
