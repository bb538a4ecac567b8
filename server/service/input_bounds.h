#ifndef SEC_SERVICE_INPUT_BOUNDS_H_
#define SEC_SERVICE_INPUT_BOUNDS_H_

// Every field a request can carry has a bound, declared once in input_bounds.cc's table and
// checked at the edge before any handler runs (SPEC 6): enums must be values the contract
// defines, dates lie in 1900-01-01..2999-12-31, money in 0..£10,000,000,000, every string and
// every list has a maximum. A violation is INVALID_ARGUMENT naming the field path
// ("holidays[2].date"), and nothing runs.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace sec::service {

// What a field holds, and so how it is checked.
enum class FieldKind {
  kText,   // a string of at most `max` characters
  kDate,   // "YYYY-MM-DD" in range, or empty (not given)
  kMonth,  // "YYYY-MM", or empty
  kRange,  // an integer in [min, max]
  kMoney,  // integer pence in [0, bounds::kMaxPence]
  kBytes,  // a bytes field of at most `max` bytes
};

struct FieldBound {
  FieldKind kind = FieldKind::kText;
  int64_t min = 0;
  int64_t max = 0;  // kText: characters; kRange: the largest value
  // For a repeated field: the most items it may hold.
  int64_t max_items = 0;
};

// The declared bound of a string, integer or repeated field; null when the table has none (the
// table test requires one for every such field reachable from a request).
const FieldBound* BoundOf(const google::protobuf::FieldDescriptor* field);

// Checks every field set in `request` (recursively), as above.
absl::Status ValidateRequest(const google::protobuf::Message& request);

// Entries of the table that name no field of the contract (a test keeps this empty).
std::vector<std::string> BoundsNamingNoField();

}  // namespace sec::service

#endif  // SEC_SERVICE_INPUT_BOUNDS_H_
