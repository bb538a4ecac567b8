#ifndef SEC_SERVICE_LOG_H_
#define SEC_SERVICE_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace sec::service {

// Structured log lines on stderr: one per RPC and one per lifecycle event. Text
// (`key=value ...`) or JSON (one object per line). Callers never pass secrets.
enum class LogFormat { kText, kJson };
void SetLogFormat(LogFormat f);

using LogFields = std::vector<std::pair<std::string, std::string>>;
// Written before it returns (after any queued RPC lines, so the order holds).
void Log(absl::string_view level, absl::string_view msg, const LogFields& fields = {});
// The per-RPC line: queued, and written by a background thread every few milliseconds in one
// write(2) for many lines (a write per call was a tenth of a GetModification). Flushed by
// every Log() and at exit; a kill -9 loses at most the last few milliseconds of RPC lines.
void LogQueued(absl::string_view level, absl::string_view msg, const LogFields& fields);

}  // namespace sec::service

#endif  // SEC_SERVICE_LOG_H_
