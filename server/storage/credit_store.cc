#include "storage/credit_store.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "storage/credit_queries.h"
#include "storage/register_store.h"
#include "storage/columns.h"

namespace sec::storage {
namespace {

const CreditQueries& Q(Tx& tx) { return *tx.dialect().credit; }

// Factor tables in one text column each: "AAA=10000;AA+=10000" and "80-100=2000;60-79=1000".
std::string EncodeRatings(const std::vector<RatingFactor>& f) {
  std::vector<std::string> parts;
  for (const RatingFactor& r : f) parts.push_back(absl::StrCat(r.rating, "=", r.ucf_bp));
  return absl::StrJoin(parts, ";");
}

std::string EncodeBands(const std::vector<ScoreBand>& b) {
  std::vector<std::string> parts;
  for (const ScoreBand& s : b) {
    parts.push_back(absl::StrCat(s.min_score, "-", s.max_score, "=", s.ucf_bp));
  }
  return absl::StrJoin(parts, ";");
}

absl::StatusOr<std::vector<RatingFactor>> DecodeRatings(const std::string& text) {
  std::vector<RatingFactor> out;
  for (absl::string_view part : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    RatingFactor f;
    f.rating = kv.first;
    if (!absl::SimpleAtoi(kv.second, &f.ucf_bp)) return Corrupt("rating table", part);
    out.push_back(std::move(f));
  }
  return out;
}

absl::StatusOr<std::vector<ScoreBand>> DecodeBands(const std::string& text) {
  std::vector<ScoreBand> out;
  for (absl::string_view part : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(part, absl::ByAnyChar("-="));
    ScoreBand b;
    if (f.size() != 3 || !absl::SimpleAtoi(f[0], &b.min_score) ||
        !absl::SimpleAtoi(f[1], &b.max_score) || !absl::SimpleAtoi(f[2], &b.ucf_bp)) {
      return Corrupt("score bands", part);
    }
    out.push_back(b);
  }
  return out;
}

absl::StatusOr<StoredPolicy> PolicyFromRow(const SqlRow& r) {
  StoredPolicy s;
  CreditPolicy& p = s.policy;
  p.id = r.Str(0);
  p.name = r.Str(1);
  absl::StatusOr<Date> d = DateCol(r, 2, "policy effective_date");
  if (!d.ok()) return d.status();
  p.effective_date = *d;
  p.uplift_bp = r.Int(3);
  absl::StatusOr<AllowanceBasis> basis = ParseAllowanceBasis(r.Str(4));
  if (!basis.ok()) return Corrupt("policy allowance_basis", r.Str(4));
  p.allowance_basis = *basis;
  absl::StatusOr<std::vector<RatingFactor>> ratings = DecodeRatings(r.Str(5));
  if (!ratings.ok()) return ratings.status();
  p.rating_factors = *std::move(ratings);
  absl::StatusOr<std::vector<ScoreBand>> bands = DecodeBands(r.Str(6));
  if (!bands.ok()) return bands.status();
  p.score_bands = *std::move(bands);
  if (!r.IsNull(7)) p.mcv_cap_pence = r.Int(7);
  s.comment = r.Str(8);
  s.create_time_us = r.Int(9);
  return s;
}

absl::StatusOr<StoredAssessment> AssessmentFromRow(const SqlRow& r) {
  StoredAssessment s;
  s.seq = r.Int(0);
  s.assessment.party = r.Str(1);
  absl::StatusOr<Date> d = DateCol(r, 2, "assessment effective_date");
  if (!d.ok()) return d.status();
  s.assessment.effective_date = *d;
  if (!r.IsNull(3)) s.assessment.rating = r.Str(3);
  if (!r.IsNull(4)) s.assessment.score = static_cast<int>(r.Int(4));
  s.assessment.mcv_pence = r.Int(5);
  s.create_time_us = r.Int(6);
  return s;
}

absl::StatusOr<StoredCharge> ChargeFromRow(const SqlRow& r) {
  StoredCharge s;
  s.seq = r.Int(0);
  s.charge.party = r.Str(1);
  s.charge.period = r.Str(2);
  absl::StatusOr<Date> d = DateCol(r, 3, "charge invoice_date");
  if (!d.ok()) return d.status();
  s.charge.invoice_date = *d;
  s.charge.amount_pence = r.Int(4);
  s.create_time_us = r.Int(5);
  return s;
}

absl::StatusOr<StoredInstrument> InstrumentFromRow(const SqlRow& r) {
  StoredInstrument s;
  s.seq = r.Int(0);
  CreditInstrument& i = s.instrument;
  i.id = r.Str(0);
  i.party = r.Str(1);
  absl::StatusOr<InstrumentKind> kind = ParseInstrumentKind(r.Str(2));
  if (!kind.ok()) return Corrupt("instrument kind", r.Str(2));
  i.kind = *kind;
  i.amount_pence = r.Int(3);
  i.issuer = r.Str(4);
  absl::StatusOr<Date> from = DateCol(r, 5, "instrument valid_from");
  if (!from.ok()) return from.status();
  i.valid_from = *from;
  absl::StatusOr<std::optional<Date>> to = OptDateCol(r, 6, "instrument valid_to");
  if (!to.ok()) return to.status();
  i.valid_to = *to;
  if (!ParseInstrumentState(r.Str(7), &s.state)) return Corrupt("instrument state", r.Str(7));
  absl::StatusOr<std::optional<Date>> w = OptDateCol(r, 8, "instrument withdraw_date");
  if (!w.ok()) return w.status();
  s.withdraw_date = *w;
  s.version = r.Int(9);
  s.create_time_us = r.Int(10);
  s.update_time_us = r.Int(11);
  return s;
}

absl::StatusOr<StoredNotice> NoticeFromRow(const SqlRow& r) {
  StoredNotice n;
  n.party = r.Str(0);
  absl::StatusOr<Date> d = DateCol(r, 1, "notice_date");
  if (!d.ok()) return d.status();
  n.notice_date = *d;
  absl::StatusOr<Date> c = DateCol(r, 2, "cure_deadline");
  if (!c.ok()) return c.status();
  n.cure_deadline = *c;
  n.shortfall_pence = r.Int(3);
  if (!ParseNoticeState(r.Str(4), &n.state)) return Corrupt("notice state", r.Str(4));
  absl::StatusOr<std::optional<Date>> cured = OptDateCol(r, 5, "cured_date");
  if (!cured.ok()) return cured.status();
  n.cured_date = *cured;
  absl::StatusOr<std::optional<Date>> def = OptDateCol(r, 6, "default_date");
  if (!def.ok()) return def.status();
  n.default_date = *def;
  if (!r.IsNull(7)) n.default_pence = r.Int(7);
  return n;
}


}  // namespace

absl::StatusOr<int64_t> NextCreditSeq(Tx& tx) { return NextCounter(tx, "credit_seq"); }

absl::Status InsertPolicy(Tx& tx, const StoredPolicy& s) {
  const CreditPolicy& p = s.policy;
  const std::string date = FormatDate(p.effective_date);
  // Checked first so the refusal names the policy already holding the date.
  absl::StatusOr<std::vector<SqlRow>> same = tx.Query(Q(tx).select_policy_by_date, {date});
  if (!same.ok()) return same.status();
  if (!same->empty()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "creditPolicies/", same->front().Str(0), " is already effective from ", date,
        "; policies are versioned by effective date, so give the new one a different date"));
  }
  absl::StatusOr<int64_t> n = tx.Exec(
      Q(tx).insert_policy,
      {p.id, p.name, date, p.uplift_bp, std::string(AllowanceBasisName(p.allowance_basis)),
       EncodeRatings(p.rating_factors), EncodeBands(p.score_bands), OptInt(p.mcv_cap_pence),
       s.comment, s.create_time_us});
  if (!n.ok() && absl::IsAlreadyExists(n.status())) {
    return absl::AlreadyExistsError(absl::StrCat("creditPolicies/", p.id, " already exists"));
  }
  return n.status();
}

absl::StatusOr<StoredPolicy> GetPolicy(Tx& tx, const std::string& id) {
  absl::StatusOr<SqlRow> r =
      tx.QueryOne(Q(tx).select_policy, {id}, absl::StrCat("creditPolicies/", id));
  if (!r.ok()) return r.status();
  return PolicyFromRow(*r);
}

absl::StatusOr<StoredPolicy> PolicyInForce(Tx& tx, Date d) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(Q(tx).select_policy_in_force, {FormatDate(d)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no credit policy is in force on ", FormatDate(d),
        "; create one with an effective date on or before it"));
  }
  return PolicyFromRow(rows->front());
}

absl::StatusOr<std::vector<StoredPolicy>> ListPolicies(Tx& tx,
                                                       const std::string& after_effective_date,
                                                       int limit) {
  return MapRows<StoredPolicy>(
      tx.Query(Q(tx).list_policies, {after_effective_date, int64_t{limit}}), PolicyFromRow);
}

absl::Status InsertAssessment(Tx& tx, const StoredAssessment& s) {
  const CreditAssessment& a = s.assessment;
  SqlParam rating = nullptr;
  if (a.rating) rating = *a.rating;
  SqlParam score = nullptr;
  if (a.score) score = int64_t{*a.score};
  return tx
      .Exec(Q(tx).insert_assessment, {s.seq, a.party, FormatDate(a.effective_date), rating, score,
                                      a.mcv_pence, s.create_time_us})
      .status();
}

absl::StatusOr<std::vector<StoredAssessment>> ListAssessments(Tx& tx, const std::string& party,
                                                              int64_t after_seq, int limit) {
  return MapRows<StoredAssessment>(
      tx.Query(Q(tx).list_assessments, {party, after_seq, int64_t{limit}}), AssessmentFromRow);
}

absl::Status InsertCharge(Tx& tx, const StoredCharge& s) {
  const MonthlyCharge& c = s.charge;
  return tx
      .Exec(Q(tx).insert_charge, {s.seq, c.party, c.period, FormatDate(c.invoice_date),
                                  c.amount_pence, s.create_time_us})
      .status();
}

absl::StatusOr<std::vector<StoredCharge>> ListCharges(Tx& tx, const std::string& party,
                                                      int64_t after_seq, int limit) {
  return MapRows<StoredCharge>(tx.Query(Q(tx).list_charges, {party, after_seq, int64_t{limit}}),
                            ChargeFromRow);
}

std::optional<CreditInstrument> EffectiveInstrument(const StoredInstrument& s) {
  return InForceUntilWithdrawn(s.instrument, s.withdraw_date);
}

absl::Status InsertInstrument(Tx& tx, const StoredInstrument& s) {
  const CreditInstrument& i = s.instrument;
  return tx
      .Exec(Q(tx).insert_instrument,
            {s.seq, i.party, std::string(InstrumentKindName(i.kind)), i.amount_pence, i.issuer,
             FormatDate(i.valid_from), OptDate(i.valid_to), std::string(InstrumentStateCode(s.state)),
             OptDate(s.withdraw_date),
             s.version, s.create_time_us, s.update_time_us})
      .status();
}

absl::StatusOr<StoredInstrument> GetInstrument(Tx& tx, int64_t seq) {
  absl::StatusOr<SqlRow> r =
      tx.QueryOne(Q(tx).select_instrument, {seq}, absl::StrCat("instrument ", seq));
  if (!r.ok()) return r.status();
  return InstrumentFromRow(*r);
}

absl::Status UpdateInstrument(Tx& tx, const StoredInstrument& s, int64_t expected_version) {
  const CreditInstrument& i = s.instrument;
  absl::StatusOr<int64_t> n = tx.Exec(
      Q(tx).update_instrument, {i.amount_pence, i.issuer, OptDate(i.valid_to), std::string(InstrumentStateCode(s.state)),
                                OptDate(s.withdraw_date), s.version, s.update_time_us, s.seq,
                                expected_version});
  if (!n.ok()) return n.status();
  if (*n != 1) {
    return absl::AbortedError(absl::StrCat("instrument ", s.seq,
                                           " was changed concurrently; read it again and retry"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredInstrument>> ListInstruments(Tx& tx, const std::string& party,
                                                              int64_t after_seq, int limit) {
  return MapRows<StoredInstrument>(
      tx.Query(Q(tx).list_instruments, {party, after_seq, int64_t{limit}}), InstrumentFromRow);
}

absl::StatusOr<std::vector<StoredInstrument>> PartyInstruments(Tx& tx, const std::string& party) {
  return MapRows<StoredInstrument>(tx.Query(Q(tx).party_instruments, {party}), InstrumentFromRow);
}

absl::StatusOr<CreditInputs> LoadPartyInputs(Tx& tx, const std::string& party, Date d) {
  const std::string date = FormatDate(d);
  CreditInputs in;
  absl::StatusOr<std::vector<StoredCharge>> charge =
      MapRows<StoredCharge>(tx.Query(Q(tx).latest_charge, {party, date}), ChargeFromRow);
  if (!charge.ok()) return charge.status();
  if (!charge->empty()) in.charge = charge->front().charge;
  absl::StatusOr<std::vector<StoredAssessment>> assessment = MapRows<StoredAssessment>(
      tx.Query(Q(tx).latest_assessment, {party, date}), AssessmentFromRow);
  if (!assessment.ok()) return assessment.status();
  if (!assessment->empty()) in.assessment = assessment->front().assessment;
  absl::StatusOr<std::vector<StoredInstrument>> instruments = PartyInstruments(tx, party);
  if (!instruments.ok()) return instruments.status();
  for (const StoredInstrument& s : *instruments) {
    std::optional<CreditInstrument> i = EffectiveInstrument(s);
    if (i && i->InForceOn(d)) in.instruments.push_back(*std::move(i));
  }
  return in;
}

absl::StatusOr<PortfolioInputs> LoadPortfolioInputs(Tx& tx, Date d) {
  const std::string date = FormatDate(d);
  PortfolioInputs out;
  absl::StatusOr<std::vector<SqlRow>> parties = tx.Query(Q(tx).credit_parties, {date, date, date});
  if (!parties.ok()) return parties.status();
  out.parties.reserve(parties->size());
  for (const SqlRow& r : *parties) {
    Party p;
    p.id = r.Str(0);
    p.display_name = r.Str(1);
    if (!ParseCategory(r.Str(2), &p.category)) return Corrupt("party category", r.Str(2));
    out.parties.push_back(std::move(p));
  }
  absl::StatusOr<std::vector<StoredCharge>> charges =
      MapRows<StoredCharge>(tx.Query(Q(tx).latest_charges_all, {date}), ChargeFromRow);
  if (!charges.ok()) return charges.status();
  for (StoredCharge& c : *charges) out.inputs[c.charge.party].charge = std::move(c.charge);
  absl::StatusOr<std::vector<StoredAssessment>> assessments =
      MapRows<StoredAssessment>(tx.Query(Q(tx).latest_assessments_all, {date}), AssessmentFromRow);
  if (!assessments.ok()) return assessments.status();
  for (StoredAssessment& a : *assessments) {
    out.inputs[a.assessment.party].assessment = std::move(a.assessment);
  }
  absl::StatusOr<std::vector<StoredInstrument>> instruments = MapRows<StoredInstrument>(
      tx.Query(Q(tx).instruments_in_force_all, {date, date, date}), InstrumentFromRow);
  if (!instruments.ok()) return instruments.status();
  for (StoredInstrument& s : *instruments) {
    std::optional<CreditInstrument> i = EffectiveInstrument(s);
    if (i && i->InForceOn(d)) out.inputs[i->party].instruments.push_back(*std::move(i));
  }
  return out;
}

absl::Status InsertNotice(Tx& tx, const StoredNotice& n) {
  return tx
      .Exec(Q(tx).insert_notice,
            {n.party, FormatDate(n.notice_date), FormatDate(n.cure_deadline), n.shortfall_pence,
             std::string(NoticeStateCode(n.state)), OptDate(n.cured_date), OptDate(n.default_date), OptInt(n.default_pence)})
      .status();
}

absl::Status UpdateNotice(Tx& tx, const StoredNotice& n) {
  return tx
      .Exec(Q(tx).update_notice, {std::string(NoticeStateCode(n.state)), OptDate(n.cured_date), OptDate(n.default_date),
                                  OptInt(n.default_pence), n.party, FormatDate(n.notice_date)})
      .status();
}

absl::StatusOr<std::vector<StoredNotice>> OpenNotices(Tx& tx) {
  return MapRows<StoredNotice>(tx.Query(Q(tx).open_notices, {}), NoticeFromRow);
}

absl::StatusOr<std::vector<StoredNotice>> ListNotices(Tx& tx, const NoticeQuery& q) {
  const std::string& sql = q.defaulted_only ? Q(tx).list_defaulted_notices : Q(tx).list_notices;
  const std::string state = q.state ? NoticeStateCode(*q.state) : "";
  return MapRows<StoredNotice>(
      tx.Query(sql, {q.party, q.party, state, state, q.after_party, q.after_party,
                     q.after_date, int64_t{q.limit}}),
      NoticeFromRow);
}

absl::StatusOr<std::optional<std::string>> GetCheck(Tx& tx, Date d) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(Q(tx).select_check, {FormatDate(d)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  std::string bytes;
  // Base64 so the serialized response survives every driver's text handling unchanged.
  if (!absl::Base64Unescape(rows->front().Str(0), &bytes)) {
    return Corrupt("credit check", FormatDate(d));
  }
  return std::optional<std::string>(std::move(bytes));
}

absl::Status InsertCheck(Tx& tx, Date d, const std::string& response, const std::string& principal,
                         int64_t now_us) {
  return tx
      .Exec(Q(tx).insert_check,
            {FormatDate(d), absl::Base64Escape(response), principal, now_us})
      .status();
}

absl::StatusOr<std::optional<Date>> LastCheckDate(Tx& tx) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(Q(tx).max_check_date, {});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Date>();
  return OptDateCol(rows->front(), 0, "check_date");
}

}  // namespace sec::storage
