#ifndef SEC_DOMAIN_CONSULTATION_H_
#define SEC_DOMAIN_CONSULTATION_H_

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

// A response from a party of `category` on `day`: the DCC does not respond; a closed
// consultation, or a day after the deadline (responses are due *by* it, so the deadline day
// itself is in time) or before the issue date, is FAILED_PRECONDITION.
absl::Status CheckResponse(bool open, Date issued, Date deadline, PartyCategory category, Date day);

// Closing on `day`: not before the deadline (FAILED_PRECONDITION naming it).
absl::Status CheckClose(Date deadline, Date day);

}  // namespace sec

#endif  // SEC_DOMAIN_CONSULTATION_H_
