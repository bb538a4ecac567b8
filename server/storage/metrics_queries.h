#ifndef SEC_STORAGE_METRICS_QUERIES_H_
#define SEC_STORAGE_METRICS_QUERIES_H_

#include <string>

namespace sec::storage {

// The read-only counts behind the domain gauges of the metrics endpoint; every backend supplies
// its own text (sqlite/metrics_queries.cc, mysql/metrics_queries.cc). Each is one indexed
// aggregate, cheap enough to run on every scrape.
struct MetricsQueries {
  std::string open_modifications_by_status;  // () -> status, count
  std::string parties_with_notice_in_state;  // (state) -> count of distinct parties
  std::string consultations_in_state;        // (state) -> count
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_METRICS_QUERIES_H_
