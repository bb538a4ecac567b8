#ifndef SEC_DOMAIN_CITATIONS_H_
#define SEC_DOMAIN_CITATIONS_H_

// Rules that cite their source: every refusal of a lifecycle event, a consultation response, a
// Change Board vote or a credit withdrawal names the SEC clause behind it and the SEC version in
// force on the date of the act ("...; refused under SEC D7.8 (version 5.6)"). The rule -> clause
// table is kCitations in citations.cc, the one place a reviewer reads them all.
//
// The domain names the rule where it refuses (UnderRule); the service, which knows the date and
// reads the designated versions, cites it (CiteRule) once per kind of act.

#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/lifecycle.h"
#include "domain/sec_version.h"

namespace sec {

enum class CitedRule {
  // Each lifecycle event's rule: the statuses it may start from, its guards and who may cause it.
  kAcceptToRefinement,
  kAcceptToReportPhase,
  kApproveFastTrack,
  kRefinementComplete,
  kIssueConsultation,
  kCloseConsultation,
  kChangeBoardApprove,
  kChangeBoardReject,
  kChangeBoardRecommend,
  kAuthorityApprove,
  kAuthorityReject,
  kAuthoritySendBack,
  kImplement,
  kWithdraw,
  kSuspend,
  kLiftSuspension,
  kCancel,
  kReferToSecretaryOfState,
  // A proposal's record is kept in date order.
  kTimelineOrder,
  // Modification Report Consultation responses and closing.
  kResponseWhoMayRespond,  // the DCC does not respond
  kResponseNotOpen,        // the consultation is closed
  kResponseDeadline,       // due by the deadline
  kResponseBeforeIssue,    // not before the consultation was issued
  kCloseBeforeDeadline,    // a consultation closes on or after its deadline
  // Change Board votes.
  kVoteNotAMember,  // only a member with a voting group votes
  kVoteForAnother,  // a member votes only as itself, for its own group
  kVoteNotOpen,     // votes only while the proposal is at the Change Board
  // Credit cover: support may be withdrawn or reduced only while the requirement stays met.
  kCreditWithdrawal,
};

struct Citation {
  CitedRule rule;
  const char* name;    // lower_snake, sent as ErrorInfo metadata "sec_rule"
  const char* clause;  // "D7.8"
  const char* says;    // what the clause requires, in a few words
};

// Every row of the table, in CitedRule order (tests walk it).
const std::vector<Citation>& Citations();
const Citation& CitationOf(CitedRule rule);
// The rule of a lifecycle event (each event has one row).
CitedRule EventRule(LifecycleEvent event);

// The same refusal, naming the rule it was refused under (a payload the service reads).
absl::Status UnderRule(absl::Status refusal, CitedRule rule);
std::optional<CitedRule> RuleOf(const absl::Status& s);

// The refusal citing its rule: the message gains "; refused under SEC <clause> (version <n>)",
// or, when no version is recorded in force on `day`, "; refused under SEC <clause> (no SEC
// version recorded in force on <day>)"; its ErrorInfo keeps its reason (the code's name when it
// had none) and metadata and gains sec_clause, sec_version ("" when none) and sec_rule. An OK
// status is returned as it is; a refusal already citing is not cited twice.
absl::Status CiteRule(const absl::Status& refusal, CitedRule rule,
                      const std::optional<SecVersion>& in_force, Date day);
// With the rule the refusal names (UnderRule), or `fallback`; unchanged when neither.
absl::Status CiteRefusal(const absl::Status& refusal, const std::vector<SecVersion>& versions,
                         Date day, std::optional<CitedRule> fallback = std::nullopt);

}  // namespace sec

#endif  // SEC_DOMAIN_CITATIONS_H_
