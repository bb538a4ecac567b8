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
void Log(absl::string_view level, absl::string_view msg, const LogFields& fields = {});

}  // namespace sec::service

#endif  // SEC_SERVICE_LOG_H_
