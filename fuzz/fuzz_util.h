// Small helpers for the fuzz targets: split one input into fields, and crash loudly when a
// parser breaks a property it promises (libFuzzer then saves the input).
#ifndef SEC_FUZZ_FUZZ_UTIL_H_
#define SEC_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

#define FUZZ_CHECK(cond)                                                               \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

namespace sec::fuzz {

// The input as fields separated by a 0x00 byte (seed files use them between fields).
inline std::vector<std::string> Fields(const uint8_t* data, size_t size, size_t want) {
  std::vector<std::string> out =
      absl::StrSplit(absl::string_view(reinterpret_cast<const char*>(data), size),
                     absl::MaxSplits('\0', want - 1));
  out.resize(want);
  return out;
}

}  // namespace sec::fuzz

#endif  // SEC_FUZZ_FUZZ_UTIL_H_
