#ifndef SEC_STORAGE_GOVERNANCE_QUERIES_H_
#define SEC_STORAGE_GOVERNANCE_QUERIES_H_

#include <string>

namespace sec::storage {

// The Governance area's SQL, one named statement each; every backend supplies its own text
// (sqlite/governance_queries.cc, mysql/governance_queries.cc). Parameters are always bound.
// Optional filters are written `(? = '' OR col = ?)` so each statement is fixed text.
struct GovernanceQueries {
  // meetings: id, body, number, day, items, comment, create_time
  std::string insert_meeting;
  std::string select_meeting;  // (id)
  std::string list_meetings;   // (body, body, start, end, after_day, after_day, after_id, limit)
  std::string next_meeting;    // (body, after_day)
  std::string list_body_meetings;  // (body) all, by day
  // decisions: id, meeting, modification, kind, outcome, reasons, reference, decision_date,
  // status, path, timetable, record_time
  std::string insert_decision;
  std::string list_decisions;  // (meeting, meeting, modification, modification)
  // consultations: modification, round, issue_date, deadline, contact, state, close_date,
  // version, respondent_categories
  std::string insert_consultation;
  std::string select_consultation;  // (modification)
  std::string update_consultation;  // (round, issue, deadline, contact, state, close, version+1,
                                    //  respondent_categories, modification, expected version)
  std::string list_consultations;   // all, by issue date
  // consultation_responses
  std::string delete_response;  // (modification, round, party)
  std::string insert_response;
  std::string list_responses;   // (modification, round)
  std::string count_responses;  // (modification, round)
  // votes
  std::string insert_vote;
  std::string list_votes;  // (modification, round)
  // sec_versions: number, effective_date, implements, sections, comment, create_time
  std::string insert_version;
  std::string select_version;    // (number)
  std::string list_versions;     // by effective date
  // ssc_nominations
  std::string insert_nomination;
  std::string select_nomination;  // (id)
  std::string update_nomination;  // (state..term_end, version+1, id, expected version)
  std::string list_nominations;   // (state, state)
  // dcc_assessments
  std::string insert_assessment;
  std::string select_assessment;  // (id)
  std::string update_assessment;  // (state, updates, delivered_on, version+1, id, expected)
  std::string list_assessments;   // (modification, modification)
  // cost_estimates: id, modification, kind, amount_pence, source, estimate_date, note,
  // principal, create_time
  std::string insert_cost_estimate;
  std::string list_cost_estimates;  // (modification) in id order
  // assessment_waivers: assessment_id, modification, decision_id, waive_date, reason
  std::string insert_waiver;
  std::string list_waivers;  // (modification)
  // The status report's inputs.
  std::string list_status_events;     // -> resource, effective_date, status; modifications only
  std::string list_report_proposals;  // -> reference, title, proposer, date_raised
  std::string list_party_names;       // -> id, display_name
};

// The Governance statements, the same on every backend (their .cc file).
const GovernanceQueries& GovernanceSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_GOVERNANCE_QUERIES_H_
