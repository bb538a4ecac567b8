#ifndef SEC_SERVICE_LOG_H_
#define SEC_SERVICE_LOG_H_

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace sec::service {

// Structured log lines on stderr: one per RPC, one per lifecycle event, and gRPC core's own
// lines. Text (`key=value ...`) or JSON (one object per line). Callers never pass secrets.
enum class LogFormat { kText, kJson };
// The least severe level written: --log_level debug, info, warning or error.
enum class LogLevel { kDebug, kInfo, kWarning, kError };
std::optional<LogLevel> ParseLogLevel(absl::string_view name);

// Sets the format and the level, and sends gRPC core's log lines (gpr_log) through the same
// writer: in the same format, their severity mapped (DEBUG, INFO, ERROR), filtered by the same
// level. Call it before the first gRPC object is made, so gRPC's verbosity follows the level.
void ConfigureLogging(LogFormat format, LogLevel level);
void SetLogFormat(LogFormat f);

// A field's value: text, or a number or boolean, which JSON shows unquoted.
class LogValue {
 public:
  LogValue(std::string s) : text_(std::move(s)) {}  // NOLINT: implicit by design
  LogValue(const char* s) : text_(s) {}              // NOLINT
  LogValue(absl::string_view s) : text_(s) {}        // NOLINT
  LogValue(bool b) : text_(b ? "true" : "false"), literal_(true) {}  // NOLINT
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool> &&
                                             !std::is_same_v<T, char>,
                                         int> = 0>
  LogValue(T n) : text_(absl::StrCat(n)), literal_(true) {  // NOLINT
    // JSON has no NaN or infinity.
    if constexpr (std::is_floating_point_v<T>) {
      if (!(n == n) || n - n != 0) text_ = "null";
    }
  }

  const std::string& text() const { return text_; }
  // A number, boolean or null: written as it is in JSON, never quoted.
  bool literal() const { return literal_; }

 private:
  std::string text_;
  bool literal_ = false;
};

using LogFields = std::vector<std::pair<std::string, LogValue>>;
// Levels are "DEBUG", "INFO", "WARN" and "ERROR"; a line below the configured level is dropped.
// Written before it returns (after any queued RPC lines, so the order holds).
void Log(absl::string_view level, absl::string_view msg, const LogFields& fields = {});
// The per-RPC line: queued, and written by a background thread every few milliseconds in one
// write(2) for many lines (a write per call was a tenth of a GetModification). Flushed by
// every Log() and at exit; a kill -9 loses at most the last few milliseconds of RPC lines.
void LogQueued(absl::string_view level, absl::string_view msg, const LogFields& fields);
// Whether a line at `level` would be written (to skip building one that would not).
bool LogEnabled(absl::string_view level);

}  // namespace sec::service

#endif  // SEC_SERVICE_LOG_H_
