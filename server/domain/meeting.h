#ifndef SEC_DOMAIN_MEETING_H_
#define SEC_DOMAIN_MEETING_H_

// Meetings of the Panel, the Change Board and the SSC (SPEC 3).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/calendar.h"
#include "domain/dates.h"

namespace sec {

enum class MeetingBody { kPanel, kChangeBoard, kSecuritySubCommittee };
// Its role name (SPEC 1), as stored: "PANEL", "CHANGE_BOARD", "SECURITY_SUB_COMMITTEE".
const char* BodyCode(MeetingBody b);
bool ParseBody(absl::string_view code, MeetingBody* b);

// A meeting's id, "{body}-{number}": panel-42, change-board-7, ssc-3. The number is the body's
// own numbering and must be positive (INVALID_ARGUMENT naming meeting.number).
absl::StatusOr<std::string> MeetingId(MeetingBody body, int number);

// A Panel decision is taken at a Panel meeting (INVALID_ARGUMENT naming `field` otherwise).
absl::Status RequirePanelMeeting(MeetingBody body, absl::string_view name,
                                 absl::string_view field);

// A meeting as recorded.
struct Meeting {
  std::string id;    // "panel-42"
  MeetingBody body = MeetingBody::kPanel;
  int number = 0;
  Date day;
  std::vector<std::string> items;
  std::string comment;
  int64_t create_time_us = 0;
};

// [policy] A meeting's papers are due this many working days before it, and proposal forms
// (new Modification Proposals for it to consider) this many more before the papers.
inline constexpr int kPaperWorkingDays = 5;
inline constexpr int kProposalFormWorkingDays = 5;

struct MeetingDeadlines {
  Date papers_due;     // kPaperWorkingDays working days before the meeting
  Date proposals_due;  // kProposalFormWorkingDays working days before that
};
MeetingDeadlines DeadlinesFor(const Meeting& m, const WorkingDayCalendar& calendar);

}  // namespace sec

#endif  // SEC_DOMAIN_MEETING_H_
