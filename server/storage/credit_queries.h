#ifndef SEC_STORAGE_CREDIT_QUERIES_H_
#define SEC_STORAGE_CREDIT_QUERIES_H_

#include <string>

namespace sec::storage {

// The Credit area's SQL, one named statement each; every backend supplies its own text
// (sqlite/credit_queries.cc, mysql/credit_queries.cc). Parameters are always bound.
struct CreditQueries {
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_CREDIT_QUERIES_H_
