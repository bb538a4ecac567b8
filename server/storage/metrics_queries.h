#ifndef SEC_STORAGE_METRICS_QUERIES_H_
#define SEC_STORAGE_METRICS_QUERIES_H_

#include <string>

namespace sec::storage {

// The read-only counts behind the domain gauges of the metrics endpoint; every backend supplies
// its own text (sqlite/metrics_queries.cc, mysql/metrics_queries.cc). Each is one indexed
// aggregate, cheap enough to run on every scrape.
struct MetricsQueries {
  // () -> status, count for every status; the caller keeps the open ones (domain IsOpen). Not
  // WHERE is_open = 1: that reads every open row from the table (40 ms on 100,000 proposals,
  // at start and every refresh), where a GROUP BY status counts the status index alone.
  std::string modifications_by_status;
  std::string parties_with_notice_in_state;  // (state) -> count of distinct parties
  std::string consultations_in_state;        // (state) -> count
};

// The metrics statements, the same on every backend (their .cc file).
const MetricsQueries& MetricsSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_METRICS_QUERIES_H_
