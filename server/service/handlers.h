#ifndef SEC_SERVICE_HANDLERS_H_
#define SEC_SERVICE_HANDLERS_H_

// Every RPC's handler: a plain function of the admitted call and its request, which reads as
// the RPC's steps (validate with domain/, one storage transaction, map to proto). Who may call
// each, and what it may see, is rpc_table.cc's; the handlers are defined per area:
// register_handlers.cc, governance_*.cc, credit_*.cc.

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "sec/v1/credit.pb.h"
#include "sec/v1/document.pb.h"
#include "sec/v1/governance.pb.h"
#include "sec/v1/register.pb.h"
#include "sec/v1/release.pb.h"
#include "sec/v1/text.pb.h"
#include "service/call.h"

namespace sec::service {

// --- RegisterService ---------------------------------------------------------------------------
absl::StatusOr<v1::Party> CreateParty(Call& call, const v1::CreatePartyRequest& req);
absl::StatusOr<v1::Party> GetParty(Call& call, const v1::GetPartyRequest& req);
absl::StatusOr<v1::ListPartiesResponse> ListParties(Call& call, const v1::ListPartiesRequest& req);
absl::StatusOr<v1::Party> UpdateParty(Call& call, const v1::UpdatePartyRequest& req);
absl::StatusOr<v1::Modification> CreateModification(Call& call,
                                                    const v1::CreateModificationRequest& req);
absl::StatusOr<v1::Modification> GetModification(Call& call,
                                                 const v1::GetModificationRequest& req);
absl::StatusOr<v1::ListModificationsResponse> ListModifications(
    Call& call, const v1::ListModificationsRequest& req);
absl::StatusOr<v1::Modification> UpdateModification(Call& call,
                                                    const v1::UpdateModificationRequest& req);
absl::StatusOr<v1::Modification> WithdrawModification(
    Call& call, const v1::WithdrawModificationRequest& req);
absl::StatusOr<v1::ListModificationEventsResponse> ListModificationEvents(
    Call& call, const v1::ListModificationEventsRequest& req);
absl::StatusOr<grpc::ServerWriteReactor<v1::Event>*> WatchEvents(
    Call& call, const v1::WatchEventsRequest& req);

// --- GovernanceService -------------------------------------------------------------------------
absl::StatusOr<v1::Meeting> CreateMeeting(Call& call, const v1::CreateMeetingRequest& req);
absl::StatusOr<v1::Meeting> GetMeeting(Call& call, const v1::GetMeetingRequest& req);
absl::StatusOr<v1::ListMeetingsResponse> ListMeetings(Call& call,
                                                      const v1::ListMeetingsRequest& req);
absl::StatusOr<v1::Meeting> GetNextMeeting(Call& call, const v1::GetNextMeetingRequest& req);
absl::StatusOr<v1::Decision> AcceptInitialReport(Call& call,
                                                 const v1::AcceptInitialReportRequest& req);
absl::StatusOr<v1::Decision> CompleteRefinement(Call& call,
                                                const v1::CompleteRefinementRequest& req);
absl::StatusOr<v1::Decision> ApproveFastTrack(Call& call, const v1::ApproveFastTrackRequest& req);
absl::StatusOr<v1::Decision> ReferToSecretaryOfState(
    Call& call, const v1::ReferToSecretaryOfStateRequest& req);
absl::StatusOr<v1::ListDecisionsResponse> ListDecisions(Call& call,
                                                        const v1::ListDecisionsRequest& req);
absl::StatusOr<v1::Timetable> GetTimetable(Call& call, const v1::GetTimetableRequest& req);
absl::StatusOr<v1::Decision> ReviseTimetable(Call& call, const v1::ReviseTimetableRequest& req);
absl::StatusOr<v1::Modification> SetImpacts(Call& call, const v1::SetImpactsRequest& req);
absl::StatusOr<v1::CostEstimate> AddCostEstimate(Call& call, const v1::AddCostEstimateRequest& req);
absl::StatusOr<v1::ListCostEstimatesResponse> ListCostEstimates(
    Call& call, const v1::ListCostEstimatesRequest& req);
absl::StatusOr<v1::Consultation> IssueConsultation(Call& call,
                                                   const v1::IssueConsultationRequest& req);
absl::StatusOr<v1::Consultation> GetConsultation(Call& call, const v1::GetConsultationRequest& req);
absl::StatusOr<v1::ConsultationResponse> RespondToConsultation(
    Call& call, const v1::RespondToConsultationRequest& req);
absl::StatusOr<v1::Consultation> CloseConsultation(Call& call,
                                                   const v1::CloseConsultationRequest& req);
absl::StatusOr<v1::ListConsultationResponsesResponse> ListConsultationResponses(
    Call& call, const v1::ListConsultationResponsesRequest& req);
absl::StatusOr<v1::Vote> CastVote(Call& call, const v1::CastVoteRequest& req);
absl::StatusOr<v1::ListVotesResponse> ListVotes(Call& call, const v1::ListVotesRequest& req);
absl::StatusOr<v1::TallyResult> TallyVotes(Call& call, const v1::TallyVotesRequest& req);
absl::StatusOr<v1::Decision> DecideAsAuthority(Call& call,
                                               const v1::DecideAsAuthorityRequest& req);
absl::StatusOr<v1::Decision> DirectAsSecretaryOfState(
    Call& call, const v1::DirectAsSecretaryOfStateRequest& req);
absl::StatusOr<v1::SecVersion> DesignateVersion(Call& call, const v1::DesignateVersionRequest& req);
absl::StatusOr<v1::SecVersion> GetVersion(Call& call, const v1::GetVersionRequest& req);
absl::StatusOr<v1::ListVersionsResponse> ListVersions(Call& call,
                                                      const v1::ListVersionsRequest& req);
absl::StatusOr<v1::SecVersion> GetVersionInForce(Call& call,
                                                 const v1::GetVersionInForceRequest& req);
absl::StatusOr<v1::SscNomination> NominateSscMember(Call& call,
                                                    const v1::NominateSscMemberRequest& req);
absl::StatusOr<v1::SscNomination> ReviewNomination(Call& call,
                                                   const v1::ReviewNominationRequest& req);
absl::StatusOr<v1::SscNomination> RecordVetting(Call& call, const v1::RecordVettingRequest& req);
absl::StatusOr<v1::SscNomination> AppointNomination(Call& call,
                                                    const v1::AppointNominationRequest& req);
absl::StatusOr<v1::ListNominationsResponse> ListNominations(
    Call& call, const v1::ListNominationsRequest& req);
absl::StatusOr<v1::ListSscMembersResponse> ListSscMembers(Call& call,
                                                          const v1::ListSscMembersRequest& req);
absl::StatusOr<v1::Assessment> RequestAssessment(Call& call,
                                                 const v1::RequestAssessmentRequest& req);
absl::StatusOr<v1::Assessment> GetAssessment(Call& call, const v1::GetAssessmentRequest& req);
absl::StatusOr<v1::Assessment> RecordAssessmentProgress(
    Call& call, const v1::RecordAssessmentProgressRequest& req);
absl::StatusOr<v1::Assessment> DeliverAssessment(Call& call,
                                                 const v1::DeliverAssessmentRequest& req);
absl::StatusOr<v1::ListAssessmentsResponse> ListAssessments(
    Call& call, const v1::ListAssessmentsRequest& req);
absl::StatusOr<v1::Decision> WaiveAssessment(Call& call, const v1::WaiveAssessmentRequest& req);
absl::StatusOr<v1::LoadHolidaysResponse> LoadHolidays(Call& call,
                                                      const v1::LoadHolidaysRequest& req);
absl::StatusOr<v1::ListHolidaysResponse> ListHolidays(Call& call,
                                                      const v1::ListHolidaysRequest& req);
absl::StatusOr<v1::ModificationStatusReport> GetModificationStatusReport(
    Call& call, const v1::GetModificationStatusReportRequest& req);
absl::StatusOr<v1::ProcessMetrics> GetProcessMetrics(Call& call,
                                                     const v1::GetProcessMetricsRequest& req);

// --- CreditCoverService ------------------------------------------------------------------------
absl::StatusOr<v1::CreditPolicy> CreateCreditPolicy(Call& call,
                                                    const v1::CreateCreditPolicyRequest& req);
absl::StatusOr<v1::CreditPolicy> GetCreditPolicy(Call& call,
                                                 const v1::GetCreditPolicyRequest& req);
absl::StatusOr<v1::ListCreditPoliciesResponse> ListCreditPolicies(
    Call& call, const v1::ListCreditPoliciesRequest& req);
absl::StatusOr<v1::CreditPolicy> GetPolicyInForce(Call& call,
                                                  const v1::GetPolicyInForceRequest& req);
absl::StatusOr<v1::CreditAssessment> CreateCreditAssessment(
    Call& call, const v1::CreateCreditAssessmentRequest& req);
absl::StatusOr<v1::ListCreditAssessmentsResponse> ListCreditAssessments(
    Call& call, const v1::ListCreditAssessmentsRequest& req);
absl::StatusOr<v1::Charge> CreateCharge(Call& call, const v1::CreateChargeRequest& req);
absl::StatusOr<v1::ListChargesResponse> ListCharges(Call& call, const v1::ListChargesRequest& req);
absl::StatusOr<v1::CreditSupport> LodgeCreditSupport(Call& call,
                                                     const v1::LodgeCreditSupportRequest& req);
absl::StatusOr<v1::CreditSupport> AmendCreditSupport(Call& call,
                                                     const v1::AmendCreditSupportRequest& req);
absl::StatusOr<v1::CreditSupport> WithdrawCreditSupport(
    Call& call, const v1::WithdrawCreditSupportRequest& req);
absl::StatusOr<v1::ListCreditSupportResponse> ListCreditSupport(
    Call& call, const v1::ListCreditSupportRequest& req);
absl::StatusOr<v1::CreditCoverResult> CalculateCreditCover(
    Call& call, const v1::CalculateCreditCoverRequest& req);
absl::StatusOr<v1::Portfolio> GetPortfolio(Call& call, const v1::GetPortfolioRequest& req);
absl::StatusOr<v1::PolicyComparison> ComparePolicies(Call& call,
                                                     const v1::ComparePoliciesRequest& req);
absl::StatusOr<v1::RunCreditCheckResponse> RunCreditCheck(Call& call,
                                                          const v1::RunCreditCheckRequest& req);
absl::StatusOr<v1::ListBreachNoticesResponse> ListBreachNotices(
    Call& call, const v1::ListBreachNoticesRequest& req);
absl::StatusOr<v1::ListDefaultsResponse> ListDefaults(Call& call,
                                                      const v1::ListDefaultsRequest& req);
absl::StatusOr<v1::ImportCreditDataResponse> ImportCreditData(
    Call& call, const v1::ImportCreditDataRequest& req);

// --- ReleaseService ----------------------------------------------------------------------------
absl::StatusOr<v1::Release> CreateRelease(Call& call, const v1::CreateReleaseRequest& req);
absl::StatusOr<v1::Release> GetRelease(Call& call, const v1::GetReleaseRequest& req);
absl::StatusOr<v1::ListReleasesResponse> ListReleases(Call& call,
                                                      const v1::ListReleasesRequest& req);
absl::StatusOr<v1::Release> AssignModification(Call& call,
                                               const v1::AssignModificationRequest& req);
absl::StatusOr<v1::Release> MoveModification(Call& call, const v1::MoveModificationRequest& req);
absl::StatusOr<v1::Release> ImplementRelease(Call& call, const v1::ImplementReleaseRequest& req);
absl::StatusOr<v1::Release> CancelRelease(Call& call, const v1::CancelReleaseRequest& req);
absl::StatusOr<v1::ForecastReleasesResponse> ForecastReleases(
    Call& call, const v1::ForecastReleasesRequest& req);

// --- LegalTextService --------------------------------------------------------------------------
absl::StatusOr<v1::ImportSectionTextResponse> ImportSectionText(
    Call& call, const v1::ImportSectionTextRequest& req);
absl::StatusOr<v1::Clause> GetClause(Call& call, const v1::GetClauseRequest& req);
absl::StatusOr<v1::Section> GetSection(Call& call, const v1::GetSectionRequest& req);
absl::StatusOr<v1::ListClauseVersionsResponse> ListClauseVersions(
    Call& call, const v1::ListClauseVersionsRequest& req);
absl::StatusOr<v1::ListChangedClausesResponse> ListChangedClauses(
    Call& call, const v1::ListChangedClausesRequest& req);
absl::StatusOr<v1::DiffTextResponse> DiffText(Call& call, const v1::DiffTextRequest& req);
absl::StatusOr<v1::Redline> SetRedline(Call& call, const v1::SetRedlineRequest& req);
absl::StatusOr<v1::Redline> GetRedline(Call& call, const v1::GetRedlineRequest& req);
absl::StatusOr<v1::ListRedlineRevisionsResponse> ListRedlineRevisions(
    Call& call, const v1::ListRedlineRevisionsRequest& req);
absl::StatusOr<v1::Redline> RebaseRedline(Call& call, const v1::RebaseRedlineRequest& req);
absl::StatusOr<v1::ListConflictsResponse> ListConflicts(Call& call,
                                                        const v1::ListConflictsRequest& req);

// --- DocumentService ---------------------------------------------------------------------------
absl::StatusOr<v1::Document> CreateDocument(Call& call, const v1::CreateDocumentRequest& req);
absl::StatusOr<v1::Document> GetDocument(Call& call, const v1::GetDocumentRequest& req);
absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(Call& call,
                                                        const v1::ListDocumentsRequest& req);
absl::StatusOr<v1::DocumentRevision> CreateDocumentRevision(
    Call& call, const v1::CreateDocumentRevisionRequest& req);
absl::StatusOr<v1::DocumentRevision> AppendDocumentChunk(
    Call& call, const v1::AppendDocumentChunkRequest& req);
absl::StatusOr<grpc::ServerWriteReactor<v1::DocumentChunk>*> ReadDocument(
    Call& call, const v1::ReadDocumentRequest& req);

}  // namespace sec::service

#endif  // SEC_SERVICE_HANDLERS_H_
