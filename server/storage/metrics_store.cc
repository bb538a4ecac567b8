#include "storage/metrics_store.h"

#include "domain/modification.h"
#include "storage/credit_store.h"
#include "storage/dialect.h"
#include "storage/metrics_queries.h"
#include "storage/register_store.h"

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
  // From the tallies the writes keep, not a count of the register's rows at every refresh.
  absl::StatusOr<std::map<ModStatus, int64_t>> by_status = CountByStatus(tx);
  if (!by_status.ok()) return by_status.status();
  for (const auto& [status, n] : *by_status) {
    if (IsOpen(status) && n > 0) c.open_modifications_by_status[std::string(StatusCode(status))] = n;
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
