#ifndef SEC_SERVICE_GOVERNANCE_CONVERT_H_
#define SEC_SERVICE_GOVERNANCE_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/status_report.h"
#include "sec/v1/governance.pb.h"
#include "storage/governance_store.h"

namespace sec::service {

// Meeting bodies: the wire enum <-> the stored role name ("PANEL") <-> the id slug ("panel").
absl::StatusOr<std::string> BodyCode(v1::MeetingBody b, absl::string_view field);
v1::MeetingBody BodyFromCode(const std::string& code);
std::string BodySlug(const std::string& code);

// Resource names.
std::string MeetingName(const std::string& id);
std::string ConsultationName(const std::string& reference);
std::string DecisionName(int64_t id);
std::string VersionName(const std::string& number);
std::string NominationName(int64_t id);
std::string AssessmentName(int64_t id);
absl::StatusOr<std::string> ParseMeetingName(const std::string& name, absl::string_view field);
// "modifications/SECMP0006/consultation" -> "SECMP0006".
absl::StatusOr<std::string> ParseConsultationName(const std::string& name, absl::string_view field);
absl::StatusOr<std::string> ParseVersionName(const std::string& name, absl::string_view field);
absl::StatusOr<int64_t> ParseNominationName(const std::string& name, absl::string_view field);
absl::StatusOr<int64_t> ParseAssessmentName(const std::string& name, absl::string_view field);

v1::Meeting ToProto(const storage::MeetingRow& m);
v1::Decision ToProto(const storage::DecisionRow& d);
v1::Consultation ToProto(const storage::ConsultationRow& c, int response_count);
v1::ConsultationResponse ToProto(const storage::ResponseRow& r);
v1::Vote ToProto(const storage::VoteRow& v);
v1::Vote VoteToProto(const std::string& reference, const Vote& v);
v1::SecVersion ToProto(const storage::VersionRow& v);
v1::SscNomination ToProto(const storage::NominationRow& n);
v1::Assessment ToProto(const storage::AssessmentRow& a);
v1::ReportMeeting ToProto(const ReportMeeting& m);

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_CONVERT_H_
