#include "service/register_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "service/enums.h"

namespace sec::service {

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts) {
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int32_t>((micros % 1000000) * 1000));
}

v1::ModificationStatus ToProto(ModStatus s) { return StatusEnum().ToProto(s); }
v1::ModificationPath ToProto(ModPath p) { return PathEnum().ToProto(p); }
v1::PartyCategory ToProto(PartyCategory c) { return CategoryEnum().ToProto(c); }

absl::StatusOr<ModStatus> FromProto(v1::ModificationStatus s, absl::string_view field) {
  return StatusEnum().FromProto(s, field);
}

absl::StatusOr<ModPath> FromProto(v1::ModificationPath p, absl::string_view field) {
  return PathEnum().FromProto(p, field);
}

absl::StatusOr<PartyCategory> FromProto(v1::PartyCategory c, absl::string_view field) {
  return CategoryEnum().FromProto(c, field);
}

v1::Party ToProto(const Party& p) {
  v1::Party out;
  out.set_name(PartyName(p.id));
  out.set_display_name(p.display_name);
  out.set_category(ToProto(p.category));
  out.set_etag(FormatEtag(p.version));
  SetTimestamp(p.create_time_us, out.mutable_create_time());
  SetTimestamp(p.update_time_us, out.mutable_update_time());
  return out;
}

// One conversion: the copy costs a write path a few allocations; reads move their rows.
v1::Modification ToProto(const Modification& m) { return ToProto(Modification(m)); }

v1::Modification ToProto(Modification&& m) {
  v1::Modification out;
  out.set_name(ModificationName(m.reference));
  out.set_title(std::move(m.title));
  out.set_proposer(PartyName(m.proposer));
  out.set_date_raised(FormatDate(m.date_raised));
  out.set_status(ToProto(m.status));
  out.set_status_title(StatusTitle(m.status));
  if (m.suspended_from.has_value()) out.set_suspended_from(ToProto(*m.suspended_from));
  out.set_path(ToProto(m.path));
  out.set_fast_track(m.fast_track);
  out.set_urgent(m.urgent);
  out.mutable_sections()->Reserve(static_cast<int>(m.sections.size()));
  for (auto& s : m.sections) out.add_sections(std::move(s));
  out.set_problem_statement(std::move(m.problem_statement));
  out.mutable_intended_changes()->Reserve(static_cast<int>(m.intended_changes.size()));
  for (auto& c : m.intended_changes) out.add_intended_changes(std::move(c));
  out.set_comment(std::move(m.comment));
  out.mutable_impacts()->Reserve(static_cast<int>(m.impacts.size()));
  for (auto& i : m.impacts) {
    v1::Impact* o = out.add_impacts();
    o->set_category(CategoryEnum().ToProto(i.category));
    o->set_grade(ImpactGradeEnum().ToProto(i.grade));
    o->set_note(std::move(i.note));
  }
  out.set_open(IsOpen(m.status));
  out.set_etag(FormatEtag(m.version));
  SetTimestamp(m.create_time_us, out.mutable_create_time());
  SetTimestamp(m.update_time_us, out.mutable_update_time());
  out.set_waiting_on(WaitingOnEnum().ToProto(WaitingOnOf(m)));
  if (!m.release.empty()) out.set_release(ReleaseName(m.release));
  return out;
}

v1::Event ToProto(const storage::StoredEvent& e) {
  v1::Event out;
  out.set_sequence(e.sequence);
  out.set_resource(e.resource);
  out.set_kind(e.kind);
  out.set_effective_date(e.effective_date);
  SetTimestamp(e.record_time_us, out.mutable_record_time());
  out.set_principal(e.principal);
  ModStatus s;
  if (e.status.has_value() && ParseStatus(*e.status, &s)) out.set_status(ToProto(s));
  out.set_before_json(e.before_json);
  out.set_after_json(e.after_json);
  out.set_note(e.note);
  return out;
}

}  // namespace sec::service
