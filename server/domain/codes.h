#ifndef SEC_DOMAIN_CODES_H_
#define SEC_DOMAIN_CODES_H_

// A domain enum's code, as stored and shown ("LODGED"): one table per enum, read both ways.

#include <cstddef>

#include "absl/strings/string_view.h"

namespace sec {

template <typename E>
struct CodeOf {
  E value;
  const char* code;
};

// "UNKNOWN" for a value missing from the table.
template <typename E, size_t N>
const char* CodeIn(const CodeOf<E> (&table)[N], E value) {
  for (const CodeOf<E>& e : table) {
    if (e.value == value) return e.code;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
bool ParseCodeIn(const CodeOf<E> (&table)[N], absl::string_view code, E* out) {
  for (const CodeOf<E>& e : table) {
    if (code == e.code) {
      *out = e.value;
      return true;
    }
  }
  return false;
}

}  // namespace sec

#endif  // SEC_DOMAIN_CODES_H_
