#include "service/governance_convert.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/register_convert.h"
#include "domain/etag.h"
#include "service/enums.h"

namespace sec::service {

v1::Meeting ToProto(const Meeting& m, const WorkingDayCalendar& calendar) {
  v1::Meeting out;
  out.set_name(MeetingName(m.id));
  out.set_body(BodyEnum().ToProto(m.body));
  out.set_number(m.number);
  out.set_date(FormatDate(m.day));
  for (const auto& i : m.items) out.add_items(i);
  out.set_comment(m.comment);
  SetTimestamp(m.create_time_us, out.mutable_create_time());
  const MeetingDeadlines due = DeadlinesFor(m, calendar);
  out.set_papers_due_date(FormatDate(due.papers_due));
  out.set_proposals_due_date(FormatDate(due.proposals_due));
  return out;
}

v1::Decision ToProto(const Decision& d) {
  v1::Decision out;
  out.set_name(DecisionName(d.id));
  if (!d.meeting.empty()) out.set_meeting(MeetingName(d.meeting));
  out.set_modification(ModificationName(d.modification));
  out.set_kind(d.kind);
  out.set_outcome(d.outcome);
  out.set_reasons(d.reasons);
  out.set_reference(d.reference);
  out.set_decision_date(FormatDate(d.day));
  out.set_status(ToProto(d.status));
  out.set_path(ToProto(d.path));
  for (const auto& t : d.timetable) {
    v1::TimetableEntry* e = out.add_timetable();
    e->set_milestone(t.milestone);
    e->set_target_date(FormatDate(t.target));
    if (t.stage.has_value()) e->set_stage(ToProto(*t.stage));
  }
  SetTimestamp(d.record_time_us, out.mutable_record_time());
  return out;
}

v1::Consultation ToProto(const Consultation& c, int response_count) {
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
  for (PartyCategory cat : c.respondent_categories) {
    out.add_respondent_categories(CategoryEnum().ToProto(cat));
  }
  return out;
}

v1::CostEstimate ToProto(const CostEstimate& e) {
  v1::CostEstimate out;
  out.set_name(CostEstimateName(e.modification, e.id));
  out.set_kind(CostKindEnum().ToProto(e.kind));
  out.set_amount_pence(e.amount_pence);
  out.set_source(e.source);
  out.set_estimate_date(FormatDate(e.estimate_date));
  out.set_note(e.note);
  out.set_principal(e.principal);
  SetTimestamp(e.create_time_us, out.mutable_create_time());
  return out;
}

v1::ConsultationResponse ToProto(const ConsultationResponse& r) {
  v1::ConsultationResponse out;
  out.set_consultation(ConsultationName(r.modification));
  out.set_party(PartyName(r.party));
  out.set_position(PositionEnum().ToProto(r.position));
  out.set_text(r.text);
  out.set_response_date(FormatDate(r.day));
  out.set_principal(r.principal);
  return out;
}

v1::Vote ToProto(const RecordedVote& v) {
  v1::Vote out;
  out.set_modification(ModificationName(v.modification));
  out.set_member(v.vote.member);
  out.set_voting_group(ToProto(v.vote.voting_group));
  out.set_choice(VoteChoiceEnum().ToProto(v.vote.choice));
  out.set_reason(v.vote.reason);
  out.set_vote_date(FormatDate(v.day));
  out.set_sequence(v.sequence);
  return out;
}

v1::SecVersion ToProto(const SecVersion& v) {
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

v1::SscNomination ToProto(const storage::StoredNomination& row) {
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
  out.set_state(NominationStateEnum().ToProto(n.state));
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

v1::Assessment ToProto(const storage::StoredDccAssessment& row) {
  const DccAssessment& a = row.assessment;
  v1::Assessment out;
  out.set_name(AssessmentName(row.id));
  out.set_modification(ModificationName(a.modification));
  out.set_kind(AssessmentKindEnum().ToProto(a.kind));
  out.set_request_date(FormatDate(a.requested_on));
  out.set_due_date(FormatDate(a.due_on));
  out.set_due_explicit(a.due_explicit);
  out.set_state(AssessmentStateEnum().ToProto(a.state));
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
  out.set_body(BodyEnum().ToProto(m.body));
  out.set_number(m.number);
  out.set_date(FormatDate(m.date));
  return out;
}

}  // namespace sec::service
