#include "domain/credit.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domain/bounds.h"
#include "domain/codes.h"
#include "domain/citations.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr CodeOf<InstrumentState> kInstrumentStates[] = {
    {InstrumentState::kLodged, "LODGED"},
    {InstrumentState::kWithdrawn, "WITHDRAWN"},
};
constexpr CodeOf<NoticeState> kNoticeStates[] = {
    {NoticeState::kOpen, "OPEN"},
    {NoticeState::kCured, "CURED"},
};

}  // namespace

const char* InstrumentStateCode(InstrumentState s) { return CodeIn(kInstrumentStates, s); }
bool ParseInstrumentState(absl::string_view code, InstrumentState* s) {
  return ParseCodeIn(kInstrumentStates, code, s);
}
const char* NoticeStateCode(NoticeState s) { return CodeIn(kNoticeStates, s); }
bool ParseNoticeState(absl::string_view code, NoticeState* s) {
  return ParseCodeIn(kNoticeStates, code, s);
}


namespace {

constexpr int64_t kFullFactorBp = 10000;
constexpr int64_t kMaxPence = std::numeric_limits<int64_t>::max();

constexpr const char* kRatingScale[] = {
    "AAA", "AA+", "AA", "AA-", "A+", "A",    "A-",  "BBB+", "BBB", "BBB-", "BB+",
    "BB",  "BB-", "B+", "B",   "B-", "CCC+", "CCC", "CCC-", "CC",  "C",    "D",
};
constexpr int kRatings = sizeof(kRatingScale) / sizeof(kRatingScale[0]);
constexpr int kMaxScore = 100;

// SPEC 4's round(a × b / 10000): half-up to the penny for non-negative a and b. The product of
// two int64 values fits comfortably in 128 bits, so only the result needs a range check.
absl::int128 MulBpHalfUp(int64_t a, absl::int128 b) {
  return (absl::int128(a) * b + 5000) / kFullFactorBp;
}

absl::StatusOr<int64_t> FitPence(absl::int128 v, absl::string_view what) {
  if (v > absl::int128(kMaxPence)) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, " would exceed the largest representable amount (", FormatPence(kMaxPence), ")"));
  }
  return static_cast<int64_t>(v);
}

absl::Status CheckNotNegative(int64_t v, absl::string_view field) {
  if (v < 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not be negative (got ", v, ")"));
  }
  return absl::OkStatus();
}

// A record's amount: 0 to bounds::kMaxPence (£10,000,000,000).
absl::Status CheckAmount(int64_t v, absl::string_view field) {
  if (absl::Status s = CheckNotNegative(v, field); !s.ok()) return s;
  if (v > bounds::kMaxPence) {
    return absl::InvalidArgumentError(absl::StrCat(field, " ", FormatPence(v),
                                                   " is above the most a record may hold (",
                                                   FormatPence(bounds::kMaxPence), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckScore(int score, absl::string_view field) {
  if (score < 0 || score > kMaxScore) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be a credit score from 0 to 100 (got ", score, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckParty(absl::string_view party, absl::string_view field) {
  if (party.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  return absl::OkStatus();
}

// Factor for every rank of the scale, 0 where the table is silent. Assumes a validated table.
std::array<int64_t, kRatings> RatingFactorsByRank(const CreditPolicy& policy) {
  std::array<int64_t, kRatings> by_rank{};
  for (const RatingFactor& f : policy.rating_factors) {
    if (std::optional<int> rank = CreditRatingRank(f.rating)) by_rank[*rank] = f.ucf_bp;
  }
  return by_rank;
}

int64_t ScoreFactor(const CreditPolicy& policy, int score) {
  for (const ScoreBand& band : policy.score_bands) {
    if (band.min_score <= score && score <= band.max_score) return band.ucf_bp;
  }
  return 0;
}

absl::Status ValidateRatingTable(const CreditPolicy& policy, absl::string_view where) {
  std::array<bool, kRatings> listed{};
  for (const RatingFactor& f : policy.rating_factors) {
    const std::optional<int> rank = CreditRatingRank(f.rating);
    if (!rank) {
      return ValidateCreditRating(f.rating, absl::StrCat(where, ": rating table"));
    }
    if (listed[*rank]) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": rating ", f.rating, " is listed twice in the rating table"));
    }
    listed[*rank] = true;
    if (f.ucf_bp < 0 || f.ucf_bp > kFullFactorBp) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": factor for rating ", f.rating, " must be 0 to 10000 bp (got ", f.ucf_bp, ")"));
    }
  }
  const std::array<int64_t, kRatings> by_rank = RatingFactorsByRank(policy);
  for (int r = 1; r < kRatings; ++r) {
    if (by_rank[r] > by_rank[r - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": rating ", kRatingScale[r], " earns ", by_rank[r],
                       " bp but the better rating ", kRatingScale[r - 1], " only ", by_rank[r - 1],
                       " bp; a worse rating may not earn a larger factor"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateScoreBands(const CreditPolicy& policy, absl::string_view where) {
  std::vector<ScoreBand> bands = policy.score_bands;
  for (const ScoreBand& b : bands) {
    const std::string name = absl::StrCat("score band ", b.min_score, "-", b.max_score);
    if (b.min_score < 0 || b.max_score > kMaxScore) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", name, " lies outside the score range 0-100"));
    }
    if (b.min_score > b.max_score) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", name, " starts above where it ends"));
    }
    if (b.ucf_bp < 0 || b.ucf_bp > kFullFactorBp) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": factor for ", name, " must be 0 to 10000 bp (got ", b.ucf_bp, ")"));
    }
  }
  std::sort(bands.begin(), bands.end(),
            [](const ScoreBand& a, const ScoreBand& b) { return a.min_score < b.min_score; });
  for (size_t i = 1; i < bands.size(); ++i) {
    if (bands[i].min_score <= bands[i - 1].max_score) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": score bands ", bands[i - 1].min_score, "-", bands[i - 1].max_score,
                       " and ", bands[i].min_score, "-", bands[i].max_score, " overlap"));
    }
  }
  for (int s = 1; s <= kMaxScore; ++s) {
    if (ScoreFactor(policy, s) < ScoreFactor(policy, s - 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": score ", s, " earns ", ScoreFactor(policy, s),
                       " bp but the lower score ", s - 1, " earns ", ScoreFactor(policy, s - 1),
                       " bp; a higher score may not earn a smaller factor"));
    }
  }
  return absl::OkStatus();
}

// Pounds with thousands separators, from the magnitude of a pence amount.
std::string FormatPounds(uint64_t pence) {
  std::string units = absl::StrCat(pence / 100);
  for (int i = static_cast<int>(units.size()) - 3; i > 0; i -= 3) units.insert(i, ",");
  return absl::StrFormat("£%s.%02d", units, static_cast<int>(pence % 100));
}

}  // namespace

// ---- Rating scale --------------------------------------------------------------------------

absl::Span<const char* const> CreditRatingScale() { return kRatingScale; }

std::optional<int> CreditRatingRank(absl::string_view rating) {
  for (int r = 0; r < kRatings; ++r) {
    if (rating == kRatingScale[r]) return r;
  }
  return std::nullopt;
}

absl::Status ValidateCreditRating(absl::string_view rating, absl::string_view field) {
  if (CreditRatingRank(rating)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": \"", rating,
                                                 "\" is not a credit rating; use one of ",
                                                 absl::StrJoin(CreditRatingScale(), ", ")));
}

// ---- Policy --------------------------------------------------------------------------------

const char* AllowanceBasisName(AllowanceBasis basis) {
  switch (basis) {
    case AllowanceBasis::kMaximumCreditValue:
      return "MAXIMUM_CREDIT_VALUE";
    case AllowanceBasis::kValueAtRisk:
      return "VALUE_AT_RISK";
    case AllowanceBasis::kNone:
      return "NONE";
  }
  return "UNKNOWN";
}

absl::StatusOr<AllowanceBasis> ParseAllowanceBasis(absl::string_view name) {
  for (AllowanceBasis b :
       {AllowanceBasis::kMaximumCreditValue, AllowanceBasis::kValueAtRisk, AllowanceBasis::kNone}) {
    if (name == AllowanceBasisName(b)) return b;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "allowance basis \"", name, "\" is not one of MAXIMUM_CREDIT_VALUE, VALUE_AT_RISK, NONE"));
}

CreditPolicy DefaultCreditPolicy() {
  CreditPolicy p;
  p.id = "default";
  p.name = "SPEC 4 illustrative default (SECMP0016 style)";
  p.effective_date = Date(2017, 4, 1);
  p.uplift_bp = 4000;
  p.allowance_basis = AllowanceBasis::kMaximumCreditValue;
  // Every rating is listed, zeros included, so an operator reading the table sees the whole scale.
  for (int r = 0; r < kRatings; ++r) {
    const int64_t ucf = r <= 3 ? 10000 : r <= 6 ? 4000 : r <= 9 ? 2000 : 0;  // AA-, A-, BBB-
    p.rating_factors.push_back({kRatingScale[r], ucf});
  }
  p.score_bands = {{80, 100, 2000}, {60, 79, 1000}, {40, 59, 500}, {0, 39, 0}};
  return p;
}

absl::Status ValidateCreditPolicy(const CreditPolicy& policy) {
  const std::string where = absl::StrCat("credit policy \"", policy.id, "\"");
  if (policy.uplift_bp < 0 || policy.uplift_bp > bounds::kMaxUpliftBp) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": uplift_bp must be 0 to ",
                                                   bounds::kMaxUpliftBp, " (got ",
                                                   policy.uplift_bp, ")"));
  }
  if (policy.mcv_cap_pence) {
    if (absl::Status s = CheckAmount(*policy.mcv_cap_pence, absl::StrCat(where, ": mcv_cap_pence"));
        !s.ok()) {
      return s;
    }
  }
  absl::Status s = ValidateRatingTable(policy, where);
  if (!s.ok()) return s;
  return ValidateScoreBands(policy, where);
}

absl::StatusOr<CreditPolicy> SelectPolicyInForce(absl::Span<const CreditPolicy> policies, Date d) {
  const CreditPolicy* chosen = nullptr;
  for (const CreditPolicy& p : policies) {
    if (p.effective_date <= d &&
        (chosen == nullptr || p.effective_date >= chosen->effective_date)) {
      chosen = &p;
    }
  }
  if (chosen != nullptr) return *chosen;
  if (policies.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no credit policy is in force on ", FormatDate(d), ": none is loaded"));
  }
  const auto earliest = std::min_element(policies.begin(), policies.end(),
                                         [](const CreditPolicy& a, const CreditPolicy& b) {
                                           return a.effective_date < b.effective_date;
                                         });
  return absl::FailedPreconditionError(
      absl::StrCat("no credit policy is in force on ", FormatDate(d), ": the earliest, \"",
                   earliest->id, "\", takes effect on ", FormatDate(earliest->effective_date)));
}

// ---- Inputs --------------------------------------------------------------------------------

const char* InstrumentKindName(InstrumentKind kind) {
  switch (kind) {
    case InstrumentKind::kBankGuarantee:
      return "BANK_GUARANTEE";
    case InstrumentKind::kLetterOfCredit:
      return "LETTER_OF_CREDIT";
    case InstrumentKind::kCashDeposit:
      return "CASH_DEPOSIT";
  }
  return "UNKNOWN";
}

absl::StatusOr<InstrumentKind> ParseInstrumentKind(absl::string_view name) {
  for (InstrumentKind k : {InstrumentKind::kBankGuarantee, InstrumentKind::kLetterOfCredit,
                           InstrumentKind::kCashDeposit}) {
    if (name == InstrumentKindName(k)) return k;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("instrument kind \"", name,
                   "\" is not one of BANK_GUARANTEE, LETTER_OF_CREDIT, CASH_DEPOSIT"));
}

bool CreditInstrument::InForceOn(Date d) const {
  return valid_from <= d && (!valid_to || d <= *valid_to);
}

absl::Status ValidateMonthlyCharge(const MonthlyCharge& charge) {
  absl::Status s = CheckParty(charge.party, "charge party");
  if (!s.ok()) return s;
  // A period is a month: "2017-03" is checked as the date "2017-03-01".
  if (charge.period.size() != 7 || !ParseDate(absl::StrCat(charge.period, "-01"), "").ok()) {
    return absl::InvalidArgumentError(absl::StrCat("charge period: \"", charge.period,
                                                   "\" is not a month; use YYYY-MM, e.g. 2017-03"));
  }
  return CheckAmount(charge.amount_pence, "charge amount_pence");
}

absl::Status ValidateCreditAssessment(const CreditAssessment& a) {
  absl::Status s = CheckParty(a.party, "assessment party");
  if (s.ok() && a.rating) s = ValidateCreditRating(*a.rating, "assessment rating");
  if (s.ok() && a.score) s = CheckScore(*a.score, "assessment score");
  if (s.ok()) s = CheckAmount(a.mcv_pence, "assessment mcv_pence");
  return s;
}

absl::Status ValidateCreditInstrument(const CreditInstrument& i) {
  absl::Status s = CheckParty(i.party, "instrument party");
  if (s.ok()) s = CheckAmount(i.amount_pence, "instrument amount_pence");
  if (!s.ok()) return s;
  if (i.issuer.size() > bounds::kNameChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("instrument issuer: at most ", bounds::kNameChars, " characters"));
  }
  // A cash deposit is held by the DCC itself; guarantees and letters of credit need a bank.
  if (i.issuer.empty() && i.kind != InstrumentKind::kCashDeposit) {
    return absl::InvalidArgumentError(
        absl::StrCat("instrument issuer is required for a ", InstrumentKindName(i.kind)));
  }
  if (i.valid_to && *i.valid_to < i.valid_from) {
    return absl::InvalidArgumentError(absl::StrCat("instrument valid_to ", FormatDate(*i.valid_to),
                                                   " is before valid_from ",
                                                   FormatDate(i.valid_from)));
  }
  return absl::OkStatus();
}

namespace {
// Latest `date_of(item)` on or before d; ties go to the later element.
template <typename T, typename DateOf>
const T* LatestOnOrBefore(absl::Span<const T> items, Date d, DateOf date_of) {
  const T* latest = nullptr;
  for (const T& item : items) {
    if (date_of(item) <= d && (latest == nullptr || date_of(item) >= date_of(*latest))) {
      latest = &item;
    }
  }
  return latest;
}
}  // namespace

const MonthlyCharge* LatestChargeOnOrBefore(absl::Span<const MonthlyCharge> charges, Date d) {
  return LatestOnOrBefore(charges, d, [](const MonthlyCharge& c) { return c.invoice_date; });
}

const CreditAssessment* LatestAssessmentOnOrBefore(absl::Span<const CreditAssessment> assessments,
                                                   Date d) {
  return LatestOnOrBefore(assessments, d,
                          [](const CreditAssessment& a) { return a.effective_date; });
}

CreditInputs SelectCreditInputs(absl::Span<const MonthlyCharge> charges,
                                absl::Span<const CreditAssessment> assessments,
                                absl::Span<const CreditInstrument> instruments, Date d) {
  CreditInputs in;
  if (const MonthlyCharge* c = LatestChargeOnOrBefore(charges, d)) in.charge = *c;
  if (const CreditAssessment* a = LatestAssessmentOnOrBefore(assessments, d)) in.assessment = *a;
  in.instruments.assign(instruments.begin(), instruments.end());
  return in;
}

// ---- Calculation ---------------------------------------------------------------------------

const char* UcfSourceName(UcfSource source) {
  switch (source) {
    case UcfSource::kRating:
      return "RATING";
    case UcfSource::kScore:
      return "SCORE";
    case UcfSource::kNone:
      return "NONE";
  }
  return "UNKNOWN";
}

absl::StatusOr<int64_t> LodgedOn(absl::Span<const CreditInstrument> instruments, Date d) {
  absl::int128 sum = 0;
  for (const CreditInstrument& i : instruments) {
    absl::Status s = CheckNotNegative(i.amount_pence, "instrument amount_pence");
    if (!s.ok()) return s;
    if (i.InForceOn(d)) sum += i.amount_pence;
  }
  return FitPence(sum, absl::StrCat("credit support lodged on ", FormatDate(d)));
}

absl::StatusOr<CreditResult> CalculateCreditCover(const CreditPolicy& policy,
                                                  const CreditInputs& inputs, Date date) {
  absl::Status s = ValidateCreditPolicy(policy);
  if (!s.ok()) return s;
  CreditResult r;
  r.date = date;
  r.policy_id = policy.id;
  r.policy_name = policy.name;
  r.policy_effective_date = policy.effective_date;

  // Step 1: Value at Risk.
  if (inputs.charge) {
    const MonthlyCharge& c = *inputs.charge;
    s = CheckNotNegative(c.amount_pence, "charge amount_pence");
    if (!s.ok()) return s;
    if (c.invoice_date > date) {
      return absl::InvalidArgumentError(absl::StrCat(
          "charge invoiced on ", FormatDate(c.invoice_date), " is after ", FormatDate(date)));
    }
    r.charges_pence = c.amount_pence;
    r.charge = c;
  }
  r.uplift_bp = policy.uplift_bp;
  absl::StatusOr<int64_t> var =
      FitPence(MulBpHalfUp(r.charges_pence, absl::int128(kFullFactorBp) + policy.uplift_bp),
               absl::StrCat("Value at Risk for charges of ", FormatPence(r.charges_pence)));
  if (!var.ok()) return var.status();
  r.value_at_risk_pence = *var;

  // Step 2: Unsecured Credit Factor, rating first, then score.
  if (inputs.assessment) {
    const CreditAssessment& a = *inputs.assessment;
    if (a.effective_date > date) {
      return absl::InvalidArgumentError(absl::StrCat(
          "credit assessment of ", FormatDate(a.effective_date), " is after ", FormatDate(date)));
    }
    s = CheckNotNegative(a.mcv_pence, "assessment mcv_pence");
    if (s.ok() && a.rating) s = ValidateCreditRating(*a.rating, "assessment rating");
    if (s.ok() && a.score) s = CheckScore(*a.score, "assessment score");
    if (!s.ok()) return s;
    r.assessment_date = a.effective_date;
    r.mcv_pence = a.mcv_pence;
    if (a.rating) {
      r.ucf_source = UcfSource::kRating;
      r.rating = *a.rating;
      r.ucf_bp = RatingFactorsByRank(policy)[*CreditRatingRank(*a.rating)];
    } else if (a.score) {
      r.ucf_source = UcfSource::kScore;
      r.score = a.score;
      r.ucf_bp = ScoreFactor(policy, *a.score);
    }
  }

  // Step 3: the amount the factor applies to.
  r.allowance_basis = policy.allowance_basis;
  r.mcv_cap_pence = policy.mcv_cap_pence;
  switch (policy.allowance_basis) {
    case AllowanceBasis::kMaximumCreditValue:
      r.basis_pence =
          policy.mcv_cap_pence ? std::min(r.mcv_pence, *policy.mcv_cap_pence) : r.mcv_pence;
      break;
    case AllowanceBasis::kValueAtRisk:
      r.basis_pence = r.value_at_risk_pence;
      break;
    case AllowanceBasis::kNone:
      r.basis_pence = 0;
      break;
  }

  // Steps 4-7. The factor is at most 10000 bp, so the allowance never exceeds the basis.
  r.allowance_pence = static_cast<int64_t>(MulBpHalfUp(r.basis_pence, r.ucf_bp));
  r.requirement_pence = std::max<int64_t>(0, r.value_at_risk_pence - r.allowance_pence);
  absl::StatusOr<int64_t> lodged = LodgedOn(inputs.instruments, date);
  if (!lodged.ok()) return lodged.status();
  r.lodged_pence = *lodged;
  r.lodged_instruments = static_cast<int>(
      std::count_if(inputs.instruments.begin(), inputs.instruments.end(),
                    [date](const CreditInstrument& i) { return i.InForceOn(date); }));
  r.shortfall_pence = std::max<int64_t>(0, r.requirement_pence - r.lodged_pence);
  return r;
}

std::string FormatPence(int64_t pence) {
  // Negate in unsigned arithmetic so INT64_MIN formats too.
  if (pence < 0) return absl::StrCat("-", FormatPounds(0 - static_cast<uint64_t>(pence)));
  return FormatPounds(static_cast<uint64_t>(pence));
}

std::string FormatBasisPoints(int64_t bp) {
  const uint64_t magnitude = bp < 0 ? 0 - static_cast<uint64_t>(bp) : static_cast<uint64_t>(bp);
  return absl::StrFormat("%s%d.%02d%%", bp < 0 ? "-" : "", magnitude / 100,
                         static_cast<int>(magnitude % 100));
}

std::vector<std::string> ExplainCreditResult(const CreditResult& r) {
  std::vector<std::string> lines;
  const std::string on = FormatDate(r.date);
  lines.push_back(absl::StrCat("Credit cover on ", on, " under policy \"", r.policy_id, "\" (",
                               r.policy_name, "), effective ", FormatDate(r.policy_effective_date),
                               "."));

  const std::string source = r.charge ? absl::StrCat("invoice for ", r.charge->period, " dated ",
                                                     FormatDate(r.charge->invoice_date))
                                      : absl::StrCat("no invoice on or before ", on);
  lines.push_back(absl::StrCat("1. Value at Risk = charges ", FormatPence(r.charges_pence), " (",
                               source, ") x (100% + ", FormatBasisPoints(r.uplift_bp),
                               " uplift), rounded half-up = ", FormatPence(r.value_at_risk_pence)));

  const std::string assessed =
      r.assessment_date ? absl::StrCat("assessment of ", FormatDate(*r.assessment_date)) : "";
  switch (r.ucf_source) {
    case UcfSource::kRating:
      lines.push_back(absl::StrCat("2. Unsecured Credit Factor = ", FormatBasisPoints(r.ucf_bp),
                                   " for credit rating ", r.rating, " (", assessed, ")"));
      break;
    case UcfSource::kScore:
      lines.push_back(absl::StrCat("2. Unsecured Credit Factor = ", FormatBasisPoints(r.ucf_bp),
                                   " for credit score ", r.score.value_or(0), " (unrated; ",
                                   assessed, ")"));
      break;
    case UcfSource::kNone:
      lines.push_back(absl::StrCat("2. Unsecured Credit Factor = ", FormatBasisPoints(r.ucf_bp),
                                   ": no credit rating or score on or before ", on));
      break;
  }

  std::string basis = absl::StrCat("3. Basis (", AllowanceBasisName(r.allowance_basis), ") = ");
  switch (r.allowance_basis) {
    case AllowanceBasis::kMaximumCreditValue:
      absl::StrAppend(&basis,
                      r.mcv_cap_pence
                          ? absl::StrCat("min(Maximum Credit Value ", FormatPence(r.mcv_pence),
                                         ", cap ", FormatPence(*r.mcv_cap_pence), ") = ")
                          : "Maximum Credit Value ",
                      FormatPence(r.basis_pence));
      break;
    case AllowanceBasis::kValueAtRisk:
      absl::StrAppend(&basis, "Value at Risk ", FormatPence(r.basis_pence));
      break;
    case AllowanceBasis::kNone:
      absl::StrAppend(&basis, FormatPence(r.basis_pence),
                      ": the policy allows no unsecured credit");
      break;
  }
  lines.push_back(std::move(basis));

  lines.push_back(absl::StrCat("4. Allowance = ", FormatPence(r.basis_pence), " x ",
                               FormatBasisPoints(r.ucf_bp),
                               ", rounded half-up = ", FormatPence(r.allowance_pence)));
  lines.push_back(absl::StrCat(
      "5. Credit Cover Requirement = max(0, ", FormatPence(r.value_at_risk_pence), " - ",
      FormatPence(r.allowance_pence), ") = ", FormatPence(r.requirement_pence)));
  lines.push_back(absl::StrCat(
      "6. Lodged = ", FormatPence(r.lodged_pence), " from ", r.lodged_instruments,
      r.lodged_instruments == 1 ? " instrument" : " instruments", " in force on ", on));
  lines.push_back(absl::StrCat("7. Shortfall = max(0, ", FormatPence(r.requirement_pence), " - ",
                               FormatPence(r.lodged_pence),
                               ") = ", FormatPence(r.shortfall_pence)));
  return lines;
}

absl::Status CheckWithdrawal(int64_t requirement_pence,
                             absl::Span<const CreditInstrument> remaining, Date d) {
  absl::StatusOr<int64_t> lodged = LodgedOn(remaining, d);
  if (!lodged.ok()) return lodged.status();
  if (*lodged >= requirement_pence) return absl::OkStatus();
  return UnderRule(
      Refused(absl::StatusCode::kFailedPrecondition, "CREDIT_SUPPORT_SHORT",
              absl::StrCat("withdrawal refused: it would leave ", FormatPence(*lodged),
                           " lodged on ", FormatDate(d), " against a Credit Cover Requirement of ",
                           FormatPence(requirement_pence), ", short by ",
                           FormatPence(requirement_pence - *lodged)),
              {{"lodged_pence", absl::StrCat(*lodged)},
               {"requirement_pence", absl::StrCat(requirement_pence)}}),
      CitedRule::kCreditWithdrawal);
}

absl::Status CheckSupportChange(const CreditResult& before,
                                absl::Span<const CreditInstrument> remaining, Date d) {
  absl::StatusOr<int64_t> after = LodgedOn(remaining, d);
  if (!after.ok()) return after.status();
  if (*after >= before.lodged_pence) return absl::OkStatus();
  return CheckWithdrawal(before.requirement_pence, remaining, d);
}

Date ValidToAfterWithdrawal(const CreditInstrument& i, Date withdrawn) {
  const Date last = withdrawn - 1;
  return i.valid_to.has_value() && *i.valid_to < last ? *i.valid_to : last;
}

std::optional<CreditInstrument> InForceUntilWithdrawn(const CreditInstrument& i,
                                                      std::optional<Date> withdrawn) {
  CreditInstrument out = i;
  if (withdrawn.has_value()) {
    out.valid_to = ValidToAfterWithdrawal(i, *withdrawn);
    if (*out.valid_to < i.valid_from) return std::nullopt;
  }
  return out;
}

// ---- Portfolio -----------------------------------------------------------------------------

absl::StatusOr<PortfolioTotals> SumPortfolio(absl::Span<const CreditResult> results) {
  // 128-bit sums cannot overflow for any realistic count of int64 terms; the totals are checked
  // once, at the end.
  absl::int128 var = 0, allowance = 0, requirement = 0, lodged = 0, shortfall = 0;
  for (const CreditResult& r : results) {
    var += r.value_at_risk_pence;
    allowance += r.allowance_pence;
    requirement += r.requirement_pence;
    lodged += r.lodged_pence;
    shortfall += r.shortfall_pence;
  }
  PortfolioTotals t;
  t.parties = static_cast<int>(results.size());
  const std::pair<absl::int128, int64_t*> sums[] = {{var, &t.value_at_risk_pence},
                                                    {allowance, &t.allowance_pence},
                                                    {requirement, &t.requirement_pence},
                                                    {lodged, &t.lodged_pence},
                                                    {shortfall, &t.shortfall_pence}};
  for (const auto& [sum, out] : sums) {
    absl::StatusOr<int64_t> fitted = FitPence(sum, "a portfolio total");
    if (!fitted.ok()) return fitted.status();
    *out = *fitted;
  }
  if (var > 0) {
    // Half-up division: floor((2·req·10000 + ΣVaR) / (2·ΣVaR)).
    t.requirement_share_bp =
        static_cast<int64_t>((2 * requirement * kFullFactorBp + var) / (2 * var));
  }
  return t;
}

// ---- Breach and default --------------------------------------------------------------------

Date CureDeadline(Date notice_date, const WorkingDayCalendar& calendar) {
  return calendar.AddWorkingDays(notice_date, 3);  // SEC J3.14: the 3rd working day after
}

const char* CreditCheckActionName(CreditCheckAction action) {
  switch (action) {
    case CreditCheckAction::kNothing:
      return "NOTHING";
    case CreditCheckAction::kIssueNotice:
      return "ISSUE_NOTICE";
    case CreditCheckAction::kRaiseEventOfDefault:
      return "RAISE_EVENT_OF_DEFAULT";
    case CreditCheckAction::kMarkCured:
      return "MARK_CURED";
  }
  return "UNKNOWN";
}

absl::StatusOr<CreditCheckDecision> DecideCreditCheck(Date d, int64_t shortfall_pence,
                                                      const std::optional<OpenBreachNotice>& open,
                                                      const WorkingDayCalendar& calendar) {
  absl::Status s = CheckNotNegative(shortfall_pence, "shortfall_pence");
  if (!s.ok()) return s;
  const bool short_on_d = shortfall_pence > 0;
  CreditCheckDecision decision;
  decision.date = d;
  if (!open) {
    if (short_on_d) {
      decision.action = CreditCheckAction::kIssueNotice;
      decision.cure_deadline = CureDeadline(d, calendar);
      if (absl::Status s = CheckComputedDate(decision.cure_deadline, "the cure deadline", "date");
          !s.ok()) {
        return s;
      }
    }
    return decision;
  }
  decision.cure_deadline = open->cure_deadline;
  // A re-run for a day before the notice existed changes nothing.
  if (d < open->notice_date) return decision;
  if (open->default_raised || d < open->cure_deadline) {
    if (!short_on_d) decision.action = CreditCheckAction::kMarkCured;
    return decision;
  }
  if (d > open->cure_deadline) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the notice of breach of ", FormatDate(open->notice_date), " has cure deadline ",
        FormatDate(open->cure_deadline), ", which was never checked: run the check for ",
        FormatDate(open->cure_deadline), " before ", FormatDate(d)));
  }
  // d is the cure deadline: support in force on it cures the breach; otherwise it is a default.
  decision.action =
      short_on_d ? CreditCheckAction::kRaiseEventOfDefault : CreditCheckAction::kMarkCured;
  return decision;
}

}  // namespace sec
