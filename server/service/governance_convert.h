#ifndef SEC_SERVICE_GOVERNANCE_CONVERT_H_
#define SEC_SERVICE_GOVERNANCE_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/names.h"
#include "domain/status_report.h"
#include "sec/v1/governance.pb.h"
#include "storage/governance_store.h"

namespace sec::service {


v1::Meeting ToProto(const storage::MeetingRow& m);
v1::Decision ToProto(const storage::DecisionRow& d);
v1::Consultation ToProto(const storage::ConsultationRow& c, int response_count);
v1::ConsultationResponse ToProto(const storage::ResponseRow& r);
v1::Vote ToProto(const storage::VoteRow& v);
v1::SecVersion ToProto(const storage::VersionRow& v);
v1::SscNomination ToProto(const storage::NominationRow& n);
v1::Assessment ToProto(const storage::AssessmentRow& a);
v1::ReportMeeting ToProto(const ReportMeeting& m);

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_CONVERT_H_
