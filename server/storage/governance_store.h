#ifndef SEC_STORAGE_GOVERNANCE_STORE_H_
#define SEC_STORAGE_GOVERNANCE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/change_board.h"
#include "domain/consultation.h"
#include "domain/cost.h"
#include "domain/dates.h"
#include "domain/dcc_assessment.h"
#include "domain/decision.h"
#include "domain/meeting.h"
#include "domain/modification.h"
#include "domain/sec_version.h"
#include "domain/ssc.h"
#include "domain/status_report.h"
#include "storage/store.h"

namespace sec::storage {

// Repository functions of the Governance area, each over one transaction, reading and writing
// the domain's types (meeting.h, decision.h, consultation.h, change_board.h, sec_version.h,
// ssc.h, dcc_assessment.h). Rules stay in domain/; these only read and write rows.

// --- Meetings ---------------------------------------------------------------------------------
// ALREADY_EXISTS when the id is taken.
absl::Status InsertMeeting(Tx& tx, const Meeting& m);
absl::StatusOr<Meeting> GetMeeting(Tx& tx, const std::string& id);
struct MeetingQuery {
  std::optional<MeetingBody> body;  // nullopt: every body
  Date start = Date(1, 1, 1);
  Date end = Date(9999, 12, 31);
  std::optional<std::pair<Date, std::string>> after;  // keyset: (day, id) of the last row
  int limit = 50;
};
absl::StatusOr<std::vector<Meeting>> ListMeetings(Tx& tx, const MeetingQuery& q);
// The first meeting of `body` strictly after `day`; nullopt when none.
absl::StatusOr<std::optional<Meeting>> NextMeeting(Tx& tx, MeetingBody body, Date day);
absl::StatusOr<std::vector<Meeting>> ListBodyMeetings(Tx& tx, MeetingBody body);

// --- Decisions --------------------------------------------------------------------------------
// Allocates the id (set in `d`).
absl::Status InsertDecision(Tx& tx, Decision& d);
// Either filter may be empty; in recorded order.
absl::StatusOr<std::vector<Decision>> ListDecisions(Tx& tx, const std::string& meeting,
                                                       const std::string& modification);

// --- Consultations ----------------------------------------------------------------------------
absl::StatusOr<std::optional<Consultation>> FindConsultation(Tx& tx,
                                                                const std::string& modification);
absl::Status InsertConsultation(Tx& tx, const Consultation& c);
// ABORTED when the stored version is no longer `expected_version`.
absl::Status UpdateConsultation(Tx& tx, const Consultation& c, int64_t expected_version);
absl::StatusOr<std::vector<Consultation>> ListConsultations(Tx& tx);

// Replaces the party's earlier response in the same round, if any.
absl::Status PutResponse(Tx& tx, const ConsultationResponse& r);
absl::StatusOr<std::vector<ConsultationResponse>> ListResponses(Tx& tx, const std::string& modification,
                                                       int round);
absl::StatusOr<int> CountResponses(Tx& tx, const std::string& modification, int round);

// --- Change Board votes -----------------------------------------------------------------------
absl::Status InsertVote(Tx& tx, RecordedVote& v);
absl::StatusOr<std::vector<RecordedVote>> ListVotes(Tx& tx, const std::string& modification, int round);

// --- SEC versions -----------------------------------------------------------------------------
absl::Status InsertVersion(Tx& tx, const SecVersion& v);
absl::StatusOr<SecVersion> GetVersion(Tx& tx, const std::string& number);
absl::StatusOr<std::vector<SecVersion>> ListVersions(Tx& tx);
absl::StatusOr<std::optional<SecVersion>> VersionInForce(Tx& tx, Date day);

// --- SSC nominations --------------------------------------------------------------------------
struct StoredNomination {
  int64_t id = 0;  // allocated by InsertNomination
  SscNomination nomination;
  int64_t version = 0;
};
absl::Status InsertNomination(Tx& tx, StoredNomination& n);
absl::StatusOr<StoredNomination> GetNomination(Tx& tx, int64_t id);
absl::Status UpdateNomination(Tx& tx, const StoredNomination& n, int64_t expected_version);
// nullopt: every state.
absl::StatusOr<std::vector<StoredNomination>> ListNominations(Tx& tx,
                                                           std::optional<NominationState> state);

// --- DCC assessments --------------------------------------------------------------------------
struct StoredDccAssessment {
  int64_t id = 0;  // allocated by InsertAssessment
  DccAssessment assessment;
  int64_t version = 0;
};
absl::Status InsertAssessment(Tx& tx, StoredDccAssessment& a);
absl::StatusOr<StoredDccAssessment> GetAssessment(Tx& tx, int64_t id);
absl::Status UpdateAssessment(Tx& tx, const StoredDccAssessment& a, int64_t expected_version);
// `modification` "" for all.
absl::StatusOr<std::vector<StoredDccAssessment>> ListAssessments(Tx& tx, const std::string& modification);

// --- Waivers of outstanding assessments ------------------------------------------------------
// One per assessment (the caller has checked it is not waived yet).
absl::Status InsertWaiver(Tx& tx, const AssessmentWaiver& w);
absl::StatusOr<std::vector<AssessmentWaiver>> ListWaivers(Tx& tx, const std::string& modification);

// --- Cost estimates ---------------------------------------------------------------------------
// Allocates the id (set in `e`).
absl::Status InsertCostEstimate(Tx& tx, CostEstimate& e);
// A proposal's estimates in id order.
absl::StatusOr<std::vector<CostEstimate>> ListCostEstimates(Tx& tx,
                                                            const std::string& modification);

// --- The status report ------------------------------------------------------------------------
// Everything BuildStatusReport needs, read in one snapshot: every proposal with its dated status
// history (from the events), versions, Panel meetings and their decisions, consultations.
absl::StatusOr<StatusReportInput> LoadStatusReportInput(Tx& tx);
// One proposal's status changes, in recorded order (the events about it that carry a status).
absl::StatusOr<std::vector<StatusChange>> StatusHistory(Tx& tx, const std::string& reference);
// party id -> display name.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListPartyNames(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_GOVERNANCE_STORE_H_
