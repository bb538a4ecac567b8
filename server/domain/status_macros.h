#ifndef SEC_DOMAIN_STATUS_MACROS_H_
#define SEC_DOMAIN_STATUS_MACROS_H_

// Local copies of the status macros newer Abseil ships (Debian 12's has none).
//
//   SEC_RETURN_IF_ERROR(DoThing());                 // returns the status when not OK
//   SEC_ASSIGN_OR_RETURN(Date d, ParseDate(...));   // declares d, or returns the error
//   SEC_ASSIGN_OR_RETURN(existing, Lookup(...));    // assigns to an existing variable

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SEC_STATUS_CONCAT_INNER_(a, b) a##b
#define SEC_STATUS_CONCAT_(a, b) SEC_STATUS_CONCAT_INNER_(a, b)

#define SEC_RETURN_IF_ERROR(expr)                                        \
  do {                                                                   \
    if (::absl::Status sec_status_ = (expr); !sec_status_.ok()) {        \
      return sec_status_;                                                \
    }                                                                    \
  } while (false)

#define SEC_ASSIGN_OR_RETURN(lhs, expr) \
  SEC_ASSIGN_OR_RETURN_IMPL_(SEC_STATUS_CONCAT_(sec_statusor_, __LINE__), lhs, expr)

#define SEC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // SEC_DOMAIN_STATUS_MACROS_H_
