#include "storage/metrics_queries.h"

#include "storage/dialect.h"

namespace sec::storage {
namespace {

MetricsQueries Make() {
  return MetricsQueries{
      .parties_with_notice_in_state =
          "SELECT COUNT(DISTINCT party) FROM credit_notices WHERE state = ?",
      .consultations_in_state = "SELECT COUNT(*) FROM consultations WHERE state = ?",
  };
}

}  // namespace

const MetricsQueries& MetricsSql() { return BuiltOnce<MetricsQueries, Make>(); }

}  // namespace sec::storage
