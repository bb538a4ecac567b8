#ifndef SEC_STORAGE_METRICS_QUERIES_H_
#define SEC_STORAGE_METRICS_QUERIES_H_

#include <string>

namespace sec::storage {

// The read-only counts behind the domain gauges of the metrics endpoint (the proposals per
// status come from the register's tallies instead: no count of the register at each refresh).
// Each is one indexed aggregate, cheap enough to run on every scrape.
struct MetricsQueries {
  std::string parties_with_notice_in_state;  // (state) -> count of distinct parties
  std::string consultations_in_state;        // (state) -> count
};

// The metrics statements, the same on every backend (their .cc file).
const MetricsQueries& MetricsSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_METRICS_QUERIES_H_
