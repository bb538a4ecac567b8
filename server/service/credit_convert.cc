#include "service/credit_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/etag.h"
#include "service/enums.h"
#include "service/register_convert.h"

namespace sec::service {

absl::StatusOr<CreditPolicy> FromProto(const v1::CreditPolicy& in, const std::string& id) {
  CreditPolicy p;
  p.id = id;
  p.name = in.display_name();
  absl::StatusOr<Date> d = ParseDate(in.effective_date(), "policy.effective_date");
  if (!d.ok()) return d.status();
  p.effective_date = *d;
  p.uplift_bp = in.has_uplift_bp() ? in.uplift_bp() : 4000;
  absl::StatusOr<AllowanceBasis> basis =
      AllowanceBasisEnum().FromProto(in.allowance_basis(), "policy.allowance_basis");
  if (!basis.ok()) return basis.status();
  p.allowance_basis = *basis;
  for (const v1::RatingFactor& f : in.rating_factors()) {
    p.rating_factors.push_back(RatingFactor{f.rating(), f.ucf_bp()});
  }
  for (const v1::ScoreBand& b : in.score_bands()) {
    p.score_bands.push_back(ScoreBand{b.min_score(), b.max_score(), b.ucf_bp()});
  }
  if (in.has_mcv_cap_pence()) p.mcv_cap_pence = in.mcv_cap_pence();
  return p;
}

v1::CreditPolicy ToProto(const storage::StoredPolicy& s) {
  const CreditPolicy& p = s.policy;
  v1::CreditPolicy out;
  out.set_name(PolicyName(p.id));
  out.set_display_name(p.name);
  out.set_effective_date(FormatDate(p.effective_date));
  out.set_uplift_bp(static_cast<int32_t>(p.uplift_bp));
  out.set_allowance_basis(AllowanceBasisEnum().ToProto(p.allowance_basis));
  for (const RatingFactor& f : p.rating_factors) {
    v1::RatingFactor* o = out.add_rating_factors();
    o->set_rating(f.rating);
    o->set_ucf_bp(static_cast<int32_t>(f.ucf_bp));
  }
  for (const ScoreBand& b : p.score_bands) {
    v1::ScoreBand* o = out.add_score_bands();
    o->set_min_score(b.min_score);
    o->set_max_score(b.max_score);
    o->set_ucf_bp(static_cast<int32_t>(b.ucf_bp));
  }
  if (p.mcv_cap_pence) out.set_mcv_cap_pence(*p.mcv_cap_pence);
  out.set_comment(s.comment);
  SetTimestamp(s.create_time_us, out.mutable_create_time());
  return out;
}

v1::CreditAssessment ToProto(const storage::StoredAssessment& s) {
  const CreditAssessment& a = s.assessment;
  v1::CreditAssessment out;
  out.set_name(ChildName(a.party, "creditAssessments", s.seq));
  out.set_party(PartyName(a.party));
  out.set_effective_date(FormatDate(a.effective_date));
  if (a.rating) out.set_rating(*a.rating);
  if (a.score) out.set_score(*a.score);
  out.set_mcv_pence(a.mcv_pence);
  SetTimestamp(s.create_time_us, out.mutable_create_time());
  return out;
}

v1::Charge ToProto(const storage::StoredCharge& s) {
  const MonthlyCharge& c = s.charge;
  v1::Charge out;
  out.set_name(ChildName(c.party, "charges", s.seq));
  out.set_party(PartyName(c.party));
  out.set_period(c.period);
  out.set_invoice_date(FormatDate(c.invoice_date));
  out.set_amount_pence(c.amount_pence);
  SetTimestamp(s.create_time_us, out.mutable_create_time());
  return out;
}

v1::CreditSupport ToProto(const storage::StoredInstrument& s) {
  const CreditInstrument& i = s.instrument;
  v1::CreditSupport out;
  out.set_name(ChildName(i.party, "instruments", s.seq));
  out.set_party(PartyName(i.party));
  out.set_kind(InstrumentKindEnum().ToProto(i.kind));
  out.set_amount_pence(i.amount_pence);
  out.set_issuer(i.issuer);
  out.set_valid_from(FormatDate(i.valid_from));
  if (i.valid_to) out.set_valid_to(FormatDate(*i.valid_to));
  out.set_state(s.state == InstrumentState::kWithdrawn ? v1::CREDIT_SUPPORT_STATE_WITHDRAWN
                                                         : v1::CREDIT_SUPPORT_STATE_LODGED);
  if (s.withdraw_date) out.set_withdraw_date(FormatDate(*s.withdraw_date));
  out.set_etag(FormatEtag(s.version));
  SetTimestamp(s.create_time_us, out.mutable_create_time());
  SetTimestamp(s.update_time_us, out.mutable_update_time());
  return out;
}

v1::CreditCoverResult ToProto(const CreditResult& r, const std::string& party_id,
                              const Party* party) {
  v1::CreditCoverResult out;
  out.set_party(PartyName(party_id));
  if (party) {
    out.set_party_display_name(party->display_name);
    out.set_category(ToProto(party->category));
  }
  out.set_date(FormatDate(r.date));
  out.set_policy(PolicyName(r.policy_id));
  out.set_policy_display_name(r.policy_name);
  out.set_policy_effective_date(FormatDate(r.policy_effective_date));
  out.set_charges_pence(r.charges_pence);
  if (r.charge) {
    out.set_charge_period(r.charge->period);
    out.set_charge_invoice_date(FormatDate(r.charge->invoice_date));
  }
  out.set_uplift_bp(static_cast<int32_t>(r.uplift_bp));
  out.set_value_at_risk_pence(r.value_at_risk_pence);
  if (r.assessment_date) out.set_assessment_date(FormatDate(*r.assessment_date));
  out.set_ucf_source(UcfSourceEnum().ToProto(r.ucf_source));
  out.set_rating(r.rating);
  if (r.score) out.set_score(*r.score);
  out.set_ucf_bp(static_cast<int32_t>(r.ucf_bp));
  out.set_allowance_basis(AllowanceBasisEnum().ToProto(r.allowance_basis));
  out.set_mcv_pence(r.mcv_pence);
  if (r.mcv_cap_pence) out.set_mcv_cap_pence(*r.mcv_cap_pence);
  out.set_basis_pence(r.basis_pence);
  out.set_allowance_pence(r.allowance_pence);
  out.set_requirement_pence(r.requirement_pence);
  out.set_lodged_instruments(r.lodged_instruments);
  out.set_lodged_pence(r.lodged_pence);
  out.set_shortfall_pence(r.shortfall_pence);
  return out;
}

v1::PortfolioTotals ToProto(const PortfolioTotals& t) {
  v1::PortfolioTotals out;
  out.set_parties(t.parties);
  out.set_value_at_risk_pence(t.value_at_risk_pence);
  out.set_allowance_pence(t.allowance_pence);
  out.set_requirement_pence(t.requirement_pence);
  out.set_lodged_pence(t.lodged_pence);
  out.set_shortfall_pence(t.shortfall_pence);
  out.set_requirement_share_bp(static_cast<int32_t>(t.requirement_share_bp));
  return out;
}

v1::BreachNotice ToNoticeProto(const storage::StoredNotice& n) {
  v1::BreachNotice out;
  out.set_name(absl::StrCat("parties/", n.party, "/breachNotices/", FormatDate(n.notice_date)));
  out.set_party(PartyName(n.party));
  out.set_notice_date(FormatDate(n.notice_date));
  out.set_cure_deadline(FormatDate(n.cure_deadline));
  out.set_shortfall_pence(n.shortfall_pence);
  out.set_state(n.state == NoticeState::kCured ? v1::BREACH_NOTICE_STATE_CURED
                                                 : v1::BREACH_NOTICE_STATE_OPEN);
  if (n.cured_date) out.set_cured_date(FormatDate(*n.cured_date));
  if (n.default_date) out.set_default_date(FormatDate(*n.default_date));
  return out;
}

v1::EventOfDefault ToDefaultProto(const storage::StoredNotice& n) {
  v1::EventOfDefault out;
  const std::string date = n.default_date ? FormatDate(*n.default_date) : "";
  out.set_name(absl::StrCat("parties/", n.party, "/defaults/", date));
  out.set_party(PartyName(n.party));
  out.set_default_date(date);
  out.set_notice(absl::StrCat("parties/", n.party, "/breachNotices/", FormatDate(n.notice_date)));
  out.set_shortfall_pence(n.default_pence.value_or(0));
  if (n.state == NoticeState::kCured) {
    out.set_state(v1::DEFAULT_STATE_REMEDIED);
    if (n.cured_date) out.set_remedied_date(FormatDate(*n.cured_date));
  } else {
    out.set_state(v1::DEFAULT_STATE_OUTSTANDING);
  }
  return out;
}

}  // namespace sec::service
