#ifndef SEC_STORAGE_CREDIT_QUERIES_H_
#define SEC_STORAGE_CREDIT_QUERIES_H_

#include <string>

namespace sec::storage {

// The Credit area's SQL, one named statement each; every backend supplies its own text
// (sqlite/credit_queries.cc, mysql/credit_queries.cc). Parameters are always bound.
// Column orders are fixed by credit_store.cc (kPolicyColumns etc. in the comments below).
struct CreditQueries {
  // credit_policies: id, display_name, effective_date, uplift_bp, allowance_basis,
  // rating_factors, score_bands, mcv_cap_pence, comment, create_time
  std::string insert_policy;
  std::string select_policy;          // (id)
  std::string select_policy_by_date;  // (effective_date)
  std::string select_policy_in_force;  // (date) latest effective_date <= date
  std::string list_policies;          // (after_effective_date, limit) by effective_date

  // credit_assessments: seq, party, effective_date, rating, score, mcv_pence, create_time
  std::string insert_assessment;
  std::string list_assessments;        // (party, after_seq, limit) by seq
  std::string latest_assessment;       // (party, date) latest on or before date
  std::string latest_assessments_all;  // (date) one row per party, latest on or before date

  // credit_charges: seq, party, period, invoice_date, amount_pence, create_time
  std::string insert_charge;
  std::string list_charges;        // (party, after_seq, limit)
  std::string latest_charge;       // (party, date)
  std::string latest_charges_all;  // (date)

  // credit_instruments: seq, party, kind, amount_pence, issuer, valid_from, valid_to, state,
  // withdraw_date, version, create_time, update_time
  std::string insert_instrument;
  std::string select_instrument;  // (seq)
  std::string update_instrument;  // (amount, issuer, valid_to, state, withdraw_date, version,
                                  //  update_time, seq, expected_version)
  std::string list_instruments;   // (party, after_seq, limit)
  std::string party_instruments;  // (party) every instrument of the party
  std::string instruments_in_force_all;  // (date, date, date) in force and not withdrawn

  // The portfolio's population: every party with at least one credit record.
  // (date x3) -> id, display_name, category ordered by id: parties with a record by the date
  std::string credit_parties;

  // credit_notices: party, notice_date, cure_deadline, shortfall_pence, state, cured_date,
  // default_date, default_pence
  std::string insert_notice;
  std::string update_notice;  // (state, cured_date, default_date, default_pence, party, notice_date)
  std::string open_notices;   // all OPEN notices
  // (party, party, state, state, after_party, after_party, after_date, limit); '' = any
  std::string list_notices;
  // As list_notices, only notices with an Event of Default; state is the notice state.
  std::string list_defaulted_notices;

  // credit_checks: check_date, response, principal, create_time
  std::string select_check;  // (date) -> response
  std::string insert_check;
  std::string max_check_date;  // -> MAX(check_date) or NULL
};

// The Credit cover statements, the same on every backend (their .cc file).
const CreditQueries& CreditSql();

}  // namespace sec::storage

#endif  // SEC_STORAGE_CREDIT_QUERIES_H_
