#ifndef SEC_STORAGE_SQLITE_SQLITE_QUERIES_H_
#define SEC_STORAGE_SQLITE_SQLITE_QUERIES_H_

#include "storage/dialect.h"

namespace sec::storage {

// PortableDialect() with what this backend says differently (dialect_queries.cc), without the
// migrations (those are embedded separately).
Dialect SqliteDialectBase();

}  // namespace sec::storage

#endif  // SEC_STORAGE_SQLITE_SQLITE_QUERIES_H_
