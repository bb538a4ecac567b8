#ifndef SEC_STORAGE_GOVERNANCE_STORE_H_
#define SEC_STORAGE_GOVERNANCE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/change_board.h"
#include "domain/consultation.h"
#include "domain/dates.h"
#include "domain/dcc_assessment.h"
#include "domain/meeting.h"
#include "domain/modification.h"
#include "domain/ssc.h"
#include "domain/status_report.h"
#include "storage/store.h"

namespace sec::storage {

// Repository functions of the Governance area, each over one transaction. Rules stay in domain/;
// these only read and write rows.

// --- Meetings ---------------------------------------------------------------------------------
struct MeetingRow {
  std::string id;    // "panel-42"
  MeetingBody body = MeetingBody::kPanel;
  int number = 0;
  Date day;
  std::vector<std::string> items;
  std::string comment;
  int64_t create_time_us = 0;
};
// ALREADY_EXISTS when the id is taken.
absl::Status InsertMeeting(Tx& tx, const MeetingRow& m);
absl::StatusOr<MeetingRow> GetMeeting(Tx& tx, const std::string& id);
struct MeetingQuery {
  std::optional<MeetingBody> body;  // nullopt: every body
  Date start = Date(1, 1, 1);
  Date end = Date(9999, 12, 31);
  std::optional<std::pair<Date, std::string>> after;  // keyset: (day, id) of the last row
  int limit = 50;
};
absl::StatusOr<std::vector<MeetingRow>> ListMeetings(Tx& tx, const MeetingQuery& q);
// The first meeting of `body` strictly after `day`; nullopt when none.
absl::StatusOr<std::optional<MeetingRow>> NextMeeting(Tx& tx, MeetingBody body, Date day);
absl::StatusOr<std::vector<MeetingRow>> ListBodyMeetings(Tx& tx, MeetingBody body);

// --- Decisions --------------------------------------------------------------------------------
struct TimetableRow {
  std::string milestone;
  Date target;
};
struct DecisionRow {
  int64_t id = 0;            // allocated by InsertDecision
  std::string meeting;       // meeting id or ""
  std::string modification;  // reference
  std::string kind;
  std::string outcome;
  std::string reasons;
  std::string reference;
  Date day;
  ModStatus status = ModStatus::kSubmitted;  // after the decision
  ModPath path = ModPath::kUnset;            // after the decision
  std::vector<TimetableRow> timetable;
  int64_t record_time_us = 0;
};
// Allocates the id (set in `d`).
absl::Status InsertDecision(Tx& tx, DecisionRow& d);
// Either filter may be empty; in recorded order.
absl::StatusOr<std::vector<DecisionRow>> ListDecisions(Tx& tx, const std::string& meeting,
                                                       const std::string& modification);

// --- Consultations ----------------------------------------------------------------------------
struct ConsultationRow {
  std::string modification;
  int round = 1;
  Date issue;
  Date deadline;
  std::string contact;
  bool open = true;
  std::optional<Date> closed;
  int64_t version = 0;
};
absl::StatusOr<std::optional<ConsultationRow>> FindConsultation(Tx& tx,
                                                                const std::string& modification);
absl::Status InsertConsultation(Tx& tx, const ConsultationRow& c);
// ABORTED when the stored version is no longer `expected_version`.
absl::Status UpdateConsultation(Tx& tx, const ConsultationRow& c, int64_t expected_version);
absl::StatusOr<std::vector<ConsultationRow>> ListConsultations(Tx& tx);

struct ResponseRow {
  std::string modification;
  int round = 1;
  std::string party;
  ConsultationPosition position = ConsultationPosition::kComment;
  std::string text;
  Date day;
  std::string principal;
};
// Replaces the party's earlier response in the same round, if any.
absl::Status PutResponse(Tx& tx, const ResponseRow& r);
absl::StatusOr<std::vector<ResponseRow>> ListResponses(Tx& tx, const std::string& modification,
                                                       int round);
absl::StatusOr<int> CountResponses(Tx& tx, const std::string& modification, int round);

// --- Change Board votes -----------------------------------------------------------------------
struct VoteRow {
  int64_t sequence = 0;  // allocated by InsertVote
  std::string modification;
  int round = 1;
  Vote vote;
  Date day;
};
absl::Status InsertVote(Tx& tx, VoteRow& v);
absl::StatusOr<std::vector<VoteRow>> ListVotes(Tx& tx, const std::string& modification, int round);

// --- SEC versions -----------------------------------------------------------------------------
struct VersionRow {
  std::string number;
  Date effective;
  std::vector<std::string> implements;  // references
  std::vector<std::string> sections;
  std::string comment;
  int64_t create_time_us = 0;
};
absl::Status InsertVersion(Tx& tx, const VersionRow& v);
absl::StatusOr<VersionRow> GetVersion(Tx& tx, const std::string& number);
absl::StatusOr<std::vector<VersionRow>> ListVersions(Tx& tx);
absl::StatusOr<std::optional<VersionRow>> VersionInForce(Tx& tx, Date day);

// --- SSC nominations --------------------------------------------------------------------------
struct NominationRow {
  int64_t id = 0;  // allocated by InsertNomination
  SscNomination nomination;
  int64_t version = 0;
};
absl::Status InsertNomination(Tx& tx, NominationRow& n);
absl::StatusOr<NominationRow> GetNomination(Tx& tx, int64_t id);
absl::Status UpdateNomination(Tx& tx, const NominationRow& n, int64_t expected_version);
// nullopt: every state.
absl::StatusOr<std::vector<NominationRow>> ListNominations(Tx& tx,
                                                           std::optional<NominationState> state);

// --- DCC assessments --------------------------------------------------------------------------
struct AssessmentRow {
  int64_t id = 0;  // allocated by InsertAssessment
  DccAssessment assessment;
  int64_t version = 0;
};
absl::Status InsertAssessment(Tx& tx, AssessmentRow& a);
absl::StatusOr<AssessmentRow> GetAssessment(Tx& tx, int64_t id);
absl::Status UpdateAssessment(Tx& tx, const AssessmentRow& a, int64_t expected_version);
// `modification` "" for all.
absl::StatusOr<std::vector<AssessmentRow>> ListAssessments(Tx& tx, const std::string& modification);

// --- The status report ------------------------------------------------------------------------
// Everything BuildStatusReport needs, read in one snapshot: every proposal with its dated status
// history (from the events), versions, Panel meetings and their decisions, consultations.
absl::StatusOr<StatusReportInput> LoadStatusReportInput(Tx& tx);
// party id -> display name.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListPartyNames(Tx& tx);

}  // namespace sec::storage

#endif  // SEC_STORAGE_GOVERNANCE_STORE_H_
