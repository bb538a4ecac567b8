#include "domain/citations.h"

#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr absl::string_view kRuleUrl = "sec.v1/rule";
constexpr absl::string_view kCitedMarker = "; refused under SEC ";

using R = CitedRule;

// THE rule -> clause table.
//
// ILLUSTRATIVE, NOT VERIFIED: the clause numbers follow the SEC's structure (Section D, the
// modification process: D1 raising proposals and withdrawal, D2 the Modifications Register,
// D3 modification paths and the Panel's initial decision, D4 working groups and refinement,
// D5 the Modification Report, D6 the Modification Report Consultation, D7 the Change Board,
// D8 the Authority's determination, D9 implementation; Section X2 the Secretary of State's
// transitional powers; Section J3 credit cover), but the exact paragraph numbers were not
// checked against the SEC's legal text. Correct a row here and every refusal follows.
const std::vector<Citation>& Table() {
  static const std::vector<Citation>* const kCitations = new std::vector<Citation>{
      {R::kAcceptToRefinement, "accept_to_refinement", "D3.6",
       "the Panel sends a submitted proposal to the Refinement Process and sets its path"},
      {R::kAcceptToReportPhase, "accept_to_report_phase", "D3.7",
       "the Panel sends a submitted proposal straight to the Report Phase and sets its path"},
      {R::kApproveFastTrack, "approve_fast_track", "D3.9",
       "the Panel may approve outright only a Fast-Track proposal"},
      {R::kRefinementComplete, "refinement_complete", "D4.8",
       "the Panel ends the Refinement Process of a proposal in it"},
      {R::kIssueConsultation, "issue_consultation", "D6.2",
       "a Modification Report Consultation is issued for a proposal in refinement or report "
       "phase"},
      {R::kCloseConsultation, "close_consultation", "D6.6",
       "SECAS closes an open consultation, passing the proposal to the Change Board"},
      {R::kChangeBoardApprove, "change_board_approve", "D7.8",
       "the Change Board decides (approves) only Path 3 Self-Governance proposals before it"},
      {R::kChangeBoardReject, "change_board_reject", "D7.8",
       "the Change Board decides (rejects) only Path 3 Self-Governance proposals before it"},
      {R::kChangeBoardRecommend, "change_board_recommend", "D7.9",
       "on Path 1 and Path 2 the Change Board recommends to the Authority"},
      {R::kAuthorityApprove, "authority_approve", "D8.2",
       "the Authority determines a proposal awaiting its decision"},
      {R::kAuthorityReject, "authority_reject", "D8.2",
       "the Authority determines a proposal awaiting its decision"},
      {R::kAuthoritySendBack, "authority_send_back", "D8.4",
       "the Authority may send a proposal awaiting its decision back to the Report Phase"},
      {R::kImplement, "implement", "D9.2",
       "an approved proposal is implemented in a designated SEC version"},
      {R::kWithdraw, "withdraw", "D1.9", "only the proposer withdraws an open proposal"},
      {R::kSuspend, "suspend", "X2.3",
       "the Secretary of State may suspend an open proposal not already suspended"},
      {R::kLiftSuspension, "lift_suspension", "X2.3", "the Secretary of State lifts a suspension"},
      {R::kCancel, "cancel", "X2.3", "the Secretary of State may cancel an open proposal"},
      {R::kReferToSecretaryOfState, "refer_to_secretary_of_state", "X2.3(d)",
       "the Panel may refer an open proposal to the Secretary of State"},
      {R::kTimelineOrder, "timeline_order", "D2.2",
       "the Modifications Register records each proposal's steps in date order"},
      {R::kResponseWhoMayRespond, "response_who_may_respond", "D6.3",
       "responses come from the SEC Parties other than the DCC"},
      {R::kResponseNotOpen, "response_not_open", "D6.5",
       "responses are received only while the consultation is open"},
      {R::kResponseDeadline, "response_deadline", "D6.4",
       "responses are due by the consultation's deadline"},
      {R::kResponseBeforeIssue, "response_before_issue", "D6.4",
       "responses answer an issued consultation"},
      {R::kCloseBeforeDeadline, "close_before_deadline", "D6.6",
       "a consultation closes no earlier than its deadline"},
      {R::kVoteNotAMember, "vote_not_a_member", "D7.3",
       "only Change Board members, each sitting for a voting group, vote"},
      {R::kVoteForAnother, "vote_for_another", "D7.4",
       "a Change Board member votes only as itself and for its own group"},
      {R::kVoteNotOpen, "vote_not_open", "D7.5",
       "votes are cast while the proposal is before the Change Board"},
      {R::kCreditWithdrawal, "credit_withdrawal", "J3.13",
       "credit support may be withdrawn or reduced only while the Credit Cover Requirement "
       "stays met"},
  };
  return *kCitations;
}

struct EventRuleRow {
  LifecycleEvent event;
  CitedRule rule;
};
using E = LifecycleEvent;
constexpr EventRuleRow kEventRules[] = {
    {E::kAcceptToRefinement, R::kAcceptToRefinement},
    {E::kAcceptToReportPhase, R::kAcceptToReportPhase},
    {E::kApproveFastTrack, R::kApproveFastTrack},
    {E::kRefinementComplete, R::kRefinementComplete},
    {E::kIssueConsultation, R::kIssueConsultation},
    {E::kCloseConsultation, R::kCloseConsultation},
    {E::kChangeBoardApprove, R::kChangeBoardApprove},
    {E::kChangeBoardReject, R::kChangeBoardReject},
    {E::kChangeBoardRecommend, R::kChangeBoardRecommend},
    {E::kAuthorityApprove, R::kAuthorityApprove},
    {E::kAuthorityReject, R::kAuthorityReject},
    {E::kAuthoritySendBack, R::kAuthoritySendBack},
    {E::kImplement, R::kImplement},
    {E::kWithdraw, R::kWithdraw},
    {E::kSuspend, R::kSuspend},
    {E::kLiftSuspension, R::kLiftSuspension},
    {E::kCancel, R::kCancel},
    {E::kReferToSecretaryOfState, R::kReferToSecretaryOfState},
};

}  // namespace

const std::vector<Citation>& Citations() { return Table(); }

const Citation& CitationOf(CitedRule rule) {
  for (const Citation& c : Table()) {
    if (c.rule == rule) return c;
  }
  // Every CitedRule has a row (tests/domain/citations_test.cc walks them).
  return Table().front();
}

CitedRule EventRule(LifecycleEvent event) {
  for (const EventRuleRow& r : kEventRules) {
    if (r.event == event) return r.rule;
  }
  return R::kTimelineOrder;
}

absl::Status UnderRule(absl::Status refusal, CitedRule rule) {
  if (!refusal.ok()) refusal.SetPayload(kRuleUrl, absl::Cord(CitationOf(rule).name));
  return refusal;
}

std::optional<CitedRule> RuleOf(const absl::Status& s) {
  absl::optional<absl::Cord> name = s.GetPayload(kRuleUrl);
  if (!name.has_value()) return std::nullopt;
  for (const Citation& c : Table()) {
    if (*name == c.name) return c.rule;
  }
  return std::nullopt;
}

absl::Status CiteRule(const absl::Status& refusal, CitedRule rule,
                      const std::optional<SecVersion>& in_force, Date day) {
  if (refusal.ok() || absl::StrContains(refusal.message(), kCitedMarker)) return refusal;
  const Citation& c = CitationOf(rule);
  const std::string version =
      in_force.has_value() ? absl::StrCat("version ", in_force->number)
                           : absl::StrCat("no SEC version recorded in force on ", FormatDate(day));
  std::optional<ErrorReason> reason = ReasonOf(refusal);
  ErrorReason r = reason.has_value() ? *std::move(reason)
                                     : ErrorReason{absl::StatusCodeToString(refusal.code()), {}};
  r.metadata.push_back({"sec_clause", c.clause});
  r.metadata.push_back({"sec_version", in_force.has_value() ? in_force->number : ""});
  r.metadata.push_back({"sec_rule", c.name});
  absl::Status out =
      Refused(refusal.code(), r.reason,
              absl::StrCat(refusal.message(), kCitedMarker, c.clause, " (", version, ")"),
              std::move(r.metadata));
  // The other payloads (the field an error names, the rule) travel on.
  refusal.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    if (url != "sec.v1/reason") out.SetPayload(url, value);
  });
  return out;
}

absl::Status CiteRefusal(const absl::Status& refusal, const std::vector<SecVersion>& versions,
                         Date day, std::optional<CitedRule> fallback) {
  if (refusal.ok()) return refusal;
  std::optional<CitedRule> rule = RuleOf(refusal);
  if (!rule.has_value()) rule = fallback;
  if (!rule.has_value()) return refusal;
  return CiteRule(refusal, *rule, VersionInForce(versions, day), day);
}

}  // namespace sec
