#include "domain/consultation.h"

#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/citations.h"
#include "domain/errors.h"

namespace sec {

namespace {
constexpr CodeOf<ConsultationPosition> kPositions[] = {
    {ConsultationPosition::kSupport, "SUPPORT"},
    {ConsultationPosition::kOppose, "OPPOSE"},
    {ConsultationPosition::kComment, "COMMENT"},
};
}  // namespace

const char* PositionCode(ConsultationPosition p) { return CodeIn(kPositions, p); }

bool ParsePosition(absl::string_view code, ConsultationPosition* p) {
  return ParseCodeIn(kPositions, code, p);
}

absl::Status ValidateConsultation(Date issued, Date deadline, absl::string_view contact) {
  if (deadline < issued) {
    return absl::InvalidArgumentError(absl::StrCat(
        "deadline: ", FormatDate(deadline), " is before the issue date ", FormatDate(issued)));
  }
  if (contact.size() > 200) {
    return absl::InvalidArgumentError("contact: at most 200 characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateRespondentCategories(const std::vector<PartyCategory>& categories) {
  for (size_t i = 0; i < categories.size(); ++i) {
    const std::string field = absl::StrCat("respondent_categories[", i, "]");
    if (categories[i] == PartyCategory::kDcc) {
      return InvalidField(field, "the DCC does not respond to Modification Report Consultations");
    }
    for (size_t j = 0; j < i; ++j) {
      if (categories[j] == categories[i]) {
        return InvalidField(field, absl::StrCat(CategoryCode(categories[i]), " is given twice"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckResponse(bool open, Date issued, Date deadline, PartyCategory category,
                           Date day) {
  if (category == PartyCategory::kDcc) {
    return UnderRule(absl::FailedPreconditionError(
                         "the DCC does not respond to Modification Report Consultations; "
                         "responses come from the other SEC Parties"),
                     CitedRule::kResponseWhoMayRespond);
  }
  if (!open) {
    return UnderRule(absl::FailedPreconditionError("the consultation is closed; no more responses"),
                     CitedRule::kResponseNotOpen);
  }
  if (day > deadline) {
    return UnderRule(Refused(absl::StatusCode::kFailedPrecondition, "DEADLINE_PASSED",
                             absl::StrCat("the consultation's deadline was ", FormatDate(deadline),
                                          "; a response dated ", FormatDate(day), " is too late"),
                             {{"deadline", FormatDate(deadline)}}),
                     CitedRule::kResponseDeadline);
  }
  if (day < issued) {
    return UnderRule(absl::FailedPreconditionError(absl::StrCat(
                         "the consultation was issued on ", FormatDate(issued),
                         "; a response dated ", FormatDate(day), " precedes it")),
                     CitedRule::kResponseBeforeIssue);
  }
  return absl::OkStatus();
}

absl::Status CheckClose(Date deadline, Date day) {
  if (day < deadline) {
    return UnderRule(absl::FailedPreconditionError(absl::StrCat(
                         "the consultation cannot close before its deadline ",
                         FormatDate(deadline), " (asked for ", FormatDate(day), ")")),
                     CitedRule::kCloseBeforeDeadline);
  }
  return absl::OkStatus();
}

}  // namespace sec
