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

// The line is built by appending to one string, reserved once: returning a string per
// value (quoted or not) and per timestamp was most of the cost of an RPC's line.
void AppendJsonQuoted(std::string* out, absl::string_view s) {
  out->push_back('"');
  size_t plain = 0;  // s[plain, i) needs no escape: appended in one piece
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        absl::StrAppendFormat(out, "\\u%04x", c);
    }
  }
  out->append(s.data() + plain, s.size() - plain);
  out->push_back('"');
}

// A text-format value: as it is, or JSON-quoted when empty or holding a space, quote, '=' or
// newline (which would break key=value parsing).
void AppendTextValue(std::string* out, absl::string_view s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c == '\n') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out->append(s.data(), s.size());
  } else {
    AppendJsonQuoted(out, s);
  }
}

// "2017-04-10T09:30:01.234Z". The part up to the second is formatted once per second per
// thread: absl::FormatTime on every line was a third of the cost of logging an RPC.
void AppendTimestamp(std::string* out, absl::Time now) {
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
  out->append(cached_prefix);
  out->append(tail, sizeof(tail));
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
  std::string line;
  line.reserve(256);  // an RPC's line, most often, in one allocation
  if (g_format == LogFormat::kJson) {
    line.append("{\"ts\":\"");
    AppendTimestamp(&line, absl::Now());
    line.append("\",\"level\":");
    AppendJsonQuoted(&line, level);
    line.append(",\"msg\":");
    AppendJsonQuoted(&line, msg);
    for (const auto& [k, v] : fields) {
      line.push_back(',');
      AppendJsonQuoted(&line, k);
      line.push_back(':');
      if (v.literal()) {
        line.append(v.text());
      } else {
        AppendJsonQuoted(&line, v.text());
      }
    }
    line.append("}\n");
  } else {
    AppendTimestamp(&line, absl::Now());
    line.push_back(' ');
    line.append(level.data(), level.size());
    line.push_back(' ');
    line.append(msg.data(), msg.size());
    for (const auto& [k, v] : fields) {
      line.push_back(' ');
      line.append(k);
      line.push_back('=');
      if (v.literal()) {
        line.append(v.text());
      } else {
        AppendTextValue(&line, v.text());
      }
    }
    line.push_back('\n');
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
