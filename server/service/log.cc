#include "service/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <grpc/support/log.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sec::service {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
std::atomic<LogLevel> g_level{LogLevel::kInfo};

// "DEBUG", "INFO", "WARN" (or "WARNING"), "ERROR": by the first letter; anything else is
// written as an error, never dropped.
LogLevel LevelOf(absl::string_view level) {
  switch (level.empty() ? 'E' : level[0]) {
    case 'D': return LogLevel::kDebug;
    case 'I': return LogLevel::kInfo;
    case 'W': return LogLevel::kWarning;
    default: return LogLevel::kError;
  }
}

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

void WriteAll(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = write(STDERR_FILENO, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to: drop it, never block or crash the server
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

// Queued RPC lines and the thread that writes them. std::mutex rather than absl::Mutex: the
// sanitizers see its synchronisation (Debian's Abseil is not built for TSan).
class Sink {
 public:
  // Never destroyed: the writer thread and atexit may still use it while the process ends.
  static Sink& Instance() {
    static Sink* const sink = new Sink;
    return *sink;
  }

  // Appends under a short lock, with no system call.
  void Queue(absl::string_view line) {
    std::lock_guard<std::mutex> lock(mu_);
    StartWriterLocked();
    const bool was_empty = queued_.empty();
    queued_.append(line.data(), line.size());
    if (was_empty) wake_.notify_one();
  }
  // Writes what is queued, then `line`, in that order, before returning.
  void WriteNow(absl::string_view line) {
    std::lock_guard<std::mutex> order(write_mu_);
    std::string batch;
    {
      std::lock_guard<std::mutex> lock(mu_);
      batch.swap(queued_);
    }
    batch.append(line.data(), line.size());
    WriteAll(batch);
  }
  void Flush() { WriteNow({}); }

 private:
  void StartWriterLocked() {
    if (writer_started_) return;
    writer_started_ = true;
    std::atexit([] { Instance().Flush(); });
    std::thread([this] {
      for (;;) {
        {
          // Asleep while there is nothing to write; then a few milliseconds to gather lines.
          std::unique_lock<std::mutex> lock(mu_);
          wake_.wait(lock, [this] { return !queued_.empty(); });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        Flush();
      }
    }).detach();
  }

  std::mutex write_mu_;  // orders the writes: one batch is written whole before the next
  std::mutex mu_;        // guards the two below
  std::condition_variable wake_;
  std::string queued_;
  bool writer_started_ = false;
};

std::string FormatLine(absl::string_view level, absl::string_view msg, const LogFields& fields) {
  const std::string ts = Timestamp(absl::Now());
  std::string line;
  if (g_format == LogFormat::kJson) {
    line = absl::StrCat("{\"ts\":\"", ts, "\",\"level\":", JsonQuote(level),
                        ",\"msg\":", JsonQuote(msg));
    for (const auto& [k, v] : fields) {
      absl::StrAppend(&line, ",", JsonQuote(k), ":", v.literal() ? v.text() : JsonQuote(v.text()));
    }
    line += "}\n";
  } else {
    line = absl::StrCat(ts, " ", level, " ", msg);
    for (const auto& [k, v] : fields) {
      absl::StrAppend(&line, " ", k, "=", v.literal() ? v.text() : TextValue(v.text()));
    }
    line += "\n";
  }
  return line;
}

// gRPC core's lines, as secd's own: "E1201 ... Handshake failed" becomes an ERROR line with
// source=grpc and the core's file and line.
void LogFromGrpc(gpr_log_func_args* args) {
  const char* level = args->severity == GPR_LOG_SEVERITY_DEBUG  ? "DEBUG"
                      : args->severity == GPR_LOG_SEVERITY_INFO ? "INFO"
                                                                : "ERROR";
  if (!LogEnabled(level)) return;
  absl::string_view file = args->file != nullptr ? args->file : "";
  // The path within gRPC's source tree ("src/core/tsi/ssl_transport_security.cc").
  if (size_t at = file.find("src/"); at != absl::string_view::npos) file.remove_prefix(at);
  Log(level, absl::StripTrailingAsciiWhitespace(args->message != nullptr ? args->message : ""),
      {{"source", "grpc"}, {"file", file}, {"line", args->line}});
}

// gRPC's INFO lines are about its own workings ("grpc epoll fd: 9", its pollers): wanted
// only when debugging, so below --log_level=debug gRPC writes its errors alone, as by default.
gpr_log_severity GrpcVerbosity(LogLevel level) {
  return level == LogLevel::kDebug ? GPR_LOG_SEVERITY_DEBUG : GPR_LOG_SEVERITY_ERROR;
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(absl::string_view name) {
  const std::string n = absl::AsciiStrToLower(name);
  if (n == "debug") return LogLevel::kDebug;
  if (n == "info") return LogLevel::kInfo;
  if (n == "warning" || n == "warn") return LogLevel::kWarning;
  if (n == "error") return LogLevel::kError;
  return std::nullopt;
}

void ConfigureLogging(LogFormat format, LogLevel level) {
  g_format = format;
  g_level = level;
  gpr_set_log_verbosity(GrpcVerbosity(level));
  gpr_set_log_function(&LogFromGrpc);
}

void SetLogFormat(LogFormat f) { g_format = f; }

bool LogEnabled(absl::string_view level) { return LevelOf(level) >= g_level.load(); }

void Log(absl::string_view level, absl::string_view msg, const LogFields& fields) {
  if (!LogEnabled(level)) return;
  Sink::Instance().WriteNow(FormatLine(level, msg, fields));
}

void LogQueued(absl::string_view level, absl::string_view msg, const LogFields& fields) {
  if (!LogEnabled(level)) return;
  Sink::Instance().Queue(FormatLine(level, msg, fields));
}

}  // namespace sec::service
