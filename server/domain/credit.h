#ifndef SEC_DOMAIN_CREDIT_H_
#define SEC_DOMAIN_CREDIT_H_

// Credit cover (SPEC 4, SEC J3 as amended by SECMP0016). Money is integer pence and factors are
// integer basis points all the way through, so every figure can be reproduced to the penny.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "domain/calendar.h"
#include "domain/dates.h"

namespace sec {

// ---- Rating scale --------------------------------------------------------------------------

// The scale, best first: AAA, AA+, AA, AA-, A+, A, A-, BBB+, BBB, BBB-, BB+, BB, BB-, B+, B, B-,
// CCC+, CCC, CCC-, CC, C, D.
absl::Span<const char* const> CreditRatingScale();
// Position on the scale (0 = AAA); nullopt for a string not on it. Exact, case-sensitive.
std::optional<int> CreditRatingRank(absl::string_view rating);
// INVALID_ARGUMENT naming `field` and the scale unless `rating` is on it.
absl::Status ValidateCreditRating(absl::string_view rating, absl::string_view field);

// ---- Policy --------------------------------------------------------------------------------

enum class AllowanceBasis {
  kMaximumCreditValue,  // SECMP0016 onwards: min(MCV, mcv_cap)
  kValueAtRisk,         // [policy] pre-SECMP0016 style: the VaR itself
  kNone,                // no unsecured allowance
};
// "MAXIMUM_CREDIT_VALUE", "VALUE_AT_RISK", "NONE".
const char* AllowanceBasisName(AllowanceBasis basis);
absl::StatusOr<AllowanceBasis> ParseAllowanceBasis(absl::string_view name);

struct RatingFactor {
  std::string rating;  // on the scale above
  int64_t ucf_bp = 0;
};

// Inclusive score range [min_score, max_score] within 0..100.
struct ScoreBand {
  int min_score = 0;
  int max_score = 0;
  int64_t ucf_bp = 0;
};

// A rating absent from `rating_factors`, or a score in no band, has factor 0.
struct CreditPolicy {
  std::string id;
  std::string name;
  Date effective_date;
  int64_t uplift_bp = 4000;
  AllowanceBasis allowance_basis = AllowanceBasis::kMaximumCreditValue;
  std::vector<RatingFactor> rating_factors;
  std::vector<ScoreBand> score_bands;
  std::optional<int64_t> mcv_cap_pence;
};

// SPEC 4's illustrative default: 40% uplift, MCV basis, no cap, the default factor tables,
// effective 2017-04-01 (SEC 5.6, which implemented SECMP0016).
CreditPolicy DefaultCreditPolicy();

// INVALID_ARGUMENT, naming the offending entry, for: negative uplift or cap; a factor outside
// 0..10000 bp; a rating not on the scale or listed twice; a score band outside 0..100, inverted
// or overlapping another; a table in which a worse rating or a lower score earns a larger
// factor than a better one (so an improved assessment can never raise the requirement).
absl::Status ValidateCreditPolicy(const CreditPolicy& policy);

// The policy in force on `d`: latest effective date on or before `d` (ties: the later in the
// list). None -> FAILED_PRECONDITION.
absl::StatusOr<CreditPolicy> SelectPolicyInForce(absl::Span<const CreditPolicy> policies, Date d);

// ---- Inputs --------------------------------------------------------------------------------

struct MonthlyCharge {
  std::string party;
  std::string period;  // "YYYY-MM", the month invoiced
  Date invoice_date;
  int64_t amount_pence = 0;
};

struct CreditAssessment {
  std::string party;
  Date effective_date;
  std::optional<std::string> rating;  // on the scale
  std::optional<int> score;           // 0..100
  int64_t mcv_pence = 0;              // Maximum Credit Value
};

enum class InstrumentKind { kBankGuarantee, kLetterOfCredit, kCashDeposit };

// A lodged instrument stays lodged until withdrawn (credit.proto CreditSupportState).
enum class InstrumentState { kLodged, kWithdrawn };
const char* InstrumentStateCode(InstrumentState s);  // "LODGED", "WITHDRAWN"
bool ParseInstrumentState(absl::string_view code, InstrumentState* s);

// A notice of breach is open until the shortfall is cured (an Event of Default is an open
// notice past its cure deadline).
enum class NoticeState { kOpen, kCured };
const char* NoticeStateCode(NoticeState s);  // "OPEN", "CURED"
bool ParseNoticeState(absl::string_view code, NoticeState* s);
// "BANK_GUARANTEE", "LETTER_OF_CREDIT", "CASH_DEPOSIT".
const char* InstrumentKindName(InstrumentKind kind);
absl::StatusOr<InstrumentKind> ParseInstrumentKind(absl::string_view name);

struct CreditInstrument {
  std::string id;  // storage's key; may be empty in pure calculations
  std::string party;
  InstrumentKind kind = InstrumentKind::kBankGuarantee;
  int64_t amount_pence = 0;
  std::string issuer;
  Date valid_from;
  std::optional<Date> valid_to;  // inclusive

  bool InForceOn(Date d) const;
};

// One party's inputs for one date. The calculation uses the charge and assessment given (the
// caller picks the latest on or before the date, e.g. with the selectors below) and counts only
// the instruments in force on the date.
struct CreditInputs {
  std::optional<MonthlyCharge> charge;
  std::optional<CreditAssessment> assessment;
  std::vector<CreditInstrument> instruments;
};

// Record checks shared by the bulk import and the service: party named, amounts from 0 to
// bounds::kMaxPence (£10,000,000,000),
// period "YYYY-MM", rating on the scale, score 0..100, an issuer for every instrument but a cash
// deposit, valid_to not before valid_from. INVALID_ARGUMENT naming the field.
absl::Status ValidateMonthlyCharge(const MonthlyCharge& charge);
absl::Status ValidateCreditAssessment(const CreditAssessment& assessment);
absl::Status ValidateCreditInstrument(const CreditInstrument& instrument);

// Latest on or before `d` (ties: the later in the list, i.e. a re-issued invoice wins);
// nullptr when there is none. The pointer is into `charges`/`assessments`.
const MonthlyCharge* LatestChargeOnOrBefore(absl::Span<const MonthlyCharge> charges, Date d);
const CreditAssessment* LatestAssessmentOnOrBefore(absl::Span<const CreditAssessment> assessments,
                                                   Date d);
// Builds the inputs for `d` from one party's full records.
CreditInputs SelectCreditInputs(absl::Span<const MonthlyCharge> charges,
                                absl::Span<const CreditAssessment> assessments,
                                absl::Span<const CreditInstrument> instruments, Date d);

// ---- Calculation ---------------------------------------------------------------------------

enum class UcfSource { kRating, kScore, kNone };
const char* UcfSourceName(UcfSource source);  // "RATING", "SCORE", "NONE"

// Every figure of SPEC 4 steps 1-7 and where it came from.
struct CreditResult {
  Date date;
  std::string policy_id;
  std::string policy_name;
  Date policy_effective_date;

  int64_t charges_pence = 0;
  std::optional<MonthlyCharge> charge;  // the invoice behind `charges_pence`, if any
  int64_t uplift_bp = 0;
  int64_t value_at_risk_pence = 0;

  std::optional<Date> assessment_date;
  UcfSource ucf_source = UcfSource::kNone;
  std::string rating;        // when ucf_source == kRating
  std::optional<int> score;  // when ucf_source == kScore
  int64_t ucf_bp = 0;

  AllowanceBasis allowance_basis = AllowanceBasis::kMaximumCreditValue;
  int64_t mcv_pence = 0;
  std::optional<int64_t> mcv_cap_pence;
  int64_t basis_pence = 0;
  int64_t allowance_pence = 0;
  int64_t requirement_pence = 0;
  int lodged_instruments = 0;  // instruments in force on `date`
  int64_t lodged_pence = 0;
  int64_t shortfall_pence = 0;
};

// SPEC 4 for one party on `date`. INVALID_ARGUMENT for an invalid policy, a negative amount,
// a rating off the scale, a score outside 0..100, a charge or assessment dated after `date`,
// or a figure that would not fit in int64 pence: an error rather than a wrong number.
absl::StatusOr<CreditResult> CalculateCreditCover(const CreditPolicy& policy,
                                                  const CreditInputs& inputs, Date date);

// The calculation line by line, figures in pounds ("£1,234.56").
std::vector<std::string> ExplainCreditResult(const CreditResult& result);

// "£1,234.56"; negative amounts "-£1.00". Integer formatting only.
std::string FormatPence(int64_t pence);
// Basis points as a percentage: 4000 -> "40.00%".
std::string FormatBasisPoints(int64_t bp);

// Sum of the instruments in force on `d`; INVALID_ARGUMENT on a negative amount or overflow.
absl::StatusOr<int64_t> LodgedOn(absl::Span<const CreditInstrument> instruments, Date d);

// Withdrawal rule: `remaining` is the party's instruments as they would be after withdrawing or
// reducing one. FAILED_PRECONDITION, stating the figures, if they would leave less lodged on `d`
// than `requirement_pence`.
absl::Status CheckWithdrawal(int64_t requirement_pence,
                             absl::Span<const CreditInstrument> remaining, Date d);

// An amendment or withdrawal of credit support, `before` being the party's figures on `d` and
// `remaining` its instruments as they would be after it: refused (FAILED_PRECONDITION, reason
// CREDIT_SUPPORT_SHORT) only when it reduces what is lodged on `d` below the requirement, so
// topping up a party that is already short is never blocked.
absl::Status CheckSupportChange(const CreditResult& before,
                                absl::Span<const CreditInstrument> remaining, Date d);

// The valid_to a withdrawal from `withdrawn` leaves an instrument with: the day before, unless
// it ended earlier (credit.proto's CREDIT_SUPPORT_STATE_WITHDRAWN).
Date ValidToAfterWithdrawal(const CreditInstrument& i, Date withdrawn);

// A withdrawal from `withdrawn` ends the instrument the day before (its valid_to becomes
// withdrawn - 1, unless it ended earlier); nullopt when it is then never in force.
std::optional<CreditInstrument> InForceUntilWithdrawn(const CreditInstrument& i,
                                                      std::optional<Date> withdrawn);

// ---- Portfolio -----------------------------------------------------------------------------

struct PortfolioTotals {
  int parties = 0;
  int64_t value_at_risk_pence = 0;
  int64_t allowance_pence = 0;
  int64_t requirement_pence = 0;
  int64_t lodged_pence = 0;
  int64_t shortfall_pence = 0;
  // Σrequirement / ΣVaR in basis points, half-up; 0 when ΣVaR is 0. The seed's "Credit Support
  // as a share of Value at Risk".
  int64_t requirement_share_bp = 0;
};
// INVALID_ARGUMENT if a sum would overflow int64.
absl::StatusOr<PortfolioTotals> SumPortfolio(absl::Span<const CreditResult> results);

// ---- Breach and default --------------------------------------------------------------------

// The cure deadline for a notice of breach issued on `notice_date`: the 3rd working day after it.
Date CureDeadline(Date notice_date, const WorkingDayCalendar& calendar);

// A party's notice of breach that has not been cured. It stays open after an Event of Default is
// raised on it, until the shortfall is gone.
struct OpenBreachNotice {
  Date notice_date;
  Date cure_deadline;
  bool default_raised = false;
};

enum class CreditCheckAction {
  kNothing,
  kIssueNotice,          // J3.14 notice dated `date`, cure deadline `cure_deadline`
  kRaiseEventOfDefault,  // M8.1(d), dated `date` (the notice's cure deadline)
  kMarkCured,            // close the open notice, dated `date`
};
const char* CreditCheckActionName(CreditCheckAction action);

struct CreditCheckDecision {
  CreditCheckAction action = CreditCheckAction::kNothing;
  Date date;           // when the action takes effect
  Date cure_deadline;  // the (new or open) notice's cure deadline; unset for kNothing w/o notice
};

// The daily check for one party on `d`, given its shortfall on `d` and its open notice. Applying
// the decision and asking again for the same `d` yields kNothing. Checks must run for each date in
// order: asked about a date past an open notice's cure deadline before the deadline itself was
// checked, it returns FAILED_PRECONDITION naming the date to check first (the shortfall on that
// date, not today's, decides the default). Negative shortfall -> INVALID_ARGUMENT.
absl::StatusOr<CreditCheckDecision> DecideCreditCheck(Date d, int64_t shortfall_pence,
                                                      const std::optional<OpenBreachNotice>& open,
                                                      const WorkingDayCalendar& calendar);

}  // namespace sec

#endif  // SEC_DOMAIN_CREDIT_H_
