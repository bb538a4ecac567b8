#ifndef SEC_STORAGE_GOVERNANCE_QUERIES_H_
#define SEC_STORAGE_GOVERNANCE_QUERIES_H_

#include <string>

namespace sec::storage {

// The Governance area's SQL, one named statement each; every backend supplies its own text
// (sqlite/governance_queries.cc, mysql/governance_queries.cc). Parameters are always bound.
struct GovernanceQueries {
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_GOVERNANCE_QUERIES_H_
