#include "service/governance_convert.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/register_convert.h"
#include "service/rpc.h"

namespace sec::service {
namespace {

struct BodyInfo {
  v1::MeetingBody body;
  const char* code;
  const char* slug;
};
constexpr BodyInfo kBodies[] = {
    {v1::MEETING_BODY_PANEL, "PANEL", "panel"},
    {v1::MEETING_BODY_CHANGE_BOARD, "CHANGE_BOARD", "change-board"},
    {v1::MEETING_BODY_SECURITY_SUB_COMMITTEE, "SECURITY_SUB_COMMITTEE", "ssc"},
};

absl::StatusOr<int64_t> ParseNumbered(const std::string& name, absl::string_view prefix,
                                      absl::string_view field, absl::string_view example) {
  absl::string_view v = name;
  int64_t id = 0;
  if (!absl::ConsumePrefix(&v, prefix) || !absl::SimpleAtoi(v, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name, "\" is not a name like ", example));
  }
  return id;
}

}  // namespace

absl::StatusOr<std::string> BodyCode(v1::MeetingBody b, absl::string_view field) {
  for (const BodyInfo& i : kBodies) {
    if (i.body == b) return std::string(i.code);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": a body is required: PANEL, CHANGE_BOARD or SECURITY_SUB_COMMITTEE"));
}

v1::MeetingBody BodyFromCode(const std::string& code) {
  for (const BodyInfo& i : kBodies) {
    if (code == i.code) return i.body;
  }
  return v1::MEETING_BODY_UNSPECIFIED;
}

std::string BodySlug(const std::string& code) {
  for (const BodyInfo& i : kBodies) {
    if (code == i.code) return i.slug;
  }
  return "meeting";
}

std::string MeetingName(const std::string& id) { return absl::StrCat("meetings/", id); }
std::string ConsultationName(const std::string& reference) {
  return absl::StrCat("modifications/", reference, "/consultation");
}
std::string DecisionName(int64_t id) { return absl::StrCat("decisions/", id); }
std::string VersionName(const std::string& number) { return absl::StrCat("versions/", number); }
std::string NominationName(int64_t id) { return absl::StrCat("nominations/", id); }
std::string AssessmentName(int64_t id) { return absl::StrCat("assessments/", id); }

absl::StatusOr<std::string> ParseMeetingName(const std::string& name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumePrefix(&v, "meetings/") || v.empty() || v.size() > 80) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name, "\" is not a meeting name like meetings/panel-42"));
  }
  return std::string(v);
}

absl::StatusOr<std::string> ParseConsultationName(const std::string& name,
                                                  absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumeSuffix(&v, "/consultation")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", name, "\" is not a name like modifications/SECMP0006/consultation"));
  }
  return ParseModificationName(std::string(v), field);
}

absl::StatusOr<std::string> ParseVersionName(const std::string& name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumePrefix(&v, "versions/") || v.empty() || v.size() > 32) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name, "\" is not a version name like versions/5.6"));
  }
  return std::string(v);
}

absl::StatusOr<int64_t> ParseNominationName(const std::string& name, absl::string_view field) {
  return ParseNumbered(name, "nominations/", field, "nominations/3");
}

absl::StatusOr<int64_t> ParseAssessmentName(const std::string& name, absl::string_view field) {
  return ParseNumbered(name, "assessments/", field, "assessments/3");
}

v1::Meeting ToProto(const storage::MeetingRow& m) {
  v1::Meeting out;
  out.set_name(MeetingName(m.id));
  out.set_body(BodyFromCode(m.body));
  out.set_number(m.number);
  out.set_date(FormatDate(m.day));
  for (const auto& i : m.items) out.add_items(i);
  out.set_comment(m.comment);
  SetTimestamp(m.create_time_us, out.mutable_create_time());
  return out;
}

v1::Decision ToProto(const storage::DecisionRow& d) {
  v1::Decision out;
  out.set_name(DecisionName(d.id));
  if (!d.meeting.empty()) out.set_meeting(MeetingName(d.meeting));
  out.set_modification(ModificationName(d.modification));
  out.set_kind(d.kind);
  out.set_outcome(d.outcome);
  out.set_reasons(d.reasons);
  out.set_reference(d.reference);
  out.set_decision_date(FormatDate(d.day));
  ModStatus s;
  if (ParseStatus(d.status, &s)) out.set_status(ToProto(s));
  ModPath p;
  if (ParsePath(d.path, &p)) out.set_path(ToProto(p));
  for (const auto& t : d.timetable) {
    v1::TimetableEntry* e = out.add_timetable();
    e->set_milestone(t.milestone);
    e->set_target_date(FormatDate(t.target));
  }
  SetTimestamp(d.record_time_us, out.mutable_record_time());
  return out;
}

v1::Consultation ToProto(const storage::ConsultationRow& c, int response_count) {
  v1::Consultation out;
  out.set_name(ConsultationName(c.modification));
  out.set_modification(ModificationName(c.modification));
  out.set_round(c.round);
  out.set_issue_date(FormatDate(c.issue));
  out.set_deadline(FormatDate(c.deadline));
  out.set_contact(c.contact);
  out.set_state(c.open ? v1::CONSULTATION_STATE_OPEN : v1::CONSULTATION_STATE_CLOSED);
  if (c.closed) out.set_close_date(FormatDate(*c.closed));
  out.set_response_count(response_count);
  out.set_etag(FormatEtag(c.version));
  return out;
}

v1::ConsultationResponse ToProto(const storage::ResponseRow& r) {
  v1::ConsultationResponse out;
  out.set_consultation(ConsultationName(r.modification));
  out.set_party(PartyName(r.party));
  v1::ConsultationPosition pos = v1::CONSULTATION_POSITION_UNSPECIFIED;
  v1::ConsultationPosition_Parse(absl::StrCat("CONSULTATION_POSITION_", r.position), &pos);
  out.set_position(pos);
  out.set_text(r.text);
  out.set_response_date(FormatDate(r.day));
  out.set_principal(r.principal);
  return out;
}

v1::Vote VoteToProto(const std::string& reference, const Vote& v) {
  v1::Vote out;
  out.set_modification(ModificationName(reference));
  out.set_member(v.member);
  out.set_voting_group(ToProto(v.voting_group));
  out.set_choice(static_cast<v1::VoteChoice>(static_cast<int>(v.choice) + 1));
  out.set_reason(v.reason);
  return out;
}

v1::Vote ToProto(const storage::VoteRow& v) {
  v1::Vote out = VoteToProto(v.modification, v.vote);
  out.set_vote_date(FormatDate(v.day));
  out.set_sequence(v.sequence);
  return out;
}

v1::SecVersion ToProto(const storage::VersionRow& v) {
  v1::SecVersion out;
  out.set_name(VersionName(v.number));
  out.set_number(v.number);
  out.set_effective_date(FormatDate(v.effective));
  for (const auto& r : v.implements) out.add_implements(ModificationName(r));
  for (const auto& s : v.sections) out.add_sections(s);
  out.set_comment(v.comment);
  SetTimestamp(v.create_time_us, out.mutable_create_time());
  return out;
}

v1::SscNomination ToProto(const storage::NominationRow& row) {
  const SscNomination& n = row.nomination;
  v1::SscNomination out;
  out.set_name(NominationName(row.id));
  out.set_nominating_party(PartyName(n.nominating_party));
  out.set_nominator_name(n.nominator_name);
  out.set_nominator_position(n.nominator_position);
  out.set_nominator_is_senior(n.nominator_is_senior);
  out.set_nominee(n.nominee);
  out.set_nominee_category(ToProto(n.nominee_category));
  out.set_security_expertise(n.security_expertise);
  out.set_nomination_date(FormatDate(n.nominated_on));
  out.set_state(static_cast<v1::NominationState>(static_cast<int>(n.state) + 1));
  out.set_rejection_reason(n.rejection_reason);
  if (n.vetting) {
    out.set_vetted(true);
    out.set_vetting_passed(n.vetting->passed);
    out.set_vetting_date(FormatDate(n.vetting->date));
  }
  if (n.appointed_on) out.set_appointment_date(FormatDate(*n.appointed_on));
  if (n.term_end) out.set_term_end(FormatDate(*n.term_end));
  out.set_etag(FormatEtag(row.version));
  return out;
}

v1::Assessment ToProto(const storage::AssessmentRow& row) {
  const DccAssessment& a = row.assessment;
  v1::Assessment out;
  out.set_name(AssessmentName(row.id));
  out.set_modification(ModificationName(a.modification));
  out.set_kind(static_cast<v1::AssessmentKind>(static_cast<int>(a.kind) + 1));
  out.set_request_date(FormatDate(a.requested_on));
  out.set_due_date(FormatDate(a.due_on));
  out.set_due_explicit(a.due_explicit);
  out.set_state(static_cast<v1::AssessmentState>(static_cast<int>(a.state) + 1));
  for (const auto& u : a.updates) {
    v1::AssessmentUpdate* x = out.add_updates();
    x->set_date(FormatDate(u.date));
    x->set_note(u.note);
  }
  if (a.delivered_on) out.set_delivery_date(FormatDate(*a.delivered_on));
  out.set_etag(FormatEtag(row.version));
  return out;
}

v1::ReportMeeting ToProto(const ReportMeeting& m) {
  v1::ReportMeeting out;
  out.set_name(MeetingName(m.id));
  out.set_body(BodyFromCode(m.body));
  out.set_number(m.number);
  out.set_date(FormatDate(m.date));
  return out;
}

}  // namespace sec::service
