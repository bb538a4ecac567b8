#ifndef SEC_STORAGE_METRICS_STORE_H_
#define SEC_STORAGE_METRICS_STORE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace sec::storage {

// What the domain gauges of the metrics endpoint show, read in one transaction.
struct DomainCounts {
  std::map<std::string, int64_t> open_modifications_by_status;  // stored status code -> count
  int64_t parties_in_shortfall = 0;  // parties with an open (uncured) breach notice
  int64_t consultations_open = 0;
};

absl::StatusOr<DomainCounts> ReadDomainCounts(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_METRICS_STORE_H_
