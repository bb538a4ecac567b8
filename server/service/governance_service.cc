#include "service/governance_service.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/lifecycle.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {
namespace {

// Text limits for free-text fields recorded with decisions.
constexpr size_t kMaxText = 4000;

}  // namespace

absl::Status CheckText(const std::string& text, absl::string_view field) {
  if (text.size() > kMaxText) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", kMaxText, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Date> RequiredDate(const std::string& text, absl::string_view field) {
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return ParseDate(text, field);
}

absl::StatusOr<Moved> ApplyEvent(const ServiceEnv& env, storage::Tx& tx, const Principal& who,
                                 const std::string& reference, LifecycleEvent event, Date day,
                                 const std::string& note, std::optional<ModPath> path) {
  absl::StatusOr<Modification> m = storage::GetModification(tx, reference);
  if (!m.ok()) return m.status();
  LifecycleState state{m->status, m->suspended_from, m->fast_track, m->path, m->proposer};
  absl::StatusOr<Transition> t = DecideEvent(state, event, who);
  if (!t.ok())
    return absl::Status(t.status().code(), absl::StrCat(reference, ": ", t.status().message()));
  Moved out;
  out.before = ToProto(*m);
  const int64_t expected = m->version;
  m->status = t->to;
  m->suspended_from = t->suspended_from;
  if (path.has_value()) m->path = *path;
  m->version += 1;
  m->update_time_us = env.NowMicros();
  if (auto s = storage::UpdateModification(tx, *m, expected); !s.ok()) return s;
  const v1::Modification after = ToProto(*m);
  storage::StoredEvent e = NewEvent(env, who, after.name(), LifecycleEventName(event),
                                    FormatDate(day), &out.before, &after, note);
  e.status = StatusCode(m->status);
  if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
  out.after = *std::move(m);
  return out;
}

absl::StatusOr<v1::Decision> RecordDecision(const ServiceEnv& env, storage::Tx& tx,
                                            const std::string& meeting, const Modification& m,
                                            std::string kind, std::string outcome,
                                            std::string reasons, std::string reference, Date day,
                                            std::vector<storage::TimetableRow> timetable) {
  storage::DecisionRow d;
  d.meeting = meeting;
  d.modification = m.reference;
  d.kind = std::move(kind);
  d.outcome = std::move(outcome);
  d.reasons = std::move(reasons);
  d.reference = std::move(reference);
  d.day = day;
  d.status = StatusCode(m.status);
  d.path = PathCode(m.path);
  d.timetable = std::move(timetable);
  d.record_time_us = env.NowMicros();
  if (auto s = storage::InsertDecision(tx, d); !s.ok()) return s;
  return ToProto(d);
}

std::unique_ptr<grpc::Service> NewGovernanceService(const ServiceEnv& env) {
  return std::make_unique<GovernanceServiceImpl>(env);
}

}  // namespace sec::service
