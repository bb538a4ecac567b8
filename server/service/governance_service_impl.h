#ifndef SEC_SERVICE_GOVERNANCE_SERVICE_IMPL_H_
#define SEC_SERVICE_GOVERNANCE_SERVICE_IMPL_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/calendar.h"
#include "domain/dates.h"
#include "domain/dcc_assessment.h"
#include "domain/lifecycle.h"
#include "domain/principal.h"
#include "domain/ssc.h"
#include "sec/v1/governance.grpc.pb.h"
#include "service/rpc.h"
#include "storage/governance_store.h"
#include "storage/store.h"

namespace sec::service {

// sec.v1.GovernanceService. Its methods are defined per area, each in a file named for it:
// governance_meetings.cc (meetings, Panel decisions), governance_consultations.cc,
// governance_votes.cc (Change Board, Authority, Secretary of State), governance_versions.cc,
// governance_ssc.cc, governance_assessments.cc (DCC assessments, calendar) and
// governance_report.cc; helpers they share are in governance_service_internal.h.
class GovernanceServiceImpl final : public v1::GovernanceService::Service {
 public:
  explicit GovernanceServiceImpl(const ServiceEnv& env) : env_(env) {}

  // --- Meetings ---------------------------------------------------------------------------------

  grpc::Status CreateMeeting(grpc::ServerContext* ctx, const v1::CreateMeetingRequest* req,
                             v1::Meeting* resp) override;

  grpc::Status GetMeeting(grpc::ServerContext* ctx, const v1::GetMeetingRequest* req,
                          v1::Meeting* resp) override;

  grpc::Status ListMeetings(grpc::ServerContext* ctx, const v1::ListMeetingsRequest* req,
                            v1::ListMeetingsResponse* resp) override;

  grpc::Status GetNextMeeting(grpc::ServerContext* ctx, const v1::GetNextMeetingRequest* req,
                              v1::Meeting* resp) override;

  // --- Panel decisions --------------------------------------------------------------------------

  grpc::Status AcceptInitialReport(grpc::ServerContext* ctx,
                                   const v1::AcceptInitialReportRequest* req,
                                   v1::Decision* resp) override;

  grpc::Status CompleteRefinement(grpc::ServerContext* ctx,
                                  const v1::CompleteRefinementRequest* req,
                                  v1::Decision* resp) override;

  grpc::Status ApproveFastTrack(grpc::ServerContext* ctx, const v1::ApproveFastTrackRequest* req,
                                v1::Decision* resp) override;

  grpc::Status ReferToSecretaryOfState(grpc::ServerContext* ctx,
                                       const v1::ReferToSecretaryOfStateRequest* req,
                                       v1::Decision* resp) override;

  grpc::Status ListDecisions(grpc::ServerContext* ctx, const v1::ListDecisionsRequest* req,
                             v1::ListDecisionsResponse* resp) override;

  // --- Consultations ----------------------------------------------------------------------------

  grpc::Status IssueConsultation(grpc::ServerContext* ctx, const v1::IssueConsultationRequest* req,
                                 v1::Consultation* resp) override;

  grpc::Status GetConsultation(grpc::ServerContext* ctx, const v1::GetConsultationRequest* req,
                               v1::Consultation* resp) override;

  grpc::Status RespondToConsultation(grpc::ServerContext* ctx,
                                     const v1::RespondToConsultationRequest* req,
                                     v1::ConsultationResponse* resp) override;

  grpc::Status CloseConsultation(grpc::ServerContext* ctx, const v1::CloseConsultationRequest* req,
                                 v1::Consultation* resp) override;

  grpc::Status ListConsultationResponses(grpc::ServerContext* ctx,
                                         const v1::ListConsultationResponsesRequest* req,
                                         v1::ListConsultationResponsesResponse* resp) override;

  // --- Change Board -----------------------------------------------------------------------------

  grpc::Status CastVote(grpc::ServerContext* ctx, const v1::CastVoteRequest* req,
                        v1::Vote* resp) override;

  grpc::Status ListVotes(grpc::ServerContext* ctx, const v1::ListVotesRequest* req,
                         v1::ListVotesResponse* resp) override;

  grpc::Status TallyVotes(grpc::ServerContext* ctx, const v1::TallyVotesRequest* req,
                          v1::TallyResult* resp) override;

  // --- Authority and Secretary of State ---------------------------------------------------------

  grpc::Status DecideAsAuthority(grpc::ServerContext* ctx, const v1::DecideAsAuthorityRequest* req,
                                 v1::Decision* resp) override;

  grpc::Status DirectAsSecretaryOfState(grpc::ServerContext* ctx,
                                        const v1::DirectAsSecretaryOfStateRequest* req,
                                        v1::Decision* resp) override;

  // --- SEC versions -----------------------------------------------------------------------------

  grpc::Status DesignateVersion(grpc::ServerContext* ctx, const v1::DesignateVersionRequest* req,
                                v1::SecVersion* resp) override;

  grpc::Status GetVersion(grpc::ServerContext* ctx, const v1::GetVersionRequest* req,
                          v1::SecVersion* resp) override;

  grpc::Status ListVersions(grpc::ServerContext* ctx, const v1::ListVersionsRequest*,
                            v1::ListVersionsResponse* resp) override;

  grpc::Status GetVersionInForce(grpc::ServerContext* ctx, const v1::GetVersionInForceRequest* req,
                                 v1::SecVersion* resp) override;

  // --- SSC nominations --------------------------------------------------------------------------

  grpc::Status NominateSscMember(grpc::ServerContext* ctx, const v1::NominateSscMemberRequest* req,
                                 v1::SscNomination* resp) override;

  grpc::Status ReviewNomination(grpc::ServerContext* ctx, const v1::ReviewNominationRequest* req,
                                v1::SscNomination* resp) override;

  grpc::Status RecordVetting(grpc::ServerContext* ctx, const v1::RecordVettingRequest* req,
                             v1::SscNomination* resp) override;

  grpc::Status AppointNomination(grpc::ServerContext* ctx, const v1::AppointNominationRequest* req,
                                 v1::SscNomination* resp) override;

  grpc::Status ListNominations(grpc::ServerContext* ctx, const v1::ListNominationsRequest* req,
                               v1::ListNominationsResponse* resp) override;

  grpc::Status ListSscMembers(grpc::ServerContext* ctx, const v1::ListSscMembersRequest* req,
                              v1::ListSscMembersResponse* resp) override;

  // --- DCC assessments --------------------------------------------------------------------------

  grpc::Status RequestAssessment(grpc::ServerContext* ctx, const v1::RequestAssessmentRequest* req,
                                 v1::Assessment* resp) override;

  grpc::Status GetAssessment(grpc::ServerContext* ctx, const v1::GetAssessmentRequest* req,
                             v1::Assessment* resp) override;

  grpc::Status RecordAssessmentProgress(grpc::ServerContext* ctx,
                                        const v1::RecordAssessmentProgressRequest* req,
                                        v1::Assessment* resp) override;

  grpc::Status DeliverAssessment(grpc::ServerContext* ctx, const v1::DeliverAssessmentRequest* req,
                                 v1::Assessment* resp) override;

  grpc::Status ListAssessments(grpc::ServerContext* ctx, const v1::ListAssessmentsRequest* req,
                               v1::ListAssessmentsResponse* resp) override;

  // --- Calendar ---------------------------------------------------------------------------------

  grpc::Status LoadHolidays(grpc::ServerContext* ctx, const v1::LoadHolidaysRequest* req,
                            v1::LoadHolidaysResponse* resp) override;

  grpc::Status ListHolidays(grpc::ServerContext* ctx, const v1::ListHolidaysRequest* req,
                            v1::ListHolidaysResponse* resp) override;

  // --- Modification Status Report ---------------------------------------------------------------

  grpc::Status GetModificationStatusReport(grpc::ServerContext* ctx,
                                           const v1::GetModificationStatusReportRequest* req,
                                           v1::ModificationStatusReport* resp) override;

 private:
  static constexpr char kService[] = "sec.v1.GovernanceService";

  // The consultation of a proposal, NOT_FOUND naming it when none was issued.
  static absl::StatusOr<storage::ConsultationRow> LoadConsultation(storage::Tx& tx,
                                                                   const std::string& ref);

  // Votes belong to the Change Board stage that followed the latest consultation.
  static absl::StatusOr<int> CurrentRound(storage::Tx& tx, const std::string& ref);

  static v1::Assessment WithLateness(const storage::AssessmentRow& a, Date on,
                                     const WorkingDayCalendar& cal);

  // The three Panel decisions without parameters share one request shape.
  template <typename Request>
  grpc::Status PanelDecision(grpc::ServerContext* ctx, absl::string_view method,
                             LifecycleEvent event, const char* kind, const Request* req,
                             v1::Decision* resp);

  grpc::Status OutsideMeetingDecision(grpc::ServerContext* ctx, absl::string_view method,
                                      LifecycleEvent event, const std::string& kind,
                                      const std::string& name, const std::string& date,
                                      const std::string& reference, const std::string& reasons,
                                      const std::string& request_id, v1::Decision* resp);

  using NominationFn = std::function<absl::StatusOr<SscNomination>(
      storage::Tx&, const storage::NominationRow&, Date)>;

  grpc::Status NominationStep(grpc::ServerContext* ctx, absl::string_view method,
                              const std::string& name, const std::string& date,
                              const std::string& request_id, std::initializer_list<Role> roles,
                              absl::string_view action, const char* kind, v1::SscNomination* resp,
                              NominationFn fn);

  using AssessmentFn = std::function<absl::StatusOr<DccAssessment>(const DccAssessment&, Date)>;

  grpc::Status AssessmentStep(grpc::ServerContext* ctx, absl::string_view method,
                              const std::string& name, const std::string& date,
                              const std::string& request_id, const char* kind, v1::Assessment* resp,
                              AssessmentFn fn);

  const ServiceEnv env_;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_SERVICE_IMPL_H_
