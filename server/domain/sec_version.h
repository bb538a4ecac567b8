#ifndef SEC_DOMAIN_SEC_VERSION_H_
#define SEC_DOMAIN_SEC_VERSION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"

namespace sec {

// A designated SEC version's number: digits and dots, as the SEC writes them ("5.6", "40.0").
absl::Status ValidateVersionNumber(absl::string_view number, absl::string_view field);

// Version order: "5.10" after "5.9" (the dot-separated numbers compared as numbers).
bool VersionNumberLess(absl::string_view a, absl::string_view b);
// A key whose byte order is version order ("000005.000010." for 5.10), for paging.
std::string VersionSortKey(absl::string_view number);

// A designated SEC version: in force from its effective date until the next.
struct SecVersion {
  std::string number;
  Date effective;
  std::vector<std::string> implements;  // references
  std::vector<std::string> sections;
  std::string comment;
  int64_t create_time_us = 0;
};

// The version in force on `day`: the latest effective on or before it (of two effective the same
// day, the higher number); none when every version takes effect later, or there is none.
std::optional<SecVersion> VersionInForce(const std::vector<SecVersion>& versions, Date day);

}  // namespace sec

#endif  // SEC_DOMAIN_SEC_VERSION_H_
