#include "service/log.h"

#include <atomic>
#include <cstdint>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
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

// "2017-04-10T09:30:01.234Z". The part up to the second is formatted once per second per
// thread: absl::FormatTime on every line was a third of the cost of logging an RPC.
std::string Timestamp(absl::Time now) {
  thread_local int64_t cached_second = INT64_MIN;
  thread_local std::string cached_prefix;
  const int64_t ms = absl::ToUnixMillis(now);
  const int64_t second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  if (second != cached_second) {
    cached_second = second;
    cached_prefix =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second), absl::UTCTimeZone());
  }
  const int frac = static_cast<int>(ms - second * 1000);
  const char tail[5] = {'.', static_cast<char>('0' + frac / 100),
                        static_cast<char>('0' + frac / 10 % 10), static_cast<char>('0' + frac % 10),
                        'Z'};
  return absl::StrCat(cached_prefix, absl::string_view(tail, sizeof(tail)));
}

// One write(2) per line, with no lock: the kernel keeps a write of up to PIPE_BUF bytes whole
// on a pipe, and serialises writes to a file's offset, so concurrent lines never interleave.
// (A lock held across the write made every RPC thread queue behind the slowest writer: most of
// a GetModification's cost was threads sleeping and waking on it.) Longer lines take the lock
// so they at least stay whole among themselves.
void WriteLine(absl::string_view line) {
  static absl::Mutex long_lines(absl::kConstInit);
  const bool whole = line.size() <= PIPE_BUF;
  if (!whole) long_lines.Lock();
  while (!line.empty()) {
    const ssize_t n = write(STDERR_FILENO, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // nowhere to log to: drop the line, never block or crash the server
    line.remove_prefix(static_cast<size_t>(n));
  }
  if (!whole) long_lines.Unlock();
}

}  // namespace

void SetLogFormat(LogFormat f) { g_format = f; }

void Log(absl::string_view level, absl::string_view msg, const LogFields& fields) {
  const std::string ts = Timestamp(absl::Now());
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
  WriteLine(line);
}

}  // namespace sec::service
