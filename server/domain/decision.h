#ifndef SEC_DOMAIN_DECISION_H_
#define SEC_DOMAIN_DECISION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/dates.h"
#include "domain/modification.h"

namespace sec {

// A milestone of the timetable a Panel decision sets. With a stage, its target is that stage's
// planned end (domain/timetable.h); without one, free text.
struct TimetableEntry {
  std::string milestone;
  Date target;
  std::optional<ModStatus> stage;
};

// A recorded decision: the Panel's, the Change Board's, the Authority's or a direction.
struct Decision {
  int64_t id = 0;            // allocated when stored
  std::string meeting;       // meeting id or ""
  std::string modification;  // reference
  std::string kind;
  std::string outcome;
  std::string reasons;
  std::string reference;
  Date day;
  ModStatus status = ModStatus::kSubmitted;  // after the decision
  ModPath path = ModPath::kUnset;            // after the decision
  std::vector<TimetableEntry> timetable;
  int64_t record_time_us = 0;
};

}  // namespace sec

#endif  // SEC_DOMAIN_DECISION_H_
