#ifndef SEC_SERVICE_ENV_H_
#define SEC_SERVICE_ENV_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/credit.h"
#include "domain/dates.h"
#include "domain/party.h"
#include "storage/store.h"

namespace sec::service {

class EventFeed;
class Principals;
class ReadCache;
template <typename V>
class CurrentValues;

// Every party with credit records on a date under one policy, calculated (credit handlers).
struct PortfolioRun {
  std::vector<Party> parties;
  // Parallel to parties: each party's result, or why it could not be calculated (a record
  // stored before the bounds, say); such a party is left out of the totals, never the others.
  std::vector<absl::StatusOr<CreditResult>> results;
  PortfolioTotals totals;
};

// Parties this process has seen registered. Parties are never deleted (there is no RPC that
// removes one), so a party found once is there for good, on every replica: a raise checks its
// proposer here and reads the store only the first time (a read transaction per raise was a
// third of a MariaDB create's cost).
class KnownParties {
 public:
  bool Contains(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    return ids_.contains(id);
  }
  void Add(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    ids_.insert(id);
  }

 private:
  std::mutex mu_;
  absl::flat_hash_set<std::string> ids_;  // at most the register's parties
};

// What every handler needs: the store, who is who, the clock, the caches.
struct ServiceEnv {
  storage::Store* store = nullptr;
  const Principals* principals = nullptr;
  EventFeed* feed = nullptr;             // set by StartServer
  ReadCache* read_cache = nullptr;       // may be null: no caching (read_cache.h)
  CurrentValues<PortfolioRun>* portfolios = nullptr;  // with the read cache only
  std::shared_ptr<KnownParties> known_parties = std::make_shared<KnownParties>();
  // The deadline cap (ServerOptions::max_deadline).
  absl::Duration max_deadline = absl::Seconds(60);
  // The largest request message a handler takes (ServerOptions::max_message_bytes), checked by
  // secd itself (dispatch.h) so that a refusal is counted and logged like any other call.
  int max_request_bytes = 4 << 20;
  std::function<absl::Time()> now = [] { return absl::Now(); };

  // The server's today, in Europe/London.
  Date Today() const { return LondonDate(now()); }
  int64_t NowMicros() const { return absl::ToUnixMicros(now()); }
};

}  // namespace sec::service

#endif  // SEC_SERVICE_ENV_H_
