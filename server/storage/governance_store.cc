#include "storage/governance_store.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "storage/columns.h"
#include "storage/governance_queries.h"
#include "storage/register_store.h"

namespace sec::storage {
namespace {

const GovernanceQueries& Q(Tx& tx) { return *tx.dialect().gov; }

absl::StatusOr<Meeting> MeetingFromRow(const SqlRow& r) {
  Meeting m;
  m.id = r.Str(0);
  if (!ParseBody(r.Str(1), &m.body)) return Corrupt("meeting body", r.Str(1));
  m.number = static_cast<int>(r.Int(2));
  absl::StatusOr<Date> d = StoredDate(r.Str(3), "meeting day");
  if (!d.ok()) return d.status();
  m.day = *d;
  m.items = DecodeList(r.Str(4));
  m.comment = r.Str(5);
  m.create_time_us = r.Int(6);
  return m;
}

// Timetable entries as "milestone\ttarget" items of one list column, then "\tSTAGE" when the
// entry plans a stage's end (rows written before stages existed have none).
std::string EncodeTimetable(const std::vector<TimetableEntry>& t) {
  std::vector<std::string> items;
  for (const TimetableEntry& e : t) {
    items.push_back(
        absl::StrCat(e.milestone, "\t", FormatDate(e.target),
                     e.stage.has_value() ? absl::StrCat("\t", StatusCode(*e.stage)) : ""));
  }
  return EncodeList(items);
}

absl::StatusOr<std::vector<TimetableEntry>> DecodeTimetable(const std::string& text) {
  std::vector<TimetableEntry> out;
  for (const std::string& item : DecodeList(text)) {
    std::vector<std::string> parts = absl::StrSplit(item, '\t');
    TimetableEntry e;
    ModStatus stage;
    if (parts.size() >= 3 && ParseStatus(parts.back(), &stage)) {
      e.stage = stage;
      parts.pop_back();
    }
    absl::StatusOr<Date> d = StoredDate(parts.back(), "timetable date");
    if (!d.ok()) return d.status();
    e.target = *d;
    parts.pop_back();
    e.milestone = absl::StrJoin(parts, "\t");
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<Decision> DecisionFromRow(const SqlRow& r) {
  Decision d;
  d.id = r.Int(0);
  d.meeting = r.Str(1);
  d.modification = r.Str(2);
  d.kind = r.Str(3);
  d.outcome = r.Str(4);
  d.reasons = r.Str(5);
  d.reference = r.Str(6);
  absl::StatusOr<Date> day = StoredDate(r.Str(7), "decision date");
  if (!day.ok()) return day.status();
  d.day = *day;
  if (!ParseStatus(r.Str(8), &d.status)) return Corrupt("decision status", r.Str(8));
  if (!ParsePath(r.Str(9), &d.path)) d.path = ModPath::kUnset;
  absl::StatusOr<std::vector<TimetableEntry>> t = DecodeTimetable(r.Str(10));
  if (!t.ok()) return t.status();
  d.timetable = *std::move(t);
  d.record_time_us = r.Int(11);
  return d;
}

absl::StatusOr<Consultation> ConsultationFromRow(const SqlRow& r) {
  Consultation c;
  c.modification = r.Str(0);
  c.round = static_cast<int>(r.Int(1));
  absl::StatusOr<Date> issue = StoredDate(r.Str(2), "consultation issue date");
  if (!issue.ok()) return issue.status();
  absl::StatusOr<Date> deadline = StoredDate(r.Str(3), "consultation deadline");
  if (!deadline.ok()) return deadline.status();
  c.issue = *issue;
  c.deadline = *deadline;
  c.contact = r.Str(4);
  c.open = r.Str(5) == "OPEN";
  absl::StatusOr<std::optional<Date>> closed = OptDateCol(r, 6, "consultation close date");
  if (!closed.ok()) return closed.status();
  c.closed = *closed;
  c.version = r.Int(7);
  for (const std::string& code : DecodeList(r.Str(8))) {
    PartyCategory cat;
    if (!ParseCategory(code, &cat)) return Corrupt("consultation respondent category", code);
    c.respondent_categories.push_back(cat);
  }
  return c;
}

std::string CategoryList(const std::vector<PartyCategory>& categories) {
  std::vector<std::string> codes;
  for (PartyCategory c : categories) codes.push_back(CategoryCode(c));
  return EncodeList(codes);
}

absl::StatusOr<CostEstimate> CostFromRow(const SqlRow& r) {
  CostEstimate e;
  e.id = r.Int(0);
  e.modification = r.Str(1);
  if (!ParseCostKind(r.Str(2), &e.kind)) return Corrupt("cost estimate kind", r.Str(2));
  e.amount_pence = r.Int(3);
  e.source = r.Str(4);
  SEC_ASSIGN_OR_RETURN(e.estimate_date, DateCol(r, 5, "cost estimate date"));
  e.note = r.Str(6);
  e.principal = r.Str(7);
  e.create_time_us = r.Int(8);
  return e;
}

absl::StatusOr<AssessmentWaiver> WaiverFromRow(const SqlRow& r) {
  AssessmentWaiver w;
  w.assessment_id = r.Int(0);
  w.modification = r.Str(1);
  w.decision_id = r.Int(2);
  SEC_ASSIGN_OR_RETURN(w.day, DateCol(r, 3, "waiver date"));
  w.reason = r.Str(4);
  return w;
}

absl::StatusOr<ConsultationResponse> ResponseFromRow(const SqlRow& r) {
  ConsultationResponse x;
  x.modification = r.Str(0);
  x.round = static_cast<int>(r.Int(1));
  x.party = r.Str(2);
  if (!ParsePosition(r.Str(3), &x.position)) return Corrupt("response position", r.Str(3));
  x.text = r.Str(4);
  absl::StatusOr<Date> d = StoredDate(r.Str(5), "response date");
  if (!d.ok()) return d.status();
  x.day = *d;
  x.principal = r.Str(6);
  return x;
}

absl::StatusOr<RecordedVote> VoteFromRow(const SqlRow& r) {
  RecordedVote v;
  v.sequence = r.Int(0);
  v.modification = r.Str(1);
  v.round = static_cast<int>(r.Int(2));
  v.vote.member = r.Str(3);
  if (!ParseCategory(r.Str(4), &v.vote.voting_group)) {
    return absl::DataLossError(absl::StrCat("vote ", v.sequence, ": unknown group ", r.Str(4)));
  }
  if (!ParseVoteChoice(r.Str(5), &v.vote.choice)) {
    return absl::DataLossError(absl::StrCat("vote ", v.sequence, ": unknown choice ", r.Str(5)));
  }
  v.vote.reason = r.Str(6);
  absl::StatusOr<Date> d = StoredDate(r.Str(7), "vote date");
  if (!d.ok()) return d.status();
  v.day = *d;
  return v;
}

absl::StatusOr<SecVersion> VersionFromRow(const SqlRow& r) {
  SecVersion v;
  v.number = r.Str(0);
  absl::StatusOr<Date> d = StoredDate(r.Str(1), "version effective date");
  if (!d.ok()) return d.status();
  v.effective = *d;
  v.implements = DecodeList(r.Str(2));
  v.sections = DecodeList(r.Str(3));
  v.comment = r.Str(4);
  v.create_time_us = r.Int(5);
  return v;
}

absl::StatusOr<StoredNomination> NominationFromRow(const SqlRow& r) {
  StoredNomination row;
  row.id = r.Int(0);
  SscNomination& n = row.nomination;
  n.nominating_party = r.Str(1);
  n.nominator_name = r.Str(2);
  n.nominator_position = r.Str(3);
  n.nominator_is_senior = r.Int(4) != 0;
  n.nominee = r.Str(5);
  if (!ParseCategory(r.Str(6), &n.nominee_category)) {
    return absl::DataLossError(absl::StrCat("nomination ", row.id, ": unknown category"));
  }
  n.security_expertise = r.Str(7);
  absl::StatusOr<Date> on = StoredDate(r.Str(8), "nomination date");
  if (!on.ok()) return on.status();
  n.nominated_on = *on;
  if (!ParseNominationState(r.Str(9), &n.state)) {
    return absl::DataLossError(absl::StrCat("nomination ", row.id, ": unknown state"));
  }
  n.rejection_reason = r.Str(10);
  if (r.Int(11) != 0) {
    absl::StatusOr<Date> vd = StoredDate(r.Str(13), "vetting date");
    if (!vd.ok()) return vd.status();
    n.vetting = Vetting{r.Int(12) != 0, *vd};
  }
  absl::StatusOr<std::optional<Date>> appointed = OptDateCol(r, 14, "appointment date");
  if (!appointed.ok()) return appointed.status();
  n.appointed_on = *appointed;
  absl::StatusOr<std::optional<Date>> term_end = OptDateCol(r, 15, "term end");
  if (!term_end.ok()) return term_end.status();
  n.term_end = *term_end;
  row.version = r.Int(16);
  return row;
}

// Progress updates as "date\tnote" items of one list column.
absl::StatusOr<StoredDccAssessment> AssessmentFromRow(const SqlRow& r) {
  StoredDccAssessment row;
  row.id = r.Int(0);
  DccAssessment& a = row.assessment;
  a.modification = r.Str(1);
  if (!ParseAssessmentKind(r.Str(2), &a.kind) || !ParseAssessmentState(r.Str(6), &a.state)) {
    return absl::DataLossError(absl::StrCat("assessment ", row.id, ": unknown kind or state"));
  }
  absl::StatusOr<Date> req = StoredDate(r.Str(3), "request date");
  if (!req.ok()) return req.status();
  absl::StatusOr<Date> due = StoredDate(r.Str(4), "due date");
  if (!due.ok()) return due.status();
  a.requested_on = *req;
  a.due_on = *due;
  a.due_explicit = r.Int(5) != 0;
  for (const std::string& item : DecodeList(r.Str(7))) {
    std::pair<std::string, std::string> kv = absl::StrSplit(item, absl::MaxSplits('\t', 1));
    absl::StatusOr<Date> d = StoredDate(kv.first, "progress date");
    if (!d.ok()) return d.status();
    a.updates.push_back({*d, kv.second});
  }
  absl::StatusOr<std::optional<Date>> delivered = OptDateCol(r, 8, "delivery date");
  if (!delivered.ok()) return delivered.status();
  a.delivered_on = *delivered;
  row.version = r.Int(9);
  return row;
}

std::string EncodeUpdates(const std::vector<ProgressUpdate>& updates) {
  std::vector<std::string> items;
  for (const ProgressUpdate& u : updates)
    items.push_back(absl::StrCat(FormatDate(u.date), "\t", u.note));
  return EncodeList(items);
}

}  // namespace

absl::Status InsertMeeting(Tx& tx, const Meeting& m) {
  auto s = tx.Exec(Q(tx).insert_meeting,
                   {m.id, std::string(BodyCode(m.body)), int64_t{m.number}, FormatDate(m.day),
                    EncodeList(m.items), m.comment, m.create_time_us});
  if (absl::IsAlreadyExists(s.status())) {
    return absl::AlreadyExistsError(absl::StrCat("meeting meetings/", m.id, " already exists"));
  }
  return s.status();
}

absl::StatusOr<Meeting> GetMeeting(Tx& tx, const std::string& id) {
  absl::StatusOr<SqlRow> row =
      tx.QueryOne(Q(tx).select_meeting, {id}, absl::StrCat("meeting meetings/", id));
  if (!row.ok()) return row.status();
  return MeetingFromRow(*row);
}

absl::StatusOr<std::vector<Meeting>> ListMeetings(Tx& tx, const MeetingQuery& q) {
  // Without a cursor, start before every real row: day "" sorts before any date.
  const std::string after_day = q.after ? FormatDate(q.after->first) : "";
  const std::string after_id = q.after ? q.after->second : "";
  const std::string body = q.body ? BodyCode(*q.body) : "";
  return MapRows<Meeting>(
      tx.Query(Q(tx).list_meetings, {body, body, FormatDate(q.start), FormatDate(q.end), after_day,
                                     after_day, after_id, int64_t{q.limit}}),
      MeetingFromRow);
}

absl::StatusOr<std::optional<Meeting>> NextMeeting(Tx& tx, MeetingBody body, Date day) {
  absl::StatusOr<std::vector<Meeting>> rows = MapRows<Meeting>(
      tx.Query(Q(tx).next_meeting, {std::string(BodyCode(body)), FormatDate(day)}), MeetingFromRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Meeting>();
  return std::optional<Meeting>(rows->front());
}

absl::StatusOr<std::vector<Meeting>> ListBodyMeetings(Tx& tx, MeetingBody body) {
  return MapRows<Meeting>(tx.Query(Q(tx).list_body_meetings, {std::string(BodyCode(body))}),
                          MeetingFromRow);
}

absl::Status InsertDecision(Tx& tx, Decision& d) {
  absl::StatusOr<int64_t> id = NextCounter(tx, "decision_id");
  if (!id.ok()) return id.status();
  d.id = *id;
  return tx
      .Exec(Q(tx).insert_decision,
            {d.id, d.meeting, d.modification, d.kind, d.outcome, d.reasons, d.reference,
             FormatDate(d.day), std::string(StatusCode(d.status)), std::string(PathCode(d.path)),
             EncodeTimetable(d.timetable), d.record_time_us})
      .status();
}

absl::StatusOr<std::vector<Decision>> ListDecisions(Tx& tx, const std::string& meeting,
                                                    const std::string& modification) {
  return MapRows<Decision>(
      tx.Query(Q(tx).list_decisions, {meeting, meeting, modification, modification}),
      DecisionFromRow);
}

absl::StatusOr<std::optional<Consultation>> FindConsultation(Tx& tx,
                                                             const std::string& modification) {
  absl::StatusOr<std::vector<Consultation>> rows = MapRows<Consultation>(
      tx.Query(Q(tx).select_consultation, {modification}), ConsultationFromRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Consultation>();
  return std::optional<Consultation>(rows->front());
}

absl::Status InsertConsultation(Tx& tx, const Consultation& c) {
  return tx
      .Exec(Q(tx).insert_consultation,
            {c.modification, int64_t{c.round}, FormatDate(c.issue), FormatDate(c.deadline),
             c.contact, std::string(c.open ? "OPEN" : "CLOSED"), OptDate(c.closed), c.version,
             CategoryList(c.respondent_categories)})
      .status();
}

absl::Status UpdateConsultation(Tx& tx, const Consultation& c, int64_t expected_version) {
  return AbortedIfStale(
      tx.Exec(Q(tx).update_consultation,
              {int64_t{c.round}, FormatDate(c.issue), FormatDate(c.deadline), c.contact,
               std::string(c.open ? "OPEN" : "CLOSED"), OptDate(c.closed), c.version,
               CategoryList(c.respondent_categories), c.modification, expected_version}),
      absl::StrCat("consultation modifications/", c.modification, "/consultation"));
}

absl::StatusOr<std::vector<Consultation>> ListConsultations(Tx& tx) {
  return MapRows<Consultation>(tx.Query(Q(tx).list_consultations, {}), ConsultationFromRow);
}

absl::Status PutResponse(Tx& tx, const ConsultationResponse& r) {
  if (auto s = tx.Exec(Q(tx).delete_response, {r.modification, int64_t{r.round}, r.party});
      !s.ok()) {
    return s.status();
  }
  return tx
      .Exec(Q(tx).insert_response,
            {r.modification, int64_t{r.round}, r.party, std::string(PositionCode(r.position)),
             r.text, FormatDate(r.day), r.principal})
      .status();
}

absl::StatusOr<std::vector<ConsultationResponse>> ListResponses(Tx& tx,
                                                                const std::string& modification,
                                                                int round) {
  return MapRows<ConsultationResponse>(
      tx.Query(Q(tx).list_responses, {modification, int64_t{round}}), ResponseFromRow);
}

absl::StatusOr<int> CountResponses(Tx& tx, const std::string& modification, int round) {
  absl::StatusOr<SqlRow> row =
      tx.QueryOne(Q(tx).count_responses, {modification, int64_t{round}}, "response count");
  if (!row.ok()) return row.status();
  return static_cast<int>(row->Int(0));
}

absl::Status InsertVote(Tx& tx, RecordedVote& v) {
  absl::StatusOr<int64_t> seq = NextCounter(tx, "vote_seq");
  if (!seq.ok()) return seq.status();
  v.sequence = *seq;
  return tx
      .Exec(Q(tx).insert_vote,
            {v.sequence, v.modification, int64_t{v.round}, v.vote.member,
             std::string(CategoryCode(v.vote.voting_group)),
             std::string(VoteChoiceCode(v.vote.choice)), v.vote.reason, FormatDate(v.day)})
      .status();
}

absl::StatusOr<std::vector<RecordedVote>> ListVotes(Tx& tx, const std::string& modification,
                                                    int round) {
  return MapRows<RecordedVote>(tx.Query(Q(tx).list_votes, {modification, int64_t{round}}),
                               VoteFromRow);
}

absl::Status InsertVersion(Tx& tx, const SecVersion& v) {
  auto s =
      tx.Exec(Q(tx).insert_version, {v.number, FormatDate(v.effective), EncodeList(v.implements),
                                     EncodeList(v.sections), v.comment, v.create_time_us});
  if (absl::IsAlreadyExists(s.status())) {
    return absl::AlreadyExistsError(
        absl::StrCat("SEC version versions/", v.number, " is already designated"));
  }
  return s.status();
}

absl::StatusOr<SecVersion> GetVersion(Tx& tx, const std::string& number) {
  absl::StatusOr<SqlRow> row =
      tx.QueryOne(Q(tx).select_version, {number}, absl::StrCat("SEC version versions/", number));
  if (!row.ok()) return row.status();
  return VersionFromRow(*row);
}

absl::StatusOr<std::vector<SecVersion>> ListVersions(Tx& tx) {
  return MapRows<SecVersion>(tx.Query(Q(tx).list_versions, {}), VersionFromRow);
}

// The domain decides which version is in force (sec_version.h); the SEC has a few dozen.
absl::StatusOr<std::optional<SecVersion>> VersionInForce(Tx& tx, Date day) {
  absl::StatusOr<std::vector<SecVersion>> versions = ListVersions(tx);
  if (!versions.ok()) return versions.status();
  return sec::VersionInForce(*versions, day);
}

absl::Status InsertNomination(Tx& tx, StoredNomination& row) {
  absl::StatusOr<int64_t> id = NextCounter(tx, "nomination_id");
  if (!id.ok()) return id.status();
  row.id = *id;
  const SscNomination& n = row.nomination;
  return tx
      .Exec(
          Q(tx).insert_nomination,
          {row.id, n.nominating_party, n.nominator_name, n.nominator_position,
           int64_t{n.nominator_is_senior}, n.nominee, std::string(CategoryCode(n.nominee_category)),
           n.security_expertise, FormatDate(n.nominated_on),
           std::string(NominationStateCode(n.state)), n.rejection_reason,
           int64_t{n.vetting.has_value()}, int64_t{n.vetting.has_value() && n.vetting->passed},
           OptDate(n.vetting ? std::optional<Date>(n.vetting->date) : std::nullopt),
           OptDate(n.appointed_on), OptDate(n.term_end), row.version})
      .status();
}

absl::StatusOr<StoredNomination> GetNomination(Tx& tx, int64_t id) {
  absl::StatusOr<SqlRow> row =
      tx.QueryOne(Q(tx).select_nomination, {id}, absl::StrCat("nomination nominations/", id));
  if (!row.ok()) return row.status();
  return NominationFromRow(*row);
}

absl::Status UpdateNomination(Tx& tx, const StoredNomination& row, int64_t expected_version) {
  const SscNomination& n = row.nomination;
  return AbortedIfStale(
      tx.Exec(
          Q(tx).update_nomination,
          {std::string(NominationStateCode(n.state)), n.rejection_reason,
           int64_t{n.vetting.has_value()}, int64_t{n.vetting.has_value() && n.vetting->passed},
           OptDate(n.vetting ? std::optional<Date>(n.vetting->date) : std::nullopt),
           OptDate(n.appointed_on), OptDate(n.term_end), row.version, row.id, expected_version}),
      absl::StrCat("nomination nominations/", row.id));
}

absl::StatusOr<std::vector<StoredNomination>> ListNominations(Tx& tx,
                                                              std::optional<NominationState> s) {
  const std::string state = s ? NominationStateCode(*s) : "";
  return MapRows<StoredNomination>(tx.Query(Q(tx).list_nominations, {state, state}),
                                   NominationFromRow);
}

absl::Status InsertAssessment(Tx& tx, StoredDccAssessment& row) {
  absl::StatusOr<int64_t> id = NextCounter(tx, "assessment_id");
  if (!id.ok()) return id.status();
  row.id = *id;
  const DccAssessment& a = row.assessment;
  return tx
      .Exec(Q(tx).insert_assessment,
            {row.id, a.modification, std::string(AssessmentKindCode(a.kind)),
             FormatDate(a.requested_on), FormatDate(a.due_on), int64_t{a.due_explicit},
             std::string(AssessmentStateCode(a.state)), EncodeUpdates(a.updates),
             OptDate(a.delivered_on), row.version})
      .status();
}

absl::StatusOr<StoredDccAssessment> GetAssessment(Tx& tx, int64_t id) {
  absl::StatusOr<SqlRow> row =
      tx.QueryOne(Q(tx).select_assessment, {id}, absl::StrCat("assessment assessments/", id));
  if (!row.ok()) return row.status();
  return AssessmentFromRow(*row);
}

absl::Status UpdateAssessment(Tx& tx, const StoredDccAssessment& row, int64_t expected_version) {
  const DccAssessment& a = row.assessment;
  return AbortedIfStale(
      tx.Exec(Q(tx).update_assessment,
              {std::string(AssessmentStateCode(a.state)), EncodeUpdates(a.updates),
               OptDate(a.delivered_on), row.version, row.id, expected_version}),
      absl::StrCat("assessment assessments/", row.id));
}

absl::StatusOr<std::vector<StoredDccAssessment>> ListAssessments(Tx& tx,
                                                                 const std::string& modification) {
  return MapRows<StoredDccAssessment>(
      tx.Query(Q(tx).list_assessments, {modification, modification}), AssessmentFromRow);
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListPartyNames(Tx& tx) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(Q(tx).list_party_names, {});
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, std::string>> out;
  for (const SqlRow& r : *rows) out.emplace_back(r.Str(0), r.Str(1));
  return out;
}

absl::StatusOr<std::vector<StatusChange>> StatusHistory(Tx& tx, const std::string& reference) {
  std::vector<StatusChange> out;
  constexpr int kPage = 1000;
  for (int64_t after = 0;;) {
    SEC_ASSIGN_OR_RETURN(std::vector<StoredEvent> events,
                         ListEventsForResource(tx, ModificationName(reference), after, kPage));
    for (const StoredEvent& e : events) {
      ModStatus status;
      if (!e.status.has_value() || !ParseStatus(*e.status, &status)) continue;
      SEC_ASSIGN_OR_RETURN(Date day, StoredDate(e.effective_date, "event date"));
      out.push_back({day, status});
    }
    if (static_cast<int>(events.size()) < kPage) return out;
    after = events.back().sequence;
  }
}

absl::StatusOr<StatusReportInput> LoadStatusReportInput(Tx& tx) {
  StatusReportInput in;
  absl::StatusOr<std::vector<SqlRow>> props = tx.Query(Q(tx).list_report_proposals, {});
  if (!props.ok()) return props.status();
  absl::flat_hash_map<std::string, size_t> index;
  for (const SqlRow& r : *props) {
    ReportProposal p;
    p.reference = r.Str(0);
    p.title = r.Str(1);
    p.proposer = r.Str(2);
    absl::StatusOr<Date> raised = StoredDate(r.Str(3), "date raised");
    if (!raised.ok()) return raised.status();
    p.date_raised = *raised;
    index[p.reference] = in.proposals.size();
    in.proposals.push_back(std::move(p));
  }
  // Status history from the append-only events, in sequence order: as-of reports then reflect
  // only what was effective by their date.
  absl::StatusOr<std::vector<SqlRow>> events = tx.Query(Q(tx).list_status_events, {});
  if (!events.ok()) return events.status();
  for (const SqlRow& r : *events) {
    absl::string_view ref = r.Str(0);
    if (!absl::ConsumePrefix(&ref, "modifications/") || absl::StrContains(ref, '/')) continue;
    auto it = index.find(ref);
    if (it == index.end()) continue;
    StatusChange c;
    absl::StatusOr<Date> d = StoredDate(r.Str(1), "event date");
    if (!d.ok()) return d.status();
    c.effective = *d;
    if (!ParseStatus(r.Str(2), &c.status)) {
      return absl::DataLossError(absl::StrCat("event of ", ref, ": unknown status ", r.Str(2)));
    }
    in.proposals[it->second].history.push_back(c);
  }
  absl::StatusOr<std::vector<SecVersion>> versions = ListVersions(tx);
  if (!versions.ok()) return versions.status();
  for (const SecVersion& v : *versions) {
    in.versions.push_back({v.number, v.effective, v.implements, v.sections});
  }
  absl::StatusOr<std::vector<Meeting>> meetings = ListBodyMeetings(tx, MeetingBody::kPanel);
  if (!meetings.ok()) return meetings.status();
  for (const Meeting& m : *meetings) in.meetings.push_back({m.id, m.body, m.number, m.day});
  absl::StatusOr<std::vector<Decision>> decisions = ListDecisions(tx, "", "");
  if (!decisions.ok()) return decisions.status();
  for (const Decision& d : *decisions) {
    if (d.meeting.empty()) continue;
    in.decisions.push_back({d.meeting, d.modification, d.kind, d.outcome});
  }
  absl::StatusOr<std::vector<Consultation>> consultations = ListConsultations(tx);
  if (!consultations.ok()) return consultations.status();
  for (const Consultation& c : *consultations) {
    in.consultations.push_back({c.modification, c.issue, c.deadline, c.contact});
  }
  return in;
}

absl::Status InsertCostEstimate(Tx& tx, CostEstimate& e) {
  SEC_ASSIGN_OR_RETURN(e.id, NextCounter(tx, "cost_estimate_id"));
  return tx
      .Exec(Q(tx).insert_cost_estimate,
            {e.id, e.modification, std::string(CostKindCode(e.kind)), e.amount_pence, e.source,
             FormatDate(e.estimate_date), e.note, e.principal, e.create_time_us})
      .status();
}

absl::StatusOr<std::vector<CostEstimate>> ListCostEstimates(Tx& tx,
                                                            const std::string& modification) {
  return MapRows<CostEstimate>(tx.Query(Q(tx).list_cost_estimates, {modification}), CostFromRow);
}

absl::Status InsertWaiver(Tx& tx, const AssessmentWaiver& w) {
  return tx
      .Exec(Q(tx).insert_waiver,
            {w.assessment_id, w.modification, w.decision_id, FormatDate(w.day), w.reason})
      .status();
}

absl::StatusOr<std::vector<AssessmentWaiver>> ListWaivers(Tx& tx, const std::string& modification) {
  return MapRows<AssessmentWaiver>(tx.Query(Q(tx).list_waivers, {modification}), WaiverFromRow);
}

}  // namespace sec::storage
