#include "storage/metrics_store.h"

#include "domain/modification.h"
#include "storage/credit_store.h"
#include "storage/dialect.h"
#include "storage/metrics_queries.h"

namespace sec::storage {
namespace {

absl::StatusOr<int64_t> Count(Tx& tx, const std::string& sql, const SqlParams& params) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(sql, params);
  if (!rows.ok()) return rows.status();
  return rows->empty() ? 0 : rows->front().Int(0);
}

}  // namespace

absl::StatusOr<DomainCounts> ReadDomainCounts(Tx& tx) {
  const MetricsQueries& q = *tx.dialect().metrics;
  DomainCounts c;
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(q.modifications_by_status, {});
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) {
    ModStatus status;
    // is_open is written as IsOpen(status), so this is the same set WHERE is_open = 1 gave.
    if (ParseStatus(r.Str(0), &status) && IsOpen(status)) {
      c.open_modifications_by_status[r.Str(0)] = r.Int(1);
    }
  }
  absl::StatusOr<int64_t> shortfall =
      Count(tx, q.parties_with_notice_in_state, {std::string(NoticeStateCode(NoticeState::kOpen))});
  if (!shortfall.ok()) return shortfall.status();
  c.parties_in_shortfall = *shortfall;
  // The same literal governance_store.cc writes for an open consultation.
  absl::StatusOr<int64_t> open = Count(tx, q.consultations_in_state, {std::string("OPEN")});
  if (!open.ok()) return open.status();
  c.consultations_open = *open;
  return c;
}

}  // namespace sec::storage
