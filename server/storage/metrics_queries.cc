#include "storage/metrics_queries.h"

namespace sec::storage {

const MetricsQueries& MetricsSql() {
  static const MetricsQueries* const kQueries = new MetricsQueries{
      .modifications_by_status = "SELECT status, COUNT(*) FROM modifications GROUP BY status",
      .parties_with_notice_in_state =
          "SELECT COUNT(DISTINCT party) FROM credit_notices WHERE state = ?",
      .consultations_in_state = "SELECT COUNT(*) FROM consultations WHERE state = ?",
  };
  return *kQueries;
}

}  // namespace sec::storage
