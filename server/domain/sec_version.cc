#include "domain/sec_version.h"

#include "domain/errors.h"

namespace sec {

absl::Status ValidateVersionNumber(absl::string_view number, absl::string_view field) {
  const bool ok = !number.empty() && number.front() != '.' && number.back() != '.' &&
                  number.find_first_not_of("0123456789.") == absl::string_view::npos;
  if (ok) return absl::OkStatus();
  return InvalidField(field, "required, digits and dots like 5.6");
}

}  // namespace sec
