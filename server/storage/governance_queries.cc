#include "storage/governance_queries.h"

#include "storage/dialect.h"

namespace sec::storage {
namespace {

#define SEC_MEETING_COLUMNS "id, body, number, day, items, comment, create_time"
#define SEC_DECISION_COLUMNS                                                              \
  "id, meeting, modification, kind, outcome, reasons, reference, decision_date, status, " \
  "path, timetable, record_time"
#define SEC_CONSULTATION_COLUMNS                                                     \
  "modification, round, issue_date, deadline, contact, state, close_date, version, " \
  "respondent_categories"
#define SEC_VERSION_COLUMNS "number, effective_date, implements, sections, comment, create_time"
#define SEC_NOMINATION_COLUMNS                                                               \
  "id, nominating_party, nominator_name, nominator_position, nominator_is_senior, nominee, " \
  "nominee_category, security_expertise, nominated_on, state, rejection_reason, vetted, "    \
  "vetting_passed, vetting_date, appointed_on, term_end, version"
#define SEC_COST_COLUMNS \
  "id, modification, kind, amount_pence, source, estimate_date, note, principal, create_time"
#define SEC_WAIVER_COLUMNS "assessment_id, modification, decision_id, waive_date, reason"
#define SEC_ASSESSMENT_COLUMNS                                                   \
  "id, modification, kind, requested_on, due_on, due_explicit, state, updates, " \
  "delivered_on, version"

// The statements are plain SQL both backends accept; each backend keeps its own copy so either
// can diverge (hints, upserts) without touching the other.
GovernanceQueries Make() {
  GovernanceQueries q;
  q.insert_meeting =
      "INSERT INTO meetings (id, body, number, day, items, comment, create_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)";
  q.select_meeting = "SELECT " SEC_MEETING_COLUMNS " FROM meetings WHERE id = ?";
  q.list_meetings = "SELECT " SEC_MEETING_COLUMNS
                    " FROM meetings WHERE (? = '' OR body = ?) AND day >= ? AND day <= ? "
                    "AND (day > ? OR (day = ? AND id > ?)) ORDER BY day, id LIMIT ?";
  q.next_meeting = "SELECT " SEC_MEETING_COLUMNS
                   " FROM meetings WHERE body = ? AND day > ? ORDER BY day, id LIMIT 1";
  q.list_body_meetings =
      "SELECT " SEC_MEETING_COLUMNS " FROM meetings WHERE body = ? ORDER BY day, id";

  q.insert_decision =
      "INSERT INTO decisions (id, meeting, modification, kind, outcome, reasons, reference, "
      "decision_date, status, path, timetable, record_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.list_decisions = "SELECT " SEC_DECISION_COLUMNS
                     " FROM decisions WHERE (? = '' OR meeting = ?) AND "
                     "(? = '' OR modification = ?) ORDER BY id";

  q.insert_consultation =
      "INSERT INTO consultations (modification, round, issue_date, deadline, contact, state, "
      "close_date, version, respondent_categories) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.select_consultation =
      "SELECT " SEC_CONSULTATION_COLUMNS " FROM consultations WHERE modification = ?";
  q.update_consultation =
      "UPDATE consultations SET round = ?, issue_date = ?, deadline = ?, contact = ?, "
      "state = ?, close_date = ?, version = ?, respondent_categories = ? "
      "WHERE modification = ? AND version = ?";
  q.list_consultations =
      "SELECT " SEC_CONSULTATION_COLUMNS " FROM consultations ORDER BY issue_date, modification";

  q.delete_response =
      "DELETE FROM consultation_responses WHERE modification = ? AND round = ? AND party = ?";
  q.insert_response =
      "INSERT INTO consultation_responses (modification, round, party, position, text, "
      "response_date, principal) VALUES (?, ?, ?, ?, ?, ?, ?)";
  q.list_responses =
      "SELECT modification, round, party, position, text, response_date, principal "
      "FROM consultation_responses WHERE modification = ? AND round = ? ORDER BY party";
  q.count_responses =
      "SELECT COUNT(*) FROM consultation_responses WHERE modification = ? AND round = ?";

  q.insert_vote =
      "INSERT INTO votes (sequence, modification, round, voter, voting_group, choice, reason, "
      "vote_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  q.list_votes =
      "SELECT sequence, modification, round, voter, voting_group, choice, reason, vote_date "
      "FROM votes WHERE modification = ? AND round = ? ORDER BY sequence";

  q.insert_version =
      "INSERT INTO sec_versions (number, effective_date, implements, sections, comment, "
      "create_time) VALUES (?, ?, ?, ?, ?, ?)";
  q.select_version = "SELECT " SEC_VERSION_COLUMNS " FROM sec_versions WHERE number = ?";
  q.list_versions =
      "SELECT " SEC_VERSION_COLUMNS " FROM sec_versions ORDER BY effective_date, number";

  q.insert_nomination = "INSERT INTO ssc_nominations (" SEC_NOMINATION_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.select_nomination = "SELECT " SEC_NOMINATION_COLUMNS " FROM ssc_nominations WHERE id = ?";
  q.update_nomination =
      "UPDATE ssc_nominations SET state = ?, rejection_reason = ?, vetted = ?, "
      "vetting_passed = ?, vetting_date = ?, appointed_on = ?, term_end = ?, version = ? "
      "WHERE id = ? AND version = ?";
  q.list_nominations = "SELECT " SEC_NOMINATION_COLUMNS
                       " FROM ssc_nominations WHERE (? = '' OR state = ?) ORDER BY id";

  q.insert_assessment = "INSERT INTO dcc_assessments (" SEC_ASSESSMENT_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.select_assessment = "SELECT " SEC_ASSESSMENT_COLUMNS " FROM dcc_assessments WHERE id = ?";
  q.update_assessment =
      "UPDATE dcc_assessments SET state = ?, updates = ?, delivered_on = ?, version = ? "
      "WHERE id = ? AND version = ?";
  q.insert_cost_estimate =
      "INSERT INTO cost_estimates (" SEC_COST_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.list_cost_estimates =
      "SELECT " SEC_COST_COLUMNS " FROM cost_estimates WHERE modification = ? ORDER BY id";
  q.insert_waiver =
      "INSERT INTO assessment_waivers (" SEC_WAIVER_COLUMNS ") VALUES (?, ?, ?, ?, ?)";
  q.list_waivers = "SELECT " SEC_WAIVER_COLUMNS
                   " FROM assessment_waivers WHERE modification = ? ORDER BY assessment_id";
  q.list_assessments = "SELECT " SEC_ASSESSMENT_COLUMNS
                       " FROM dcc_assessments WHERE (? = '' OR modification = ?) ORDER BY id";

  q.list_status_events =
      "SELECT resource, effective_date, status FROM events "
      "WHERE resource LIKE 'modifications/%' AND status IS NOT NULL ORDER BY sequence";
  q.list_report_proposals =
      "SELECT reference, title, proposer, date_raised FROM modifications ORDER BY reference";
  q.list_party_names = "SELECT id, display_name FROM parties ORDER BY id";
  return q;
}

}  // namespace

const GovernanceQueries& GovernanceSql() { return BuiltOnce<GovernanceQueries, Make>(); }

}  // namespace sec::storage
