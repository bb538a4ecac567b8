#include "service/log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sec::service {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

std::string JsonQuote(absl::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "\"";
  return out;
}

std::string TextValue(absl::string_view s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c == '\n') plain = false;
  }
  return plain ? std::string(s) : JsonQuote(s);
}

}  // namespace

void SetLogFormat(LogFormat f) { g_format = f; }

void Log(absl::string_view level, absl::string_view msg, const LogFields& fields) {
  const std::string ts = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  std::string line;
  if (g_format == LogFormat::kJson) {
    line = absl::StrCat("{\"ts\":\"", ts, "\",\"level\":", JsonQuote(level),
                        ",\"msg\":", JsonQuote(msg));
    for (const auto& [k, v] : fields) absl::StrAppend(&line, ",", JsonQuote(k), ":", JsonQuote(v));
    line += "}\n";
  } else {
    line = absl::StrCat(ts, " ", level, " ", msg);
    for (const auto& [k, v] : fields) absl::StrAppend(&line, " ", k, "=", TextValue(v));
    line += "\n";
  }
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace sec::service
