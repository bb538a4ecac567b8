#include "domain/meeting.h"

#include "absl/strings/str_cat.h"
#include "domain/errors.h"

namespace sec {
namespace {

absl::string_view Slug(absl::string_view body) {
  if (body == "PANEL") return "panel";
  if (body == "CHANGE_BOARD") return "change-board";
  if (body == "SECURITY_SUB_COMMITTEE") return "ssc";
  return "meeting";
}

}  // namespace

absl::StatusOr<std::string> MeetingId(absl::string_view body, int number) {
  if (number <= 0) return InvalidField("meeting.number", "a positive number is required");
  return absl::StrCat(Slug(body), "-", number);
}

absl::Status RequirePanelMeeting(absl::string_view body, absl::string_view name,
                                 absl::string_view field) {
  if (body == "PANEL") return absl::OkStatus();
  return InvalidField(field, absl::StrCat(name, " is a ", body, " meeting, not a Panel meeting"));
}

}  // namespace sec
