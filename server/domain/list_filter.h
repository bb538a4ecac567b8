#ifndef SEC_DOMAIN_LIST_FILTER_H_
#define SEC_DOMAIN_LIST_FILTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sec {

// The List filter grammar (AIP-160 subset), parsed and validated here so that storage only ever
// binds values as parameters:
//
//   filter     := comparison { "AND" comparison }
//   comparison := FIELD OP VALUE
//   OP         := "=" | "!=" | "<" | "<=" | ">" | ">=" | ":"      (":" = contains)
//   VALUE      := WORD | "quoted string" (with \" and \\ escapes)
//
// Each resource declares its fields, their kind and the operators they accept.
enum class FilterKind { kString, kEnum, kDate, kBool };
enum class FilterOp { kEq, kNe, kLt, kLe, kGt, kGe, kHas };

struct FilterField {
  std::string name;
  FilterKind kind;
  std::vector<FilterOp> ops;
  std::vector<std::string> enum_values;  // for kEnum: accepted upper-case values
};

struct FilterTerm {
  std::string field;
  FilterKind kind;
  FilterOp op;
  std::string value;  // normalised: enums upper-case, bools "true"/"false", dates YYYY-MM-DD
};

// Parses `text` against `fields`. Errors are INVALID_ARGUMENT naming the offending token and
// its column, e.g. `filter: unknown field "staus" at column 1; fields: status, path, ...`.
absl::StatusOr<std::vector<FilterTerm>> ParseFilter(absl::string_view text,
                                                    const std::vector<FilterField>& fields);

const char* FilterOpText(FilterOp op);

}  // namespace sec

#endif  // SEC_DOMAIN_LIST_FILTER_H_
