#include "service/input_bounds.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/bounds.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/legal_text.h"
#include "domain/release.h"

namespace sec::service {
namespace {

namespace b = ::sec::bounds;

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// The kinds of field, with their bounds (domain/bounds.h holds the numbers).
constexpr FieldBound Chars(size_t n) { return {FieldKind::kText, 0, static_cast<int64_t>(n), 0}; }
constexpr FieldBound Ref() { return Chars(b::kNameChars); }  // a resource name or id
constexpr FieldBound Etag() { return Chars(b::kIdChars); }
constexpr FieldBound Name() { return Chars(b::kNameChars); }
constexpr FieldBound Text() { return Chars(b::kTextChars); }
constexpr FieldBound Token() { return Chars(b::kTokenChars); }
constexpr FieldBound RequestId() { return Chars(b::kRequestIdChars); }
constexpr FieldBound Bytes(int64_t n) { return {FieldKind::kBytes, 0, n, 0}; }
constexpr FieldBound Day() { return {FieldKind::kDate, 0, 0, 0}; }
constexpr FieldBound Month() { return {FieldKind::kMonth, 0, 0, 0}; }
constexpr FieldBound Money() { return {FieldKind::kMoney, 0, b::kMaxPence, 0}; }
constexpr FieldBound Range(int64_t min, int64_t max) { return {FieldKind::kRange, min, max, 0}; }
constexpr FieldBound PageSize() { return Range(0, kInt32Max); }
constexpr FieldBound Factor() { return Range(0, b::kMaxFactorBp); }
// A repeated field: each item bound as `each`, at most `items` of them.
constexpr FieldBound List(FieldBound each, size_t items) {
  each.max_items = static_cast<int64_t>(items);
  return each;
}
constexpr FieldBound Items(size_t items) { return List(FieldBound{}, items); }  // of messages

struct Entry {
  const char* field;  // full name: "sec.v1.Modification.title"
  FieldBound bound;
};

// Every string, integer and repeated field of every message a request can carry.
// tests/service/input_bounds_test.cc fails when a field is missing here or an entry names no
// field, and sends each bound's first value out of range to every RPC.
constexpr Entry kBounds[] = {
    // --- Register --------------------------------------------------------------------------
    {"sec.v1.Party.name", Ref()},
    {"sec.v1.Party.display_name", Name()},
    {"sec.v1.Party.etag", Etag()},
    {"sec.v1.CreatePartyRequest.party_id", Chars(b::kIdChars)},
    {"sec.v1.CreatePartyRequest.request_id", RequestId()},
    {"sec.v1.GetPartyRequest.name", Ref()},
    {"sec.v1.ListPartiesRequest.page_size", PageSize()},
    {"sec.v1.ListPartiesRequest.page_token", Token()},
    {"sec.v1.ListPartiesRequest.filter", Token()},
    {"sec.v1.UpdatePartyRequest.request_id", RequestId()},
    {"google.protobuf.FieldMask.paths", List(Name(), b::kUpdateMaskPaths)},
    {"sec.v1.Modification.name", Ref()},
    {"sec.v1.Modification.title", Chars(b::kTitleChars)},
    {"sec.v1.Modification.proposer", Ref()},
    {"sec.v1.Modification.date_raised", Day()},
    {"sec.v1.Modification.status_title", Name()},
    {"sec.v1.Modification.sections", List(Chars(b::kSectionChars), b::kListItems)},
    {"sec.v1.Modification.problem_statement", Chars(b::kLongTextChars)},
    {"sec.v1.Modification.intended_changes", List(Chars(b::kPointChars), b::kListItems)},
    {"sec.v1.Modification.comment", Text()},
    {"sec.v1.Modification.etag", Etag()},
    {"sec.v1.Modification.release", Ref()},
    {"sec.v1.Modification.impacts", Items(b::kImpacts)},
    {"sec.v1.Impact.note", Text()},
    {"sec.v1.CreateModificationRequest.modification_id", Ref()},
    {"sec.v1.CreateModificationRequest.request_id", RequestId()},
    {"sec.v1.GetModificationRequest.name", Ref()},
    {"sec.v1.ListModificationsRequest.page_size", PageSize()},
    {"sec.v1.ListModificationsRequest.page_token", Token()},
    {"sec.v1.ListModificationsRequest.filter", Token()},
    {"sec.v1.ListModificationsRequest.order_by", Name()},
    {"sec.v1.UpdateModificationRequest.request_id", RequestId()},
    {"sec.v1.WithdrawModificationRequest.name", Ref()},
    {"sec.v1.WithdrawModificationRequest.etag", Etag()},
    {"sec.v1.WithdrawModificationRequest.effective_date", Day()},
    {"sec.v1.WithdrawModificationRequest.reason", Text()},
    {"sec.v1.WithdrawModificationRequest.request_id", RequestId()},
    {"sec.v1.ListModificationEventsRequest.parent", Ref()},
    {"sec.v1.ListModificationEventsRequest.page_size", PageSize()},
    {"sec.v1.ListModificationEventsRequest.page_token", Token()},
    {"sec.v1.WatchEventsRequest.from_sequence", Range(0, kInt64Max)},
    {"sec.v1.WatchEventsRequest.resource_prefix", Ref()},

    // --- Governance: meetings and decisions -------------------------------------------------
    {"sec.v1.Meeting.name", Ref()},
    {"sec.v1.Meeting.number", Range(0, 999999)},
    {"sec.v1.Meeting.date", Day()},
    {"sec.v1.Meeting.items", List(Chars(b::kPointChars), b::kMeetingItems)},
    {"sec.v1.Meeting.comment", Text()},
    {"sec.v1.Meeting.papers_due_date", Day()},
    {"sec.v1.Meeting.proposals_due_date", Day()},
    {"sec.v1.CreateMeetingRequest.request_id", RequestId()},
    {"sec.v1.GetMeetingRequest.name", Ref()},
    {"sec.v1.ListMeetingsRequest.start_date", Day()},
    {"sec.v1.ListMeetingsRequest.end_date", Day()},
    {"sec.v1.ListMeetingsRequest.page_size", PageSize()},
    {"sec.v1.ListMeetingsRequest.page_token", Token()},
    {"sec.v1.GetNextMeetingRequest.after_date", Day()},
    {"sec.v1.TimetableEntry.milestone", Name()},
    {"sec.v1.TimetableEntry.target_date", Day()},
    {"sec.v1.GetTimetableRequest.name", Ref()},
    {"sec.v1.GetTimetableRequest.as_of", Day()},
    {"sec.v1.ReviseTimetableRequest.name", Ref()},
    {"sec.v1.ReviseTimetableRequest.meeting", Ref()},
    {"sec.v1.ReviseTimetableRequest.timetable", Items(b::kTableRows)},
    {"sec.v1.ReviseTimetableRequest.reasons", Text()},
    {"sec.v1.ReviseTimetableRequest.request_id", RequestId()},
    {"sec.v1.AcceptInitialReportRequest.name", Ref()},
    {"sec.v1.AcceptInitialReportRequest.meeting", Ref()},
    {"sec.v1.AcceptInitialReportRequest.timetable", Items(b::kTableRows)},
    {"sec.v1.AcceptInitialReportRequest.outcome", Text()},
    {"sec.v1.AcceptInitialReportRequest.reasons", Text()},
    {"sec.v1.AcceptInitialReportRequest.request_id", RequestId()},
    {"sec.v1.CompleteRefinementRequest.name", Ref()},
    {"sec.v1.CompleteRefinementRequest.meeting", Ref()},
    {"sec.v1.CompleteRefinementRequest.outcome", Text()},
    {"sec.v1.CompleteRefinementRequest.reasons", Text()},
    {"sec.v1.CompleteRefinementRequest.request_id", RequestId()},
    {"sec.v1.ApproveFastTrackRequest.name", Ref()},
    {"sec.v1.ApproveFastTrackRequest.meeting", Ref()},
    {"sec.v1.ApproveFastTrackRequest.outcome", Text()},
    {"sec.v1.ApproveFastTrackRequest.reasons", Text()},
    {"sec.v1.ApproveFastTrackRequest.request_id", RequestId()},
    {"sec.v1.ReferToSecretaryOfStateRequest.name", Ref()},
    {"sec.v1.ReferToSecretaryOfStateRequest.meeting", Ref()},
    {"sec.v1.ReferToSecretaryOfStateRequest.outcome", Text()},
    {"sec.v1.ReferToSecretaryOfStateRequest.reasons", Text()},
    {"sec.v1.ReferToSecretaryOfStateRequest.request_id", RequestId()},
    {"sec.v1.ListDecisionsRequest.meeting", Ref()},
    {"sec.v1.ListDecisionsRequest.modification", Ref()},
    {"sec.v1.ListDecisionsRequest.page_size", PageSize()},
    {"sec.v1.ListDecisionsRequest.page_token", Token()},

    // --- Impacts and costs ------------------------------------------------------------------
    {"sec.v1.SetImpactsRequest.name", Ref()},
    {"sec.v1.SetImpactsRequest.impacts", Items(b::kImpacts)},
    {"sec.v1.SetImpactsRequest.etag", Etag()},
    {"sec.v1.SetImpactsRequest.request_id", RequestId()},
    {"sec.v1.CostEstimate.name", Ref()},
    {"sec.v1.CostEstimate.amount_pence", Money()},
    {"sec.v1.CostEstimate.source", Name()},
    {"sec.v1.CostEstimate.estimate_date", Day()},
    {"sec.v1.CostEstimate.note", Text()},
    {"sec.v1.CostEstimate.principal", Name()},
    {"sec.v1.AddCostEstimateRequest.parent", Ref()},
    {"sec.v1.AddCostEstimateRequest.request_id", RequestId()},
    {"sec.v1.ListCostEstimatesRequest.parent", Ref()},
    {"sec.v1.ListCostEstimatesRequest.page_size", PageSize()},
    {"sec.v1.ListCostEstimatesRequest.page_token", Token()},

    // --- Consultations and the Change Board -------------------------------------------------
    {"sec.v1.IssueConsultationRequest.parent", Ref()},
    {"sec.v1.IssueConsultationRequest.issue_date", Day()},
    {"sec.v1.IssueConsultationRequest.deadline", Day()},
    {"sec.v1.IssueConsultationRequest.contact", Name()},
    {"sec.v1.IssueConsultationRequest.request_id", RequestId()},
    {"sec.v1.IssueConsultationRequest.respondent_categories", Items(b::kImpacts)},
    {"sec.v1.GetConsultationRequest.name", Ref()},
    {"sec.v1.RespondToConsultationRequest.name", Ref()},
    {"sec.v1.RespondToConsultationRequest.party", Ref()},
    {"sec.v1.RespondToConsultationRequest.text", Text()},
    {"sec.v1.RespondToConsultationRequest.response_date", Day()},
    {"sec.v1.RespondToConsultationRequest.request_id", RequestId()},
    {"sec.v1.CloseConsultationRequest.name", Ref()},
    {"sec.v1.CloseConsultationRequest.close_date", Day()},
    {"sec.v1.CloseConsultationRequest.request_id", RequestId()},
    {"sec.v1.ListConsultationResponsesRequest.name", Ref()},
    {"sec.v1.ListConsultationResponsesRequest.page_size", PageSize()},
    {"sec.v1.ListConsultationResponsesRequest.page_token", Token()},
    {"sec.v1.Vote.modification", Ref()},
    {"sec.v1.Vote.member", Name()},
    {"sec.v1.Vote.reason", Text()},
    {"sec.v1.Vote.vote_date", Day()},
    {"sec.v1.Vote.sequence", Range(0, kInt64Max)},
    {"sec.v1.CastVoteRequest.parent", Ref()},
    {"sec.v1.CastVoteRequest.request_id", RequestId()},
    {"sec.v1.ListVotesRequest.parent", Ref()},
    {"sec.v1.ListVotesRequest.page_size", PageSize()},
    {"sec.v1.ListVotesRequest.page_token", Token()},
    {"sec.v1.TallyVotesRequest.parent", Ref()},
    {"sec.v1.TallyVotesRequest.meeting", Ref()},
    {"sec.v1.TallyVotesRequest.tally_date", Day()},
    {"sec.v1.TallyVotesRequest.request_id", RequestId()},
    {"sec.v1.DecideAsAuthorityRequest.name", Ref()},
    {"sec.v1.DecideAsAuthorityRequest.decision_date", Day()},
    {"sec.v1.DecideAsAuthorityRequest.reference", Name()},
    {"sec.v1.DecideAsAuthorityRequest.reasons", Text()},
    {"sec.v1.DecideAsAuthorityRequest.request_id", RequestId()},
    {"sec.v1.DirectAsSecretaryOfStateRequest.name", Ref()},
    {"sec.v1.DirectAsSecretaryOfStateRequest.direction_date", Day()},
    {"sec.v1.DirectAsSecretaryOfStateRequest.reference", Name()},
    {"sec.v1.DirectAsSecretaryOfStateRequest.reasons", Text()},
    {"sec.v1.DirectAsSecretaryOfStateRequest.request_id", RequestId()},

    // --- Versions, SSC, DCC assessments, calendar, report -----------------------------------
    {"sec.v1.SecVersion.name", Ref()},
    {"sec.v1.SecVersion.number", Chars(32)},
    {"sec.v1.SecVersion.effective_date", Day()},
    {"sec.v1.SecVersion.implements", List(Ref(), b::kListItems)},
    {"sec.v1.SecVersion.sections", List(Chars(b::kSectionChars), b::kListItems)},
    {"sec.v1.SecVersion.comment", Text()},
    {"sec.v1.DesignateVersionRequest.request_id", RequestId()},
    // --- Releases -------------------------------------------------------------------------------
    {"sec.v1.Release.name", Ref()},
    {"sec.v1.Release.target_date", Day()},
    {"sec.v1.Release.cutoff_working_days", Range(0, kMaxCutoffWorkingDays)},
    {"sec.v1.Release.cutoff_date", Day()},
    {"sec.v1.Release.version", Ref()},
    {"sec.v1.Release.modifications", List(Ref(), b::kListItems)},
    {"sec.v1.Release.title", Chars(b::kTitleChars)},
    {"sec.v1.Release.comment", Text()},
    {"sec.v1.Release.etag", Etag()},
    {"sec.v1.CreateReleaseRequest.release_id", Chars(32)},
    {"sec.v1.CreateReleaseRequest.request_id", RequestId()},
    {"sec.v1.GetReleaseRequest.name", Ref()},
    {"sec.v1.ListReleasesRequest.page_size", PageSize()},
    {"sec.v1.ListReleasesRequest.page_token", Token()},
    {"sec.v1.AssignModificationRequest.release", Ref()},
    {"sec.v1.AssignModificationRequest.modification", Ref()},
    {"sec.v1.AssignModificationRequest.assign_date", Day()},
    {"sec.v1.AssignModificationRequest.authority_decision", Name()},
    {"sec.v1.AssignModificationRequest.request_id", RequestId()},
    {"sec.v1.MoveModificationRequest.modification", Ref()},
    {"sec.v1.MoveModificationRequest.to_release", Ref()},
    {"sec.v1.MoveModificationRequest.move_date", Day()},
    {"sec.v1.MoveModificationRequest.authority_decision", Name()},
    {"sec.v1.MoveModificationRequest.request_id", RequestId()},
    {"sec.v1.ImplementReleaseRequest.name", Ref()},
    {"sec.v1.ImplementReleaseRequest.etag", Etag()},
    {"sec.v1.ImplementReleaseRequest.request_id", RequestId()},
    {"sec.v1.CancelReleaseRequest.name", Ref()},
    {"sec.v1.CancelReleaseRequest.reason", Text()},
    {"sec.v1.CancelReleaseRequest.etag", Etag()},
    {"sec.v1.CancelReleaseRequest.request_id", RequestId()},
    // --- Legal text --------------------------------------------------------------------------
    {"sec.v1.ImportSectionTextRequest.section", Ref()},
    {"sec.v1.ImportSectionTextRequest.version", Ref()},
    {"sec.v1.ImportSectionTextRequest.source", Chars(kMaxSectionSourceBytes)},
    {"sec.v1.ImportSectionTextRequest.request_id", RequestId()},
    {"sec.v1.GetClauseRequest.name", Ref()},
    {"sec.v1.GetClauseRequest.version", Ref()},
    {"sec.v1.GetClauseRequest.date", Day()},
    {"sec.v1.GetSectionRequest.name", Ref()},
    {"sec.v1.GetSectionRequest.version", Ref()},
    {"sec.v1.GetSectionRequest.date", Day()},
    {"sec.v1.ListClauseVersionsRequest.parent", Ref()},
    {"sec.v1.ListClauseVersionsRequest.page_size", PageSize()},
    {"sec.v1.ListClauseVersionsRequest.page_token", Token()},
    {"sec.v1.ListChangedClausesRequest.parent", Ref()},
    {"sec.v1.ListChangedClausesRequest.page_size", PageSize()},
    {"sec.v1.ListChangedClausesRequest.page_token", Token()},
    {"sec.v1.DiffTextRequest.section", Ref()},
    {"sec.v1.DiffTextRequest.clause", Ref()},
    {"sec.v1.DiffTextRequest.from_version", Ref()},
    {"sec.v1.DiffTextRequest.to_version", Ref()},
    {"sec.v1.DiffTextRequest.modification", Ref()},
    {"sec.v1.DiffTextRequest.from_revision", Range(0, kInt32Max)},
    {"sec.v1.DiffTextRequest.to_revision", Range(0, kInt32Max)},
    {"sec.v1.SetRedlineRequest.parent", Ref()},
    {"sec.v1.SetRedlineRequest.base_version", Ref()},
    {"sec.v1.SetRedlineRequest.changes", Items(kMaxRedlineClauses)},
    {"sec.v1.SetRedlineRequest.comment", Text()},
    {"sec.v1.SetRedlineRequest.request_id", RequestId()},
    {"sec.v1.ClauseChange.clause", Ref()},
    {"sec.v1.ClauseChange.text", Chars(kMaxClauseTextBytes)},
    {"sec.v1.GetRedlineRequest.name", Ref()},
    {"sec.v1.GetRedlineRequest.revision", Range(0, kInt32Max)},
    {"sec.v1.ListRedlineRevisionsRequest.parent", Ref()},
    {"sec.v1.ListRedlineRevisionsRequest.page_size", PageSize()},
    {"sec.v1.ListRedlineRevisionsRequest.page_token", Token()},
    {"sec.v1.RebaseRedlineRequest.name", Ref()},
    {"sec.v1.RebaseRedlineRequest.onto_version", Ref()},
    {"sec.v1.RebaseRedlineRequest.request_id", RequestId()},
    {"sec.v1.ListConflictsRequest.release", Ref()},
    {"sec.v1.ListConflictsRequest.page_size", PageSize()},
    {"sec.v1.ListConflictsRequest.page_token", Token()},
    {"sec.v1.ForecastReleasesRequest.as_of", Day()},
    {"sec.v1.ForecastReleasesRequest.late_assessment", Ref()},
    {"sec.v1.ForecastReleasesRequest.late_by_working_days", Range(0, kMaxCutoffWorkingDays)},
    {"sec.v1.GetVersionRequest.name", Ref()},
    {"sec.v1.ListVersionsRequest.page_size", PageSize()},
    {"sec.v1.ListVersionsRequest.page_token", Token()},
    {"sec.v1.GetVersionInForceRequest.date", Day()},
    {"sec.v1.SscNomination.name", Ref()},
    {"sec.v1.SscNomination.nominating_party", Ref()},
    {"sec.v1.SscNomination.nominator_name", Name()},
    {"sec.v1.SscNomination.nominator_position", Name()},
    {"sec.v1.SscNomination.nominee", Name()},
    {"sec.v1.SscNomination.security_expertise", Text()},
    {"sec.v1.SscNomination.nomination_date", Day()},
    {"sec.v1.SscNomination.rejection_reason", Text()},
    {"sec.v1.SscNomination.vetting_date", Day()},
    {"sec.v1.SscNomination.appointment_date", Day()},
    {"sec.v1.SscNomination.term_end", Day()},
    {"sec.v1.SscNomination.etag", Etag()},
    {"sec.v1.NominateSscMemberRequest.request_id", RequestId()},
    {"sec.v1.ReviewNominationRequest.name", Ref()},
    {"sec.v1.ReviewNominationRequest.reason", Text()},
    {"sec.v1.ReviewNominationRequest.review_date", Day()},
    {"sec.v1.ReviewNominationRequest.request_id", RequestId()},
    {"sec.v1.RecordVettingRequest.name", Ref()},
    {"sec.v1.RecordVettingRequest.vetting_date", Day()},
    {"sec.v1.RecordVettingRequest.request_id", RequestId()},
    {"sec.v1.AppointNominationRequest.name", Ref()},
    {"sec.v1.AppointNominationRequest.appointment_date", Day()},
    {"sec.v1.AppointNominationRequest.request_id", RequestId()},
    {"sec.v1.ListNominationsRequest.page_size", PageSize()},
    {"sec.v1.ListNominationsRequest.page_token", Token()},
    {"sec.v1.ListSscMembersRequest.date", Day()},
    {"sec.v1.RequestAssessmentRequest.parent", Ref()},
    {"sec.v1.RequestAssessmentRequest.request_date", Day()},
    {"sec.v1.RequestAssessmentRequest.due_date", Day()},
    {"sec.v1.RequestAssessmentRequest.request_id", RequestId()},
    {"sec.v1.GetAssessmentRequest.name", Ref()},
    {"sec.v1.RecordAssessmentProgressRequest.name", Ref()},
    {"sec.v1.RecordAssessmentProgressRequest.date", Day()},
    {"sec.v1.RecordAssessmentProgressRequest.note", Text()},
    {"sec.v1.RecordAssessmentProgressRequest.request_id", RequestId()},
    {"sec.v1.DeliverAssessmentRequest.name", Ref()},
    {"sec.v1.DeliverAssessmentRequest.delivery_date", Day()},
    {"sec.v1.DeliverAssessmentRequest.request_id", RequestId()},
    {"sec.v1.ListAssessmentsRequest.modification", Ref()},
    {"sec.v1.ListAssessmentsRequest.as_of", Day()},
    {"sec.v1.ListAssessmentsRequest.page_size", PageSize()},
    {"sec.v1.ListAssessmentsRequest.page_token", Token()},
    {"sec.v1.WaiveAssessmentRequest.name", Ref()},
    {"sec.v1.WaiveAssessmentRequest.meeting", Ref()},
    {"sec.v1.WaiveAssessmentRequest.reason", Text()},
    {"sec.v1.WaiveAssessmentRequest.request_id", RequestId()},
    {"sec.v1.Holiday.date", Day()},
    {"sec.v1.Holiday.name", Name()},
    {"sec.v1.LoadHolidaysRequest.holidays", Items(b::kHolidays)},
    {"sec.v1.LoadHolidaysRequest.request_id", RequestId()},
    {"sec.v1.ListHolidaysRequest.start_date", Day()},
    {"sec.v1.ListHolidaysRequest.end_date", Day()},
    {"sec.v1.ListHolidaysRequest.page_size", PageSize()},
    {"sec.v1.ListHolidaysRequest.page_token", Token()},
    {"sec.v1.GetModificationStatusReportRequest.as_of", Day()},
    {"sec.v1.GetModificationStatusReportRequest.period_start", Day()},
    {"sec.v1.GetProcessMetricsRequest.period_start", Day()},
    {"sec.v1.GetProcessMetricsRequest.period_end", Day()},

    // --- Credit cover ------------------------------------------------------------------------
    {"sec.v1.RatingFactor.rating", Chars(4)},
    {"sec.v1.RatingFactor.ucf_bp", Factor()},
    {"sec.v1.ScoreBand.min_score", Range(0, 100)},
    {"sec.v1.ScoreBand.max_score", Range(0, 100)},
    {"sec.v1.ScoreBand.ucf_bp", Factor()},
    {"sec.v1.CreditPolicy.name", Ref()},
    {"sec.v1.CreditPolicy.display_name", Name()},
    {"sec.v1.CreditPolicy.effective_date", Day()},
    {"sec.v1.CreditPolicy.uplift_bp", Range(0, b::kMaxUpliftBp)},
    {"sec.v1.CreditPolicy.rating_factors", Items(b::kTableRows)},
    {"sec.v1.CreditPolicy.score_bands", Items(b::kTableRows)},
    {"sec.v1.CreditPolicy.mcv_cap_pence", Money()},
    {"sec.v1.CreditPolicy.comment", Text()},
    {"sec.v1.CreateCreditPolicyRequest.policy_id", Chars(b::kIdChars)},
    {"sec.v1.CreateCreditPolicyRequest.request_id", RequestId()},
    {"sec.v1.GetCreditPolicyRequest.name", Ref()},
    {"sec.v1.ListCreditPoliciesRequest.page_size", PageSize()},
    {"sec.v1.ListCreditPoliciesRequest.page_token", Token()},
    {"sec.v1.GetPolicyInForceRequest.date", Day()},
    {"sec.v1.CreditAssessment.name", Ref()},
    {"sec.v1.CreditAssessment.party", Ref()},
    {"sec.v1.CreditAssessment.effective_date", Day()},
    {"sec.v1.CreditAssessment.rating", Chars(4)},
    {"sec.v1.CreditAssessment.score", Range(0, 100)},
    {"sec.v1.CreditAssessment.mcv_pence", Money()},
    {"sec.v1.CreateCreditAssessmentRequest.request_id", RequestId()},
    {"sec.v1.ListCreditAssessmentsRequest.parent", Ref()},
    {"sec.v1.ListCreditAssessmentsRequest.page_size", PageSize()},
    {"sec.v1.ListCreditAssessmentsRequest.page_token", Token()},
    {"sec.v1.Charge.name", Ref()},
    {"sec.v1.Charge.party", Ref()},
    {"sec.v1.Charge.period", Month()},
    {"sec.v1.Charge.invoice_date", Day()},
    {"sec.v1.Charge.amount_pence", Money()},
    {"sec.v1.CreateChargeRequest.request_id", RequestId()},
    {"sec.v1.ListChargesRequest.parent", Ref()},
    {"sec.v1.ListChargesRequest.page_size", PageSize()},
    {"sec.v1.ListChargesRequest.page_token", Token()},
    {"sec.v1.CreditSupport.name", Ref()},
    {"sec.v1.CreditSupport.party", Ref()},
    {"sec.v1.CreditSupport.amount_pence", Money()},
    {"sec.v1.CreditSupport.issuer", Name()},
    {"sec.v1.CreditSupport.valid_from", Day()},
    {"sec.v1.CreditSupport.valid_to", Day()},
    {"sec.v1.CreditSupport.withdraw_date", Day()},
    {"sec.v1.CreditSupport.etag", Etag()},
    {"sec.v1.LodgeCreditSupportRequest.request_id", RequestId()},
    {"sec.v1.AmendCreditSupportRequest.date", Day()},
    {"sec.v1.AmendCreditSupportRequest.request_id", RequestId()},
    {"sec.v1.WithdrawCreditSupportRequest.name", Ref()},
    {"sec.v1.WithdrawCreditSupportRequest.etag", Etag()},
    {"sec.v1.WithdrawCreditSupportRequest.date", Day()},
    {"sec.v1.WithdrawCreditSupportRequest.request_id", RequestId()},
    {"sec.v1.ListCreditSupportRequest.parent", Ref()},
    {"sec.v1.ListCreditSupportRequest.page_size", PageSize()},
    {"sec.v1.ListCreditSupportRequest.page_token", Token()},
    {"sec.v1.CalculateCreditCoverRequest.party", Ref()},
    {"sec.v1.CalculateCreditCoverRequest.date", Day()},
    {"sec.v1.CalculateCreditCoverRequest.policy", Ref()},
    {"sec.v1.GetPortfolioRequest.date", Day()},
    {"sec.v1.GetPortfolioRequest.policy", Ref()},
    {"sec.v1.GetPortfolioRequest.page_size", PageSize()},
    {"sec.v1.GetPortfolioRequest.page_token", Token()},
    {"sec.v1.ComparePoliciesRequest.date", Day()},
    {"sec.v1.ComparePoliciesRequest.policy_a", Ref()},
    {"sec.v1.ComparePoliciesRequest.policy_b", Ref()},
    {"sec.v1.RunCreditCheckRequest.date", Day()},
    {"sec.v1.RunCreditCheckRequest.request_id", RequestId()},
    {"sec.v1.ListBreachNoticesRequest.parent", Ref()},
    {"sec.v1.ListBreachNoticesRequest.page_size", PageSize()},
    {"sec.v1.ListBreachNoticesRequest.page_token", Token()},
    {"sec.v1.ListDefaultsRequest.parent", Ref()},
    {"sec.v1.ListDefaultsRequest.page_size", PageSize()},
    {"sec.v1.ListDefaultsRequest.page_token", Token()},
    {"sec.v1.ImportCreditDataRequest.charges_csv", Chars(b::kCsvChars)},
    {"sec.v1.ImportCreditDataRequest.assessments_csv", Chars(b::kCsvChars)},
    {"sec.v1.ImportCreditDataRequest.instruments_csv", Chars(b::kCsvChars)},
    {"sec.v1.ImportCreditDataRequest.request_id", RequestId()},

    // --- Documents ----------------------------------------------------------------------------
    {"sec.v1.Document.name", Ref()},
    {"sec.v1.Document.title", Chars(b::kTitleChars)},
    {"sec.v1.Document.party", Ref()},
    {"sec.v1.Document.revisions", Items(b::kListItems)},
    {"sec.v1.Document.creator", Name()},
    {"sec.v1.DocumentRevision.name", Ref()},
    {"sec.v1.DocumentRevision.media_type", Chars(b::kMediaTypeChars)},
    {"sec.v1.DocumentRevision.size_bytes", Range(0, b::kDocumentBytes)},
    {"sec.v1.DocumentRevision.sha256", Chars(b::kSha256Chars)},
    {"sec.v1.DocumentRevision.received_bytes", Range(0, b::kDocumentBytes)},
    {"sec.v1.DocumentRevision.uploader", Name()},
    {"sec.v1.CreateDocumentRequest.parent", Ref()},
    {"sec.v1.CreateDocumentRequest.request_id", RequestId()},
    {"sec.v1.GetDocumentRequest.name", Ref()},
    {"sec.v1.ListDocumentsRequest.parent", Ref()},
    {"sec.v1.ListDocumentsRequest.page_size", PageSize()},
    {"sec.v1.ListDocumentsRequest.page_token", Token()},
    {"sec.v1.CreateDocumentRevisionRequest.parent", Ref()},
    {"sec.v1.CreateDocumentRevisionRequest.request_id", RequestId()},
    {"sec.v1.AppendDocumentChunkRequest.name", Ref()},
    {"sec.v1.AppendDocumentChunkRequest.offset", Range(0, b::kDocumentBytes)},
    {"sec.v1.AppendDocumentChunkRequest.data", Bytes(b::kDocumentChunkBytes)},
    {"sec.v1.AppendDocumentChunkRequest.request_id", RequestId()},
    {"sec.v1.ReadDocumentRequest.name", Ref()},
};

const absl::flat_hash_map<const google::protobuf::FieldDescriptor*, FieldBound>& Table() {
  static const auto* const kTable = [] {
    auto* t = new absl::flat_hash_map<const google::protobuf::FieldDescriptor*, FieldBound>();
    const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
    for (const Entry& e : kBounds) {
      // An entry naming no field is a mistake the table test reports; skipped here.
      if (const auto* f = pool->FindFieldByName(e.field)) t->emplace(f, e.bound);
    }
    return t;
  }();
  return *kTable;
}

// Characters a person sees: UTF-8 lead bytes (the text is valid UTF-8: protobuf checked it).
size_t CountChars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsWellKnownOutputOnly(const google::protobuf::Descriptor* d) {
  return d->full_name() == "google.protobuf.Timestamp";
}

absl::Status CheckString(const std::string& value, const FieldBound& bound,
                         const std::string& path) {
  switch (bound.kind) {
    case FieldKind::kDate:
      if (value.empty()) return absl::OkStatus();
      return ParseDate(value, path).status();
    case FieldKind::kMonth:
      if (value.empty()) return absl::OkStatus();
      if (value.size() != 7 || !ParseDate(absl::StrCat(value, "-01"), path).ok()) {
        return InvalidField(path, absl::StrCat("\"", value, "\" is not a month; use YYYY-MM, "
                                               "e.g. 2017-03, from 1900-01 to 2999-12"));
      }
      return absl::OkStatus();
    case FieldKind::kBytes:
      if (static_cast<int64_t>(value.size()) <= bound.max) return absl::OkStatus();
      return InvalidField(path, absl::StrCat(value.size(), " bytes; at most ", bound.max));
    default: {
      const size_t n = CountChars(value);
      if (static_cast<int64_t>(n) <= bound.max) return absl::OkStatus();
      return InvalidField(path, absl::StrCat(n, " characters; at most ", bound.max));
    }
  }
}

absl::Status CheckInteger(int64_t value, const FieldBound& bound, const std::string& path) {
  if (value >= bound.min && value <= bound.max) return absl::OkStatus();
  if (bound.kind == FieldKind::kMoney) {
    return InvalidField(path, absl::StrCat(value, " pence is outside 0 to ", bound.max,
                                           " (£10,000,000,000) a record"));
  }
  if (value < 0 && bound.min == 0) {
    return InvalidField(path, absl::StrCat("must not be negative (got ", value, ")"));
  }
  return InvalidField(path, absl::StrCat(value, " is outside ", bound.min, " to ", bound.max));
}

absl::Status Validate(const google::protobuf::Message& m, const std::string& prefix);

absl::Status CheckValue(const google::protobuf::Message& m,
                        const google::protobuf::FieldDescriptor* f, int index,
                        const FieldBound* bound, const std::string& path) {
  using FD = google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = m.GetReflection();
  const bool repeated = f->is_repeated();
  switch (f->cpp_type()) {
    case FD::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& v = repeated ? r->GetRepeatedStringReference(m, f, index, &scratch)
                                      : r->GetStringReference(m, f, &scratch);
      return bound ? CheckString(v, *bound, path) : absl::OkStatus();
    }
    case FD::CPPTYPE_INT32:
      return bound ? CheckInteger(repeated ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f),
                                  *bound, path)
                   : absl::OkStatus();
    case FD::CPPTYPE_INT64:
      return bound ? CheckInteger(repeated ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f),
                                  *bound, path)
                   : absl::OkStatus();
    case FD::CPPTYPE_ENUM: {
      const int v = repeated ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f);
      if (f->enum_type()->FindValueByNumber(v) != nullptr) return absl::OkStatus();
      return InvalidField(path, absl::StrCat(v, " is not a value of ", f->enum_type()->name()));
    }
    case FD::CPPTYPE_MESSAGE: {
      const google::protobuf::Message& sub =
          repeated ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f);
      if (IsWellKnownOutputOnly(sub.GetDescriptor())) return absl::OkStatus();
      return Validate(sub, absl::StrCat(path, "."));
    }
    default:
      return absl::OkStatus();
  }
}

absl::Status Validate(const google::protobuf::Message& m, const std::string& prefix) {
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  m.GetReflection()->ListFields(m, &fields);
  for (const google::protobuf::FieldDescriptor* f : fields) {
    const FieldBound* bound = BoundOf(f);
    const std::string path = absl::StrCat(prefix, f->name());
    if (!f->is_repeated()) {
      if (absl::Status s = CheckValue(m, f, -1, bound, path); !s.ok()) return s;
      continue;
    }
    const int n = m.GetReflection()->FieldSize(m, f);
    if (bound != nullptr && n > bound->max_items) {
      return InvalidField(path, absl::StrCat(n, " items; at most ", bound->max_items));
    }
    for (int i = 0; i < n; ++i) {
      if (absl::Status s = CheckValue(m, f, i, bound, absl::StrCat(path, "[", i, "]")); !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

const FieldBound* BoundOf(const google::protobuf::FieldDescriptor* field) {
  const auto& table = Table();
  auto it = table.find(field);
  return it == table.end() ? nullptr : &it->second;
}

absl::Status ValidateRequest(const google::protobuf::Message& request) {
  return Validate(request, "");
}

std::vector<std::string> BoundsNamingNoField() {
  std::vector<std::string> out;
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const Entry& e : kBounds) {
    if (pool->FindFieldByName(e.field) == nullptr) out.push_back(e.field);
  }
  return out;
}

}  // namespace sec::service
