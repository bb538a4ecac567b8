// secctl commands for GovernanceService: meetings, Panel decisions, consultations, Change Board
// votes, Authority decisions, Secretary of State directions, SEC versions, SSC nominations, DCC
// assessments, the working-day calendar and the Modification Status Report.
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli.h"
#include "report_render.h"
#include "sec/v1/governance.grpc.pb.h"

namespace sec::cli {
namespace {

using Stub = v1::GovernanceService::Stub;

std::string Mod(const std::string& id) { return Named(id, "modifications/"); }

bool ParseBody(const std::string& text, v1::MeetingBody* b) {
  if (text == "ssc" || text == "SSC") {
    *b = v1::MEETING_BODY_SECURITY_SUB_COMMITTEE;
    return true;
  }
  return ParseEnum<v1::MeetingBody>(v1::MeetingBody_Parse, "MEETING_BODY_", text, b);
}

std::vector<std::string> MeetingRow(const v1::Meeting& m) {
  return {m.name().substr(9), ShortEnum(v1::MeetingBody_Name(m.body()), "MEETING_BODY_"),
          absl::StrCat(m.number()), m.date(), m.papers_due_date(), m.proposals_due_date(),
          m.comment()};
}
const std::vector<std::string> kMeetingHeader = {"ID",         "BODY",          "NUMBER", "DATE",
                                                 "PAPERS DUE", "PROPOSALS DUE", "COMMENT"};

// --- meetings ---

int MeetingsCreate(Cli& cli, const Args& args) {
  v1::CreateMeetingRequest req;
  v1::MeetingBody body;
  if (!ParseBody(args.Get("body"), &body))
    return cli.UsageError("--body: panel, change-board or ssc");
  req.mutable_meeting()->set_body(body);
  req.mutable_meeting()->set_number(static_cast<int32_t>(args.GetInt("number", 0)));
  req.mutable_meeting()->set_date(args.Get("date"));
  for (const auto& i : args.repeated("item")) req.mutable_meeting()->add_items(i);
  req.mutable_meeting()->set_comment(args.Get("comment"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::CreateMeeting, req);
}

int MeetingsGet(Cli& cli, const Args& args) {
  v1::GetMeetingRequest req;
  req.set_name(Named(args.positional[0], "meetings/"));
  return Call(cli, &Stub::GetMeeting, req);
}

int MeetingsList(Cli& cli, const Args& args) {
  v1::ListMeetingsRequest req;
  if (args.Has("body")) {
    v1::MeetingBody body;
    if (!ParseBody(args.Get("body"), &body))
      return cli.UsageError("--body: panel, change-board or ssc");
    req.set_body(body);
  }
  req.set_start_date(args.Get("from"));
  req.set_end_date(args.Get("to"));
  v1::ListMeetingsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListMeetings, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : resp.meetings()) rows.push_back(MeetingRow(m));
  cli.Print(resp, kMeetingHeader, rows);
  return 0;
}

int MeetingsNext(Cli& cli, const Args& args) {
  v1::GetNextMeetingRequest req;
  v1::MeetingBody body;
  if (!ParseBody(args.Get("body", "panel"), &body)) {
    return cli.UsageError("--body: panel, change-board or ssc");
  }
  req.set_body(body);
  req.set_after_date(args.Get("after"));
  return Call(cli, &Stub::GetNextMeeting, req);
}

// --- Panel decisions ---

// --target MILESTONE=YYYY-MM-DD[@STAGE]: a timetable entry, with the stage whose planned end it
// sets ("Modification Report=2017-07-07@report-phase"). False on a stage that is not one.
bool AddTargets(const Args& args, google::protobuf::RepeatedPtrField<v1::TimetableEntry>* out) {
  for (const auto& t : args.repeated("target")) {
    std::pair<std::string, std::string> kv = absl::StrSplit(t, absl::MaxSplits('=', 1));
    std::pair<std::string, std::string> date_stage =
        absl::StrSplit(kv.second, absl::MaxSplits('@', 1));
    v1::TimetableEntry* e = out->Add();
    e->set_milestone(kv.first);
    e->set_target_date(date_stage.first);
    if (date_stage.second.empty()) continue;
    v1::ModificationStatus stage;
    if (!ParseEnum<v1::ModificationStatus>(v1::ModificationStatus_Parse, "MODIFICATION_STATUS_",
                                           date_stage.second, &stage)) {
      return false;
    }
    e->set_stage(stage);
  }
  return true;
}

int TargetUsage(Cli& cli) {
  return cli.UsageError("--target: MILESTONE=YYYY-MM-DD, or MILESTONE=YYYY-MM-DD@STAGE with a "
                        "status such as refinement or report-phase");
}

int DecisionsReviseTimetable(Cli& cli, const Args& args) {
  v1::ReviseTimetableRequest req;
  req.set_name(Mod(args.positional[0]));
  req.set_meeting(Named(args.Get("meeting"), "meetings/"));
  if (!AddTargets(args, req.mutable_timetable())) return TargetUsage(cli);
  req.set_reasons(args.Get("reasons"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::ReviseTimetable, req);
}

int ModificationsTimetable(Cli& cli, const Args& args) {
  v1::GetTimetableRequest req;
  req.set_name(Mod(args.positional[0]));
  req.set_as_of(args.Get("as-of"));
  v1::Timetable resp;
  grpc::Status s = Send(cli, &Stub::GetTimetable, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& st : resp.stages()) {
    rows.push_back({ShortEnum(v1::ModificationStatus_Name(st.stage()), "MODIFICATION_STATUS_"),
                    st.start_date(), st.planned_end_date(), st.revised_end_date(),
                    st.actual_end_date(),
                    ShortEnum(v1::Timeliness_Name(st.timeliness()), "TIMELINESS_")});
  }
  cli.Print(resp, {"STAGE", "START", "PLANNED", "REVISED", "ACTUAL", "TIMELINESS"}, rows);
  return 0;
}

int DecisionsAccept(Cli& cli, const Args& args) {
  v1::AcceptInitialReportRequest req;
  req.set_name(Mod(args.positional[0]));
  req.set_meeting(Named(args.Get("meeting"), "meetings/"));
  v1::ImrDestination dest;
  if (!ParseEnum<v1::ImrDestination>(v1::ImrDestination_Parse, "IMR_DESTINATION_", args.Get("to"),
                                     &dest)) {
    return cli.UsageError("--to: refinement or report-phase");
  }
  req.set_destination(dest);
  v1::ModificationPath path;
  if (!ParseEnum<v1::ModificationPath>(v1::ModificationPath_Parse, "MODIFICATION_PATH_",
                                       args.Get("path"), &path)) {
    return cli.UsageError("--path: PATH_1, PATH_2 or PATH_3");
  }
  req.set_path(path);
  if (!AddTargets(args, req.mutable_timetable())) return TargetUsage(cli);
  req.set_outcome(args.Get("outcome"));
  req.set_reasons(args.Get("reasons"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::AcceptInitialReport, req);
}

template <typename Request>
int PanelDecision(Cli& cli, const Args& args,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                               v1::Decision*)) {
  Request req;
  req.set_name(Mod(args.positional[0]));
  req.set_meeting(Named(args.Get("meeting"), "meetings/"));
  req.set_outcome(args.Get("outcome"));
  req.set_reasons(args.Get("reasons"));
  req.set_request_id(RequestId(args));
  return Call(cli, method, req);
}

int DecisionsList(Cli& cli, const Args& args) {
  v1::ListDecisionsRequest req;
  if (args.Has("meeting")) req.set_meeting(Named(args.Get("meeting"), "meetings/"));
  if (args.Has("modification")) req.set_modification(Mod(args.Get("modification")));
  v1::ListDecisionsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListDecisions, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : resp.decisions()) {
    rows.push_back({d.decision_date(), d.meeting(), d.modification().substr(14), d.kind(),
                    d.outcome(),
                    ShortEnum(v1::ModificationStatus_Name(d.status()), "MODIFICATION_STATUS_")});
  }
  cli.Print(resp, {"DATE", "MEETING", "MODIFICATION", "KIND", "OUTCOME", "STATUS"}, rows);
  return 0;
}

// --- consultations ---

bool ParseCategory(const std::string& text, v1::PartyCategory* c) {
  return ParseEnum<v1::PartyCategory>(v1::PartyCategory_Parse, "PARTY_CATEGORY_", text, c) &&
         *c != v1::PARTY_CATEGORY_UNSPECIFIED;
}

int ConsultationsIssue(Cli& cli, const Args& args) {
  v1::IssueConsultationRequest req;
  req.set_parent(Mod(args.positional[0]));
  for (const std::string& r : args.repeated("respondent")) {
    v1::PartyCategory c;
    if (!ParseCategory(r, &c))
      return cli.UsageError("--respondent: a category, e.g. large_supplier");
    req.add_respondent_categories(c);
  }
  req.set_issue_date(args.Get("issued"));
  req.set_deadline(args.Get("deadline"));
  req.set_contact(args.Get("contact"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::IssueConsultation, req);
}

int ConsultationsRespond(Cli& cli, const Args& args) {
  v1::RespondToConsultationRequest req;
  req.set_name(Mod(args.positional[0]) + "/consultation");
  if (args.Has("party")) req.set_party(Named(args.Get("party"), "parties/"));
  v1::ConsultationPosition pos;
  if (!ParseEnum<v1::ConsultationPosition>(v1::ConsultationPosition_Parse, "CONSULTATION_POSITION_",
                                           args.Get("position"), &pos)) {
    return cli.UsageError("--position: support, oppose or comment");
  }
  req.set_position(pos);
  req.set_text(args.Get("text"));
  req.set_response_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::RespondToConsultation, req);
}

int ConsultationsClose(Cli& cli, const Args& args) {
  v1::CloseConsultationRequest req;
  req.set_name(Mod(args.positional[0]) + "/consultation");
  req.set_close_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::CloseConsultation, req);
}

int ConsultationsGet(Cli& cli, const Args& args) {
  v1::GetConsultationRequest req;
  req.set_name(Mod(args.positional[0]) + "/consultation");
  return Call(cli, &Stub::GetConsultation, req);
}

int ConsultationsResponses(Cli& cli, const Args& args) {
  v1::ListConsultationResponsesRequest req;
  req.set_name(Mod(args.positional[0]) + "/consultation");
  v1::ListConsultationResponsesResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListConsultationResponses, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : resp.responses()) {
    rows.push_back(
        {r.party().substr(8),
         ShortEnum(v1::ConsultationPosition_Name(r.position()), "CONSULTATION_POSITION_"),
         r.response_date(), r.text()});
  }
  cli.Print(resp, {"PARTY", "POSITION", "DATE", "TEXT"}, rows);
  return 0;
}

// --- Change Board ---

int VotesCast(Cli& cli, const Args& args) {
  v1::CastVoteRequest req;
  req.set_parent(Mod(args.positional[0]));
  v1::Vote* v = req.mutable_vote();
  v->set_member(args.Get("member"));
  v1::PartyCategory group;
  if (!ParseEnum<v1::PartyCategory>(v1::PartyCategory_Parse, "PARTY_CATEGORY_", args.Get("group"),
                                    &group)) {
    return cli.UsageError("--group: a party category, e.g. LARGE_SUPPLIER");
  }
  v->set_voting_group(group);
  v1::VoteChoice choice;
  if (!ParseEnum<v1::VoteChoice>(v1::VoteChoice_Parse, "VOTE_CHOICE_", args.Get("vote"), &choice)) {
    return cli.UsageError("--vote: approve, reject or abstain");
  }
  v->set_choice(choice);
  v->set_reason(args.Get("reason"));
  v->set_vote_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::CastVote, req);
}

int VotesList(Cli& cli, const Args& args) {
  v1::ListVotesRequest req;
  req.set_parent(Mod(args.positional[0]));
  v1::ListVotesResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListVotes, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : resp.votes()) {
    rows.push_back({absl::StrCat(v.sequence()), v.vote_date(), v.member(),
                    ShortEnum(v1::PartyCategory_Name(v.voting_group()), "PARTY_CATEGORY_"),
                    ShortEnum(v1::VoteChoice_Name(v.choice()), "VOTE_CHOICE_"), v.reason()});
  }
  cli.Print(resp, {"SEQ", "DATE", "MEMBER", "GROUP", "VOTE", "REASON"}, rows);
  return 0;
}

int VotesTally(Cli& cli, const Args& args) {
  v1::TallyVotesRequest req;
  req.set_parent(Mod(args.positional[0]));
  if (args.Has("meeting")) req.set_meeting(Named(args.Get("meeting"), "meetings/"));
  req.set_tally_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::TallyVotes, req);
}

// --- Authority and Secretary of State ---

int AuthorityDecide(Cli& cli, const Args& args) {
  v1::DecideAsAuthorityRequest req;
  req.set_name(Mod(args.positional[0]));
  v1::AuthorityOutcome o;
  if (!ParseEnum<v1::AuthorityOutcome>(v1::AuthorityOutcome_Parse, "AUTHORITY_OUTCOME_",
                                       args.Get("outcome"), &o)) {
    return cli.UsageError("--outcome: approve, reject or send-back");
  }
  req.set_outcome(o);
  req.set_decision_date(args.Get("date"));
  req.set_reference(args.Get("reference"));
  req.set_reasons(args.Get("reasons"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::DecideAsAuthority, req);
}

int Direction(Cli& cli, const Args& args, v1::Direction d) {
  v1::DirectAsSecretaryOfStateRequest req;
  req.set_name(Mod(args.positional[0]));
  req.set_direction(d);
  req.set_direction_date(args.Get("date"));
  req.set_reference(args.Get("reference"));
  req.set_reasons(args.Get("reasons"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::DirectAsSecretaryOfState, req);
}

// --- versions ---

int VersionsDesignate(Cli& cli, const Args& args) {
  v1::DesignateVersionRequest req;
  v1::SecVersion* v = req.mutable_version();
  v->set_number(args.positional[0]);
  v->set_effective_date(args.Get("effective"));
  for (const auto& r : args.repeated("implements")) v->add_implements(Mod(r));
  for (const auto& s : args.repeated("section")) v->add_sections(s);
  v->set_comment(args.Get("comment"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::DesignateVersion, req);
}

std::vector<std::string> VersionRow(const v1::SecVersion& v) {
  std::vector<std::string> refs;
  for (const auto& r : v.implements()) refs.push_back(r.substr(14));
  return {v.number(), v.effective_date(), absl::StrJoin(refs, " "),
          absl::StrJoin(v.sections(), " ")};
}

int VersionsGet(Cli& cli, const Args& args) {
  v1::GetVersionRequest req;
  req.set_name(Named(args.positional[0], "versions/"));
  return Call(cli, &Stub::GetVersion, req);
}

int VersionsList(Cli& cli, const Args&) {
  v1::ListVersionsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListVersions, v1::ListVersionsRequest(), &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : resp.versions()) rows.push_back(VersionRow(v));
  cli.Print(resp, {"VERSION", "EFFECTIVE", "IMPLEMENTS", "SECTIONS"}, rows);
  return 0;
}

int VersionsInForce(Cli& cli, const Args& args) {
  v1::GetVersionInForceRequest req;
  req.set_date(args.positional.empty() ? args.Get("date") : args.positional[0]);
  return Call(cli, &Stub::GetVersionInForce, req);
}

// --- SSC ---

int SscNominate(Cli& cli, const Args& args) {
  v1::NominateSscMemberRequest req;
  v1::SscNomination* n = req.mutable_nomination();
  if (args.Has("party")) n->set_nominating_party(Named(args.Get("party"), "parties/"));
  n->set_nominator_name(args.Get("nominator"));
  n->set_nominator_position(args.Get("position"));
  n->set_nominator_is_senior(args.Has("senior"));
  n->set_nominee(args.Get("nominee"));
  v1::PartyCategory c;
  if (!ParseEnum<v1::PartyCategory>(v1::PartyCategory_Parse, "PARTY_CATEGORY_",
                                    args.Get("category"), &c)) {
    return cli.UsageError("--category: the seat sought, e.g. LARGE_SUPPLIER");
  }
  n->set_nominee_category(c);
  n->set_security_expertise(args.Get("expertise"));
  n->set_nomination_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::NominateSscMember, req);
}

int SscReview(Cli& cli, const Args& args) {
  if (args.Has("accept") == args.Has("reject")) {
    return cli.UsageError("ssc review: give one of --accept or --reject");
  }
  v1::ReviewNominationRequest req;
  req.set_name(Named(args.positional[0], "nominations/"));
  req.set_accept(args.Has("accept"));
  req.set_reason(args.Get("reason"));
  req.set_review_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::ReviewNomination, req);
}

int SscVet(Cli& cli, const Args& args) {
  if (args.Has("passed") == args.Has("failed")) {
    return cli.UsageError("ssc vet: give one of --passed or --failed");
  }
  v1::RecordVettingRequest req;
  req.set_name(Named(args.positional[0], "nominations/"));
  req.set_passed(args.Has("passed"));
  req.set_vetting_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::RecordVetting, req);
}

int SscAppoint(Cli& cli, const Args& args) {
  v1::AppointNominationRequest req;
  req.set_name(Named(args.positional[0], "nominations/"));
  req.set_appointment_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::AppointNomination, req);
}

std::vector<std::string> NominationRow(const v1::SscNomination& n) {
  return {n.name().substr(12),
          n.nominee(),
          ShortEnum(v1::PartyCategory_Name(n.nominee_category()), "PARTY_CATEGORY_"),
          n.nominating_party().substr(8),
          ShortEnum(v1::NominationState_Name(n.state()), "NOMINATION_STATE_"),
          n.vetted() ? (n.vetting_passed() ? "passed" : "failed") : "",
          n.appointment_date(),
          n.term_end()};
}
const std::vector<std::string> kNominationHeader = {"ID",    "NOMINEE", "SEAT",      "PARTY",
                                                    "STATE", "VETTING", "APPOINTED", "TERM_END"};

int SscNominations(Cli& cli, const Args& args) {
  v1::ListNominationsRequest req;
  if (args.Has("state")) {
    v1::NominationState st;
    if (!ParseEnum<v1::NominationState>(v1::NominationState_Parse, "NOMINATION_STATE_",
                                        args.Get("state"), &st)) {
      return cli.UsageError("--state: nominated, accepted, rejected or appointed");
    }
    req.set_state(st);
  }
  v1::ListNominationsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListNominations, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& n : resp.nominations()) rows.push_back(NominationRow(n));
  cli.Print(resp, kNominationHeader, rows);
  return 0;
}

int SscMembers(Cli& cli, const Args& args) {
  v1::ListSscMembersRequest req;
  req.set_date(args.Get("date"));
  v1::ListSscMembersResponse resp;
  grpc::Status s = Send(cli, &Stub::ListSscMembers, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  if (cli.json()) {  // one document for the two tables
    cli.PrintMessage(resp);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& n : resp.members()) rows.push_back(NominationRow(n));
  cli.PrintTable(kNominationHeader, rows);
  std::vector<std::vector<std::string>> seats;
  for (const auto& x : resp.seats()) {
    seats.push_back({ShortEnum(v1::PartyCategory_Name(x.category()), "PARTY_CATEGORY_"),
                     absl::StrCat(x.seats()), absl::StrCat(x.filled())});
  }
  cli.PrintTable({"SEAT", "SEATS", "FILLED"}, seats);
  return 0;
}

// --- DCC assessments ---

int AssessmentsRequest(Cli& cli, const Args& args) {
  v1::RequestAssessmentRequest req;
  req.set_parent(Mod(args.positional[0]));
  v1::AssessmentKind k;
  if (!ParseEnum<v1::AssessmentKind>(v1::AssessmentKind_Parse, "ASSESSMENT_KIND_", args.Get("kind"),
                                     &k)) {
    return cli.UsageError("--kind: preliminary or impact");
  }
  req.set_kind(k);
  req.set_request_date(args.Get("date"));
  req.set_due_date(args.Get("due"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::RequestAssessment, req);
}

int AssessmentsProgress(Cli& cli, const Args& args) {
  v1::RecordAssessmentProgressRequest req;
  req.set_name(Named(args.positional[0], "assessments/"));
  req.set_note(args.Get("note"));
  req.set_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::RecordAssessmentProgress, req);
}

int AssessmentsDeliver(Cli& cli, const Args& args) {
  v1::DeliverAssessmentRequest req;
  req.set_name(Named(args.positional[0], "assessments/"));
  req.set_delivery_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::DeliverAssessment, req);
}

int AssessmentsList(Cli& cli, const Args& args, bool overdue) {
  v1::ListAssessmentsRequest req;
  if (args.Has("modification")) req.set_modification(Mod(args.Get("modification")));
  req.set_overdue_only(overdue);
  req.set_as_of(args.Get("as-of"));
  v1::ListAssessmentsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListAssessments, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : resp.assessments()) {
    rows.push_back({a.name().substr(12), a.modification().substr(14),
                    ShortEnum(v1::AssessmentKind_Name(a.kind()), "ASSESSMENT_KIND_"),
                    a.request_date(), a.due_date(),
                    ShortEnum(v1::AssessmentState_Name(a.state()), "ASSESSMENT_STATE_"),
                    a.delivery_date(), absl::StrCat(a.working_days_late())});
  }
  cli.Print(
      resp,
      {"ID", "MODIFICATION", "KIND", "REQUESTED", "DUE", "STATE", "DELIVERED", "WORKING_DAYS_LATE"},
      rows);
  return 0;
}

int AssessmentsWaive(Cli& cli, const Args& args) {
  v1::WaiveAssessmentRequest req;
  const std::string& id = args.positional[0];
  // An assessment by its number, or every outstanding assessment of a proposal.
  const bool proposal = absl::StartsWith(id, "SECMP") || absl::StartsWith(id, "modifications/");
  req.set_name(proposal ? Mod(id) : Named(id, "assessments/"));
  req.set_meeting(Named(args.Get("meeting"), "meetings/"));
  req.set_reason(args.Get("reason"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::WaiveAssessment, req);
}

// --- impacts and costs ---

// "large_supplier=HIGH" or "dcc=LOW:a note" (the note may hold ':' and '=').
bool ParseImpact(const std::string& text, v1::Impact* out) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos) return false;
  const size_t colon = text.find(':', eq);
  const std::string grade =
      text.substr(eq + 1, colon == std::string::npos ? std::string::npos : colon - eq - 1);
  v1::PartyCategory c = v1::PARTY_CATEGORY_UNSPECIFIED;
  v1::ImpactGrade g = v1::IMPACT_GRADE_UNSPECIFIED;
  if (!ParseCategory(text.substr(0, eq), &c) ||
      !ParseEnum<v1::ImpactGrade>(v1::ImpactGrade_Parse, "IMPACT_GRADE_", grade, &g) ||
      g == v1::IMPACT_GRADE_UNSPECIFIED) {
    return false;
  }
  out->set_category(c);
  out->set_grade(g);
  if (colon != std::string::npos) out->set_note(text.substr(colon + 1));
  return true;
}

int ImpactsSet(Cli& cli, const Args& args) {
  v1::SetImpactsRequest req;
  req.set_name(Mod(args.positional[0]));
  for (const std::string& i : args.repeated("impact")) {
    if (!ParseImpact(i, req.add_impacts())) {
      return cli.UsageError(absl::StrCat("--impact ", i,
                                         ": CATEGORY=GRADE[:note], e.g. large_supplier=HIGH; "
                                         "grades NONE, LOW, MEDIUM, HIGH"));
    }
  }
  if (req.impacts().empty() && !args.Has("clear")) {
    return cli.UsageError("give --impact CATEGORY=GRADE (repeatable), or --clear");
  }
  req.set_etag(args.Get("etag"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::SetImpacts, req);
}

int CostsAdd(Cli& cli, const Args& args) {
  v1::AddCostEstimateRequest req;
  req.set_parent(Mod(args.positional[0]));
  v1::CostKind k;
  if (!ParseEnum<v1::CostKind>(v1::CostKind_Parse, "COST_KIND_", args.Get("kind"), &k) ||
      k == v1::COST_KIND_UNSPECIFIED) {
    return cli.UsageError("--kind: dcc-implementation, secas or other");
  }
  v1::CostEstimate* e = req.mutable_cost_estimate();
  e->set_kind(k);
  e->set_amount_pence(args.GetInt("amount-pence", 0));
  e->set_source(args.Get("source"));
  e->set_estimate_date(args.Get("date"));
  e->set_note(args.Get("note"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::AddCostEstimate, req);
}

int CostsList(Cli& cli, const Args& args) {
  v1::ListCostEstimatesRequest req;
  req.set_parent(Mod(args.positional[0]));
  // Every page carries the totals of all the estimates: the estimates are gathered page by
  // page, the totals kept once.
  v1::ListCostEstimatesResponse resp;
  do {
    v1::ListCostEstimatesResponse page;
    grpc::Status s = Send(cli, &Stub::ListCostEstimates, req, &page);
    if (!s.ok()) return cli.Fail(s);
    for (auto& c : *page.mutable_cost_estimates()) *resp.add_cost_estimates() = std::move(c);
    *resp.mutable_totals() = page.totals();
    resp.set_total_pence(page.total_pence());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : resp.cost_estimates()) {
    rows.push_back({c.name().substr(c.name().rfind('/') + 1),
                    ShortEnum(v1::CostKind_Name(c.kind()), "COST_KIND_"),
                    absl::StrCat(c.amount_pence()), c.estimate_date(), c.source(), c.principal()});
  }
  cli.Print(resp, {"ID", "KIND", "AMOUNT_PENCE", "DATE", "SOURCE", "BY"}, rows);
  if (cli.json()) return 0;
  std::vector<std::vector<std::string>> totals;
  for (const auto& t : resp.totals()) {
    totals.push_back({ShortEnum(v1::CostKind_Name(t.kind()), "COST_KIND_"), absl::StrCat(t.count()),
                      absl::StrCat(t.amount_pence())});
  }
  totals.push_back(
      {"ALL", absl::StrCat(resp.cost_estimates_size()), absl::StrCat(resp.total_pence())});
  cli.PrintTable({"TOTAL", "ESTIMATES", "AMOUNT_PENCE"}, totals);
  return 0;
}

// --- calendar ---

int CalendarLoad(Cli& cli, const Args& args) {
  std::ifstream in(args.positional[0]);
  if (!in) return cli.UsageError(absl::StrCat("cannot read ", args.positional[0]));
  v1::LoadHolidaysRequest req;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view l = absl::StripAsciiWhitespace(line);
    if (l.empty() || l[0] == '#' || absl::StartsWith(l, "date,")) continue;
    std::pair<std::string, std::string> kv = absl::StrSplit(l, absl::MaxSplits(',', 1));
    v1::Holiday* h = req.add_holidays();
    h->set_date(kv.first);
    h->set_name(kv.second);
  }
  req.set_replace(args.Has("replace"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::LoadHolidays, req);
}

int CalendarList(Cli& cli, const Args& args) {
  v1::ListHolidaysRequest req;
  req.set_start_date(args.Get("from"));
  req.set_end_date(args.Get("to"));
  v1::ListHolidaysResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListHolidays, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : resp.holidays()) rows.push_back({h.date(), h.name()});
  cli.Print(resp, {"DATE", "NAME"}, rows);
  return 0;
}

// --- report ---

int ReportStatus(Cli& cli, const Args& args) {
  v1::GetModificationStatusReportRequest req;
  req.set_as_of(args.Get("as-of"));
  req.set_period_start(args.Get("period-start"));
  v1::ModificationStatusReport resp;
  grpc::Status s = Send(cli, &Stub::GetModificationStatusReport, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  switch (cli.output()) {
    case OutputFormat::kJson:
      cli.PrintMessage(resp);
      break;
    case OutputFormat::kCsv:
      cli.out() << RenderReportCsv(resp);
      break;
    case OutputFormat::kTable:
      cli.out() << RenderReportMarkdown(resp);
      break;
  }
  return 0;
}

// The quarterly process metrics: one row per stage, then the implementation figure.
int ReportMetrics(Cli& cli, const Args& args) {
  v1::GetProcessMetricsRequest req;
  req.set_period_start(args.Get("from"));
  req.set_period_end(args.Get("to"));
  v1::ProcessMetrics resp;
  grpc::Status s = Send(cli, &Stub::GetProcessMetrics, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::StageMetrics& m : resp.stages()) {
    rows.push_back({m.stage_title(), absl::StrCat(m.finished()), absl::StrCat(m.median_days()),
                    absl::StrCat(m.p90_days()),
                    m.with_planned_end() == 0
                        ? "no plan"
                        : absl::StrCat(m.on_time(), " of ", m.with_planned_end())});
  }
  rows.push_back({"Raised to implemented", absl::StrCat(resp.implemented()),
                  resp.implemented() == 0 ? "" : absl::StrCat(resp.median_days_to_implement()), "",
                  ""});
  cli.Print(resp, {"STAGE", "FINISHED", "MEDIAN_DAYS", "P90_DAYS", "ON_TIME"}, rows);
  return 0;
}

}  // namespace

std::optional<grpc::Status> RunGovernanceImportStep(Cli& cli, const v1::ImportStep& step) {
  using S = v1::ImportStep;
  switch (step.request_case()) {
    case S::kLoadHolidays: {
      v1::LoadHolidaysResponse r;
      return Send(cli, &Stub::LoadHolidays, step.load_holidays(), &r);
    }
    case S::kCreateMeeting: {
      v1::Meeting r;
      return Send(cli, &Stub::CreateMeeting, step.create_meeting(), &r);
    }
    case S::kAcceptInitialReport: {
      v1::Decision r;
      return Send(cli, &Stub::AcceptInitialReport, step.accept_initial_report(), &r);
    }
    case S::kCompleteRefinement: {
      v1::Decision r;
      return Send(cli, &Stub::CompleteRefinement, step.complete_refinement(), &r);
    }
    case S::kApproveFastTrack: {
      v1::Decision r;
      return Send(cli, &Stub::ApproveFastTrack, step.approve_fast_track(), &r);
    }
    case S::kReferToSecretaryOfState: {
      v1::Decision r;
      return Send(cli, &Stub::ReferToSecretaryOfState, step.refer_to_secretary_of_state(), &r);
    }
    case S::kIssueConsultation: {
      v1::Consultation r;
      return Send(cli, &Stub::IssueConsultation, step.issue_consultation(), &r);
    }
    case S::kRespondToConsultation: {
      v1::ConsultationResponse r;
      return Send(cli, &Stub::RespondToConsultation, step.respond_to_consultation(), &r);
    }
    case S::kCloseConsultation: {
      v1::Consultation r;
      return Send(cli, &Stub::CloseConsultation, step.close_consultation(), &r);
    }
    case S::kCastVote: {
      v1::Vote r;
      return Send(cli, &Stub::CastVote, step.cast_vote(), &r);
    }
    case S::kTallyVotes: {
      v1::TallyResult r;
      return Send(cli, &Stub::TallyVotes, step.tally_votes(), &r);
    }
    case S::kDecideAsAuthority: {
      v1::Decision r;
      return Send(cli, &Stub::DecideAsAuthority, step.decide_as_authority(), &r);
    }
    case S::kDirectAsSecretaryOfState: {
      v1::Decision r;
      return Send(cli, &Stub::DirectAsSecretaryOfState, step.direct_as_secretary_of_state(), &r);
    }
    case S::kDesignateVersion: {
      v1::SecVersion r;
      return Send(cli, &Stub::DesignateVersion, step.designate_version(), &r);
    }
    case S::kNominateSscMember: {
      v1::SscNomination r;
      return Send(cli, &Stub::NominateSscMember, step.nominate_ssc_member(), &r);
    }
    case S::kReviewNomination: {
      v1::SscNomination r;
      return Send(cli, &Stub::ReviewNomination, step.review_nomination(), &r);
    }
    case S::kRecordVetting: {
      v1::SscNomination r;
      return Send(cli, &Stub::RecordVetting, step.record_vetting(), &r);
    }
    case S::kAppointNomination: {
      v1::SscNomination r;
      return Send(cli, &Stub::AppointNomination, step.appoint_nomination(), &r);
    }
    case S::kRequestAssessment: {
      v1::Assessment r;
      return Send(cli, &Stub::RequestAssessment, step.request_assessment(), &r);
    }
    case S::kRecordAssessmentProgress: {
      v1::Assessment r;
      return Send(cli, &Stub::RecordAssessmentProgress, step.record_assessment_progress(), &r);
    }
    case S::kDeliverAssessment: {
      v1::Assessment r;
      return Send(cli, &Stub::DeliverAssessment, step.deliver_assessment(), &r);
    }
    default:
      return std::nullopt;
  }
}

void AddGovernanceCommands(std::vector<Command>* out) {
  const FlagSpec rid = RequestIdFlag();
  const FlagSpec meeting{"meeting", "the Panel meeting, e.g. panel-42"};
  const FlagSpec outcome{"outcome", "the words recorded"};
  const FlagSpec reasons{"reasons", "reasons"};
  const FlagSpec date{"date", "business date YYYY-MM-DD (default today)"};
  const FlagSpec reference{"reference", "the decision or direction's reference"};

  out->push_back({"meetings create",
                  "Record a meeting (SECAS)",
                  "",
                  {{"body", "panel, change-board or ssc"},
                   {"number", "the body's meeting number", FlagKind::kInt},
                   {"date", "YYYY-MM-DD"},
                   {"item", "an item considered (repeatable)", FlagKind::kList},
                   {"comment", "e.g. why the date is assumed"},
                   rid},
                  MeetingsCreate});
  out->push_back({"meetings get", "Show a meeting", "ID", {}, MeetingsGet});
  out->push_back({"meetings list",
                  "List meetings by body and date range",
                  "",
                  {{"body", "panel, change-board or ssc"},
                   {"from", "on or after YYYY-MM-DD"},
                   {"to", "on or before YYYY-MM-DD"}},
                  MeetingsList});
  out->push_back({"meetings next",
                  "The next meeting of a body",
                  "",
                  {{"body", "panel (default), change-board or ssc"},
                   {"after", "after this date (default today)"}},
                  MeetingsNext});

  out->push_back({"decisions accept-imr",
                  "Panel accepts an IMR (sets path, timetable)",
                  "SECMPnnnn",
                  {meeting,
                   {"to", "refinement or report-phase"},
                   {"path", "PATH_1, PATH_2 or PATH_3"},
                   {"target", "timetable entry MILESTONE=YYYY-MM-DD[@STAGE] (repeatable)",
                    FlagKind::kList},
                   outcome,
                   reasons,
                   rid},
                  DecisionsAccept});
  out->push_back({"decisions revise-timetable",
                  "Panel revises a proposal's timetable at a meeting",
                  "SECMPnnnn",
                  {meeting,
                   {"target", "revised entry MILESTONE=YYYY-MM-DD[@STAGE] (repeatable)",
                    FlagKind::kList},
                   reasons,
                   rid},
                  DecisionsReviseTimetable});
  out->push_back({"modifications timetable",
                  "A proposal's stages: planned, revised and actual ends, timeliness",
                  "SECMPnnnn",
                  {{"as-of", "judge timeliness on this day (default today)"}},
                  ModificationsTimetable});
  out->push_back(
      {"decisions refinement-complete",
       "Panel: refinement complete",
       "SECMPnnnn",
       {meeting, outcome, reasons, rid},
       [](Cli& c, const Args& a) { return PanelDecision(c, a, &Stub::CompleteRefinement); }});
  out->push_back(
      {"decisions approve-fast-track",
       "Panel approves a fast-track proposal",
       "SECMPnnnn",
       {meeting, outcome, reasons, rid},
       [](Cli& c, const Args& a) { return PanelDecision(c, a, &Stub::ApproveFastTrack); }});
  out->push_back(
      {"decisions refer",
       "Panel refers a proposal to the Secretary of State (X2.3(d))",
       "SECMPnnnn",
       {meeting, outcome, reasons, rid},
       [](Cli& c, const Args& a) { return PanelDecision(c, a, &Stub::ReferToSecretaryOfState); }});
  out->push_back({"decisions list",
                  "Decisions by meeting and/or proposal",
                  "",
                  {{"meeting", "e.g. panel-42"}, {"modification", "SECMPnnnn"}},
                  DecisionsList});

  out->push_back({"consultations issue",
                  "Issue a Modification Report Consultation",
                  "SECMPnnnn",
                  {{"issued", "issue date (default today)"},
                   {"deadline", "responses by YYYY-MM-DD"},
                   {"contact", "where responses go"},
                   {"respondent", "a category asked to respond, e.g. large_supplier (repeatable)",
                    FlagKind::kList},
                   rid},
                  ConsultationsIssue});
  out->push_back(
      {"consultations get", "Show a proposal's consultation", "SECMPnnnn", {}, ConsultationsGet});
  out->push_back({"consultations respond",
                  "Respond to a consultation (a party; not the DCC)",
                  "SECMPnnnn",
                  {{"party", "party id (default: your own)"},
                   {"position", "support, oppose or comment"},
                   {"text", "the response"},
                   date,
                   rid},
                  ConsultationsRespond});
  out->push_back({"consultations close",
                  "Close a consultation (SECAS; not before the deadline)",
                  "SECMPnnnn",
                  {date, rid},
                  ConsultationsClose});
  out->push_back({"consultations responses",
                  "List a consultation's responses",
                  "SECMPnnnn",
                  {},
                  ConsultationsResponses});

  out->push_back({"votes cast",
                  "Cast or change a Change Board vote",
                  "SECMPnnnn",
                  {{"member", "the member (default: you)"},
                   {"group", "voting group, e.g. LARGE_SUPPLIER"},
                   {"vote", "approve, reject or abstain"},
                   {"reason", "reason"},
                   date,
                   rid},
                  VotesCast});
  out->push_back({"votes list", "Every vote cast on a proposal", "SECMPnnnn", {}, VotesList});
  out->push_back({"votes tally",
                  "Close the vote: Path 3 decides, Path 1/2 recommends",
                  "SECMPnnnn",
                  {{"meeting", "Change Board meeting id"}, date, rid},
                  VotesTally});

  out->push_back({"authority decide",
                  "Authority decision on a Path 1/2 proposal",
                  "SECMPnnnn",
                  {{"outcome", "approve, reject or send-back"}, date, reference, reasons, rid},
                  AuthorityDecide});
  out->push_back({"directions suspend",
                  "Secretary of State: suspend (X2.3(d))",
                  "SECMPnnnn",
                  {date, reference, reasons, rid},
                  [](Cli& c, const Args& a) { return Direction(c, a, v1::DIRECTION_SUSPEND); }});
  out->push_back(
      {"directions lift",
       "Secretary of State: lift a suspension",
       "SECMPnnnn",
       {date, reference, reasons, rid},
       [](Cli& c, const Args& a) { return Direction(c, a, v1::DIRECTION_LIFT_SUSPENSION); }});
  out->push_back({"directions cancel",
                  "Secretary of State: cancel (X2.3(d))",
                  "SECMPnnnn",
                  {date, reference, reasons, rid},
                  [](Cli& c, const Args& a) { return Direction(c, a, v1::DIRECTION_CANCEL); }});

  out->push_back(
      {"versions designate",
       "Designate an SEC version (SECAS)",
       "NUMBER",
       {{"effective", "effective date YYYY-MM-DD"},
        {"implements", "an approved proposal it implements (repeatable)", FlagKind::kList},
        {"section", "a section it amends (repeatable)", FlagKind::kList},
        {"comment", "comment"},
        rid},
       VersionsDesignate});
  out->push_back({"versions get", "Show an SEC version", "NUMBER", {}, VersionsGet});
  out->push_back({"versions list", "SEC versions by effective date", "", {}, VersionsList});
  out->push_back(
      {"versions in-force", "The version in force on a date", "[DATE]", {date}, VersionsInForce});

  out->push_back({"ssc nominate",
                  "Nominate a Security Sub-Committee member",
                  "",
                  {{"party", "nominating party (default: your own)"},
                   {"nominator", "nominator's name"},
                   {"position", "nominator's position"},
                   {"senior", "the position is a relevant senior one", FlagKind::kSwitch},
                   {"nominee", "the nominee"},
                   {"category", "the seat sought, e.g. LARGE_SUPPLIER"},
                   {"expertise", "statement of security expertise"},
                   date,
                   rid},
                  SscNominate});
  out->push_back({"ssc review",
                  "SSC review of a nominee",
                  "ID",
                  {{"accept", "accept", FlagKind::kSwitch},
                   {"reject", "reject", FlagKind::kSwitch},
                   {"reason", "why rejected"},
                   date,
                   rid},
                  SscReview});
  out->push_back({"ssc vet",
                  "Record security vetting",
                  "ID",
                  {{"passed", "vetting passed", FlagKind::kSwitch},
                   {"failed", "vetting failed", FlagKind::kSwitch},
                   date,
                   rid},
                  SscVet});
  out->push_back(
      {"ssc appoint", "Appoint an accepted, vetted nominee", "ID", {date, rid}, SscAppoint});
  out->push_back({"ssc nominations",
                  "List nominations",
                  "",
                  {{"state", "nominated, accepted, rejected or appointed"}},
                  SscNominations});
  out->push_back(
      {"ssc members", "Members sitting on a date and the seats", "", {date}, SscMembers});

  out->push_back({"assessments request",
                  "Request a DCC Preliminary or Impact Assessment",
                  "SECMPnnnn",
                  {{"kind", "preliminary or impact"},
                   date,
                   {"due", "explicit due date (default: standard working days)"},
                   rid},
                  AssessmentsRequest});
  out->push_back({"assessments progress",
                  "Record a progress update (DCC)",
                  "ID",
                  {{"note", "the update"}, date, rid},
                  AssessmentsProgress});
  out->push_back(
      {"assessments deliver", "Record delivery (DCC)", "ID", {date, rid}, AssessmentsDeliver});
  out->push_back({"assessments list",
                  "DCC assessments",
                  "",
                  {{"modification", "SECMPnnnn"}, {"as-of", "lateness as of (default today)"}},
                  [](Cli& c, const Args& a) { return AssessmentsList(c, a, false); }});
  out->push_back({"assessments overdue",
                  "DCC assessments overdue on a date",
                  "",
                  {{"modification", "SECMPnnnn"}, {"as-of", "YYYY-MM-DD (default today)"}},
                  [](Cli& c, const Args& a) { return AssessmentsList(c, a, true); }});

  out->push_back({"assessments waive",
                  "Panel: go ahead without an outstanding assessment (ID, or all of SECMPnnnn)",
                  "ID|SECMPnnnn",
                  {meeting, {"reason", "why (required)"}, rid},
                  AssessmentsWaive});

  out->push_back(
      {"modifications impacts set",
       "Grade a proposal's impact per party category (Panel or SECAS)",
       "SECMPnnnn",
       {{"impact", "CATEGORY=GRADE[:note], e.g. large_supplier=HIGH (repeatable)", FlagKind::kList},
        {"clear", "remove every grade", FlagKind::kSwitch},
        {"etag", "the etag read (stale: ABORTED)"},
        rid},
       ImpactsSet});
  out->push_back({"modifications costs add",
                  "Record a cost estimate (SECAS; the DCC its implementation cost)",
                  "SECMPnnnn",
                  {{"kind", "dcc-implementation, secas or other"},
                   {"amount-pence", "the estimate in pence", FlagKind::kInt},
                   {"source", "where the figure comes from, e.g. \"DCC Impact Assessment\""},
                   {"date", "the estimate's date YYYY-MM-DD"},
                   {"note", "free text"},
                   rid},
                  CostsAdd});
  out->push_back({"modifications costs list",
                  "A proposal's cost estimates and their totals",
                  "SECMPnnnn",
                  {},
                  CostsList});

  out->push_back({"calendar load",
                  "Load holidays from a CSV file (SECAS)",
                  "FILE",
                  {rid, {"replace", "the file becomes the whole calendar", FlagKind::kSwitch}},
                  CalendarLoad});
  out->push_back({"calendar list",
                  "List the calendar's holidays",
                  "",
                  {{"from", "YYYY-MM-DD"}, {"to", "YYYY-MM-DD"}},
                  CalendarList});

  out->push_back({"report status",
                  "The Modification Status Report (-o table: Markdown)",
                  "",
                  {{"as-of", "YYYY-MM-DD (default today)"},
                   {"period-start", "default: the same day of the previous month"}},
                  ReportStatus});
  out->push_back({"report metrics",
                  "Process metrics over a period: per stage the proposals finished, median and "
                  "90th-percentile days (nearest rank) and how many by their planned end",
                  "",
                  {{"from", "the period's first day YYYY-MM-DD (required)"},
                   {"to", "the period's last day YYYY-MM-DD (required)"}},
                  ReportMetrics});
}

}  // namespace sec::cli
