#include "domain/meeting.h"

#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr CodeOf<MeetingBody> kBodies[] = {
    {MeetingBody::kPanel, "PANEL"},
    {MeetingBody::kChangeBoard, "CHANGE_BOARD"},
    {MeetingBody::kSecuritySubCommittee, "SECURITY_SUB_COMMITTEE"},
};
// The first part of a meeting's id.
constexpr CodeOf<MeetingBody> kSlugs[] = {
    {MeetingBody::kPanel, "panel"},
    {MeetingBody::kChangeBoard, "change-board"},
    {MeetingBody::kSecuritySubCommittee, "ssc"},
};

}  // namespace

const char* BodyCode(MeetingBody b) { return CodeIn(kBodies, b); }
bool ParseBody(absl::string_view code, MeetingBody* b) { return ParseCodeIn(kBodies, code, b); }

absl::StatusOr<std::string> MeetingId(MeetingBody body, int number) {
  if (number <= 0) return InvalidField("meeting.number", "a positive number is required");
  return absl::StrCat(CodeIn(kSlugs, body), "-", number);
}

absl::Status RequirePanelMeeting(MeetingBody body, absl::string_view name,
                                 absl::string_view field) {
  if (body == MeetingBody::kPanel) return absl::OkStatus();
  return InvalidField(field,
                      absl::StrCat(name, " is a ", BodyCode(body), " meeting, not a Panel meeting"));
}

MeetingDeadlines DeadlinesFor(const Meeting& m, const WorkingDayCalendar& calendar) {
  MeetingDeadlines d;
  d.papers_due = calendar.SubtractWorkingDays(m.day, kPaperWorkingDays);
  d.proposals_due = calendar.SubtractWorkingDays(d.papers_due, kProposalFormWorkingDays);
  return d;
}

}  // namespace sec
