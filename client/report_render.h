#ifndef SEC_CLIENT_REPORT_RENDER_H_
#define SEC_CLIENT_REPORT_RENDER_H_

#include <string>

#include "sec/v1/governance.pb.h"

namespace sec::cli {

// The Modification Status Report as a Markdown document in the shape of the SECAS monthly
// paper: versions, new proposals, Panel highlights, consultations, the open-proposal table
// ("Table one"), the releases with their slips, who the open proposals wait on, the process
// metrics and the next Panel meeting. Everything comes from the message.
std::string RenderReportMarkdown(const v1::ModificationStatusReport& r);

// The same report as one RFC 4180 CSV table: section,reference,title,detail,date.
std::string RenderReportCsv(const v1::ModificationStatusReport& r);

// "2017-04-21" -> "21 April 2017" (with the weekday: "Friday, 21 April 2017"); text that is not
// an ISO date is returned unchanged.
std::string LongDate(const std::string& iso, bool weekday = false);

}  // namespace sec::cli

#endif  // SEC_CLIENT_REPORT_RENDER_H_
