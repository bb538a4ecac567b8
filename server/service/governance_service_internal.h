#ifndef SEC_SERVICE_GOVERNANCE_SERVICE_INTERNAL_H_
#define SEC_SERVICE_GOVERNANCE_SERVICE_INTERNAL_H_

// Helpers shared by the governance_*.cc files that define GovernanceServiceImpl (defined in
// governance_service.cc). Not for use outside the governance service.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/lifecycle.h"
#include "domain/modification.h"
#include "domain/principal.h"
#include "sec/v1/governance.pb.h"
#include "sec/v1/register.pb.h"
#include "service/rpc.h"
#include "storage/governance_store.h"
#include "storage/store.h"

namespace sec::service {

// INVALID_ARGUMENT naming `field` when free text is longer than decisions may record.
absl::Status CheckText(const std::string& text, absl::string_view field);

// A date that must be given (INVALID_ARGUMENT naming `field` when empty or malformed).
absl::StatusOr<Date> RequiredDate(const std::string& text, absl::string_view field);

// What one lifecycle step did: the proposal before and after.
struct Moved {
  v1::Modification before;
  Modification after;
};

// Moves a proposal by one event of the lifecycle table: DecideEvent (the only place that
// decides), a version-checked update, and a history event whose status is the new status and
// whose effective date is the business date of the decision. `path` is set when the Panel
// accepts an IMR.
absl::StatusOr<Moved> ApplyEvent(const ServiceEnv& env, storage::Tx& tx, const Principal& who,
                                 const std::string& reference, LifecycleEvent event, Date day,
                                 const std::string& note,
                                 std::optional<ModPath> path = std::nullopt);

// Records a decision (Panel, tally, Authority, direction) against the moved proposal.
absl::StatusOr<v1::Decision> RecordDecision(const ServiceEnv& env, storage::Tx& tx,
                                            const std::string& meeting, const Modification& m,
                                            std::string kind, std::string outcome,
                                            std::string reasons, std::string reference, Date day,
                                            std::vector<storage::TimetableRow> timetable = {});

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_SERVICE_INTERNAL_H_
