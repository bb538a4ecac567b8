#ifndef SEC_DOMAIN_REPORT_SECTIONS_H_
#define SEC_DOMAIN_REPORT_SECTIONS_H_

// The status report's sections on releases and on who each open proposal waits on (README
// "Modification Status Report"), as of the report's date, from plain register data.

#include <string>
#include <vector>

#include "domain/dates.h"
#include "domain/dcc_assessment.h"
#include "domain/modification.h"
#include "domain/release.h"
#include "domain/status_report.h"

namespace sec {

// A release's status on `day` as a report dated then sees it: ReleaseStatusOn, except that an
// implemented release is still open (planning or scoped) before its target date.
ReleaseStatus ReleaseStatusAsOf(const Release& r, Date day);

struct ReportReleaseRow {
  Release release;
  ReleaseStatus status = ReleaseStatus::kPlanning;  // on the report's date
  std::vector<ReleaseMove> slips;  // moves out of it to a later release, on or before the date
};

// The releases of a report over (period_start, as_of]: each whose target date is in the period,
// and each whose target date is after it while it is still open (planning or scoped) on as_of;
// by target date.
std::vector<ReportReleaseRow> ReportReleases(const std::vector<Release>& releases,
                                             const std::vector<ReleaseMove>& moves,
                                             Date period_start, Date as_of);

struct ReportWaiting {
  WaitingOn body = WaitingOn::kNobody;
  std::vector<std::string> references;  // open proposals waiting on it, by reference
};

// Who each proposal open on `as_of` waited on then: WaitingOnOf its status that day and the DCC
// assessments outstanding that day (requested on or before it, not delivered by it). One row per
// body with at least one proposal, in WaitingOnCodes order.
std::vector<ReportWaiting> WaitingOnAsOf(const std::vector<ReportProposal>& proposals,
                                         const std::vector<DccAssessment>& assessments, Date as_of);

}  // namespace sec

#endif  // SEC_DOMAIN_REPORT_SECTIONS_H_
