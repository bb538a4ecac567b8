#ifndef SEC_SERVICE_GOVERNANCE_CONVERT_H_
#define SEC_SERVICE_GOVERNANCE_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/names.h"
#include "domain/status_report.h"
#include "sec/v1/governance.pb.h"
#include "storage/governance_store.h"

namespace sec::service {


// With its paper day and proposal cut-off on `calendar`.
v1::Meeting ToProto(const Meeting& m, const WorkingDayCalendar& calendar);
v1::Decision ToProto(const Decision& d);
v1::Consultation ToProto(const Consultation& c, int response_count);
v1::ConsultationResponse ToProto(const ConsultationResponse& r);
v1::CostEstimate ToProto(const CostEstimate& e);
v1::Vote ToProto(const RecordedVote& v);
v1::SecVersion ToProto(const SecVersion& v);
v1::SscNomination ToProto(const storage::StoredNomination& n);
v1::Assessment ToProto(const storage::StoredDccAssessment& a);
v1::ReportMeeting ToProto(const ReportMeeting& m);

}  // namespace sec::service

#endif  // SEC_SERVICE_GOVERNANCE_CONVERT_H_
