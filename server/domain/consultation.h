#ifndef SEC_DOMAIN_CONSULTATION_H_
#define SEC_DOMAIN_CONSULTATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/party.h"

namespace sec {

// Modification Report Consultation rules (SPEC 3). The lifecycle table decides whether a
// consultation may be issued or closed at all; these are the consultation's own date rules.

// A party's position in its response.
enum class ConsultationPosition { kSupport, kOppose, kComment };
const char* PositionCode(ConsultationPosition p);  // "SUPPORT", "OPPOSE", "COMMENT"
bool ParsePosition(absl::string_view code, ConsultationPosition* p);

// A deadline before the issue date, or a contact longer than 200 characters: INVALID_ARGUMENT.
absl::Status ValidateConsultation(Date issued, Date deadline, absl::string_view contact);

// The categories asked to respond: each at most once, and not the DCC, which does not respond
// (INVALID_ARGUMENT naming respondent_categories[i]).
absl::Status ValidateRespondentCategories(const std::vector<PartyCategory>& categories);

// A response from a party of `category` on `day`: the DCC does not respond; a closed
// consultation, or a day after the deadline (responses are due *by* it, so the deadline day
// itself is in time) or before the issue date, is FAILED_PRECONDITION.
absl::Status CheckResponse(bool open, Date issued, Date deadline, PartyCategory category, Date day);

// Closing on `day`: not before the deadline (FAILED_PRECONDITION naming it).
absl::Status CheckClose(Date deadline, Date day);

// A consultation on a proposal: its round, window and contact, open until closed.
struct Consultation {
  std::string modification;
  int round = 1;
  Date issue;
  Date deadline;
  std::string contact;
  bool open = true;
  std::optional<Date> closed;
  int64_t version = 0;
  std::vector<PartyCategory> respondent_categories;  // asked to respond; empty: not stated
};

// A party's response to a round of a consultation (one per party and round: a new one replaces
// it).
struct ConsultationResponse {
  std::string modification;
  int round = 1;
  std::string party;
  ConsultationPosition position = ConsultationPosition::kComment;
  std::string text;
  Date day;
  std::string principal;
};

}  // namespace sec

#endif  // SEC_DOMAIN_CONSULTATION_H_
