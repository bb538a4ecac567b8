#include "storage/credit_queries.h"

#include "storage/dialect.h"

// The latest-per-party queries use window functions: SQLite 3.25+, MariaDB 10.2+.

namespace sec::storage {
namespace {

#define SEC_POLICY_COLUMNS                                                                  \
  "id, display_name, effective_date, uplift_bp, allowance_basis, rating_factors, "          \
  "score_bands, mcv_cap_pence, comment, create_time"
#define SEC_ASSESSMENT_COLUMNS "seq, party, effective_date, rating, score, mcv_pence, create_time"
#define SEC_CHARGE_COLUMNS "seq, party, period, invoice_date, amount_pence, create_time"
#define SEC_INSTRUMENT_COLUMNS                                                              \
  "seq, party, kind, amount_pence, issuer, valid_from, valid_to, state, withdraw_date, "    \
  "version, create_time, update_time"
#define SEC_NOTICE_COLUMNS                                                                  \
  "party, notice_date, cure_deadline, shortfall_pence, state, cured_date, default_date, "   \
  "default_pence"
// Key-paged listing with optional party and state filters ('' = any).
#define SEC_NOTICE_PAGE                                                                     \
  "(? = '' OR party = ?) AND (? = '' OR state = ?) AND "                                    \
  "(party > ? OR (party = ? AND notice_date > ?)) ORDER BY party, notice_date LIMIT ?"

CreditQueries Make() {
  CreditQueries q;
  q.insert_policy = "INSERT INTO credit_policies (" SEC_POLICY_COLUMNS
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.select_policy = "SELECT " SEC_POLICY_COLUMNS " FROM credit_policies WHERE id = ?";
  q.select_policy_by_date =
      "SELECT " SEC_POLICY_COLUMNS " FROM credit_policies WHERE effective_date = ?";
  q.select_policy_in_force = "SELECT " SEC_POLICY_COLUMNS
                             " FROM credit_policies WHERE effective_date <= ? "
                             "ORDER BY effective_date DESC LIMIT 1";
  q.list_policies = "SELECT " SEC_POLICY_COLUMNS
                    " FROM credit_policies WHERE effective_date > ? "
                    "ORDER BY effective_date LIMIT ?";

  q.insert_assessment = "INSERT INTO credit_assessments (" SEC_ASSESSMENT_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  q.list_assessments = "SELECT " SEC_ASSESSMENT_COLUMNS
                       " FROM credit_assessments WHERE party = ? AND seq > ? "
                       "ORDER BY seq LIMIT ?";
  q.latest_assessment = "SELECT " SEC_ASSESSMENT_COLUMNS
                        " FROM credit_assessments WHERE party = ? AND effective_date <= ? "
                        "ORDER BY effective_date DESC, seq DESC LIMIT 1";
  // One pass over the table with a window, not one query per party.
  q.latest_assessments_all =
      "SELECT " SEC_ASSESSMENT_COLUMNS " FROM (SELECT " SEC_ASSESSMENT_COLUMNS
      ", ROW_NUMBER() OVER (PARTITION BY party ORDER BY effective_date DESC, seq DESC) AS rn "
      "FROM credit_assessments WHERE effective_date <= ?) t WHERE rn = 1";

  q.insert_charge =
      "INSERT INTO credit_charges (" SEC_CHARGE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)";
  q.list_charges = "SELECT " SEC_CHARGE_COLUMNS
                   " FROM credit_charges WHERE party = ? AND seq > ? ORDER BY seq LIMIT ?";
  q.latest_charge = "SELECT " SEC_CHARGE_COLUMNS
                    " FROM credit_charges WHERE party = ? AND invoice_date <= ? "
                    "ORDER BY invoice_date DESC, seq DESC LIMIT 1";
  q.latest_charges_all =
      "SELECT " SEC_CHARGE_COLUMNS " FROM (SELECT " SEC_CHARGE_COLUMNS
      ", ROW_NUMBER() OVER (PARTITION BY party ORDER BY invoice_date DESC, seq DESC) AS rn "
      "FROM credit_charges WHERE invoice_date <= ?) t WHERE rn = 1";

  q.insert_instrument = "INSERT INTO credit_instruments (" SEC_INSTRUMENT_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  q.select_instrument = "SELECT " SEC_INSTRUMENT_COLUMNS " FROM credit_instruments WHERE seq = ?";
  q.update_instrument =
      "UPDATE credit_instruments SET amount_pence = ?, issuer = ?, valid_to = ?, state = ?, "
      "withdraw_date = ?, version = ?, update_time = ? WHERE seq = ? AND version = ?";
  q.list_instruments = "SELECT " SEC_INSTRUMENT_COLUMNS
                       " FROM credit_instruments WHERE party = ? AND seq > ? "
                       "ORDER BY seq LIMIT ?";
  q.party_instruments = "SELECT " SEC_INSTRUMENT_COLUMNS
                        " FROM credit_instruments WHERE party = ? ORDER BY seq";
  q.instruments_in_force_all =
      "SELECT " SEC_INSTRUMENT_COLUMNS
      " FROM credit_instruments WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) "
      "AND (withdraw_date IS NULL OR withdraw_date > ?) ORDER BY party, seq";

  q.credit_parties =
      "SELECT p.id, p.display_name, p.category FROM parties p WHERE "
      "EXISTS (SELECT 1 FROM credit_charges c WHERE c.party = p.id AND c.invoice_date <= ?) OR "
      "EXISTS (SELECT 1 FROM credit_assessments a WHERE a.party = p.id AND "
      "a.effective_date <= ?) OR "
      "EXISTS (SELECT 1 FROM credit_instruments i WHERE i.party = p.id AND i.valid_from <= ?) "
      "ORDER BY p.id";

  q.insert_notice =
      "INSERT INTO credit_notices (" SEC_NOTICE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  q.update_notice =
      "UPDATE credit_notices SET state = ?, cured_date = ?, default_date = ?, default_pence = ? "
      "WHERE party = ? AND notice_date = ?";
  q.open_notices = "SELECT " SEC_NOTICE_COLUMNS
                   " FROM credit_notices WHERE state = 'OPEN' ORDER BY party, notice_date";
  q.list_notices = "SELECT " SEC_NOTICE_COLUMNS " FROM credit_notices WHERE " SEC_NOTICE_PAGE;
  q.list_defaulted_notices = "SELECT " SEC_NOTICE_COLUMNS
                             " FROM credit_notices WHERE default_date IS NOT NULL AND "
                             SEC_NOTICE_PAGE;

  q.select_check = "SELECT response FROM credit_checks WHERE check_date = ?";
  q.insert_check =
      "INSERT INTO credit_checks (check_date, response, principal, create_time) "
      "VALUES (?, ?, ?, ?)";
  q.max_check_date = "SELECT MAX(check_date) FROM credit_checks";
  return q;
}

}  // namespace

const CreditQueries& CreditSql() { return BuiltOnce<CreditQueries, Make>(); }

}  // namespace sec::storage
