#include "cli.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/support/client_interceptor.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "csv.h"

namespace sec::cli {
namespace {

// Read-your-writes across replicas within one secctl invocation: every write's response
// carries trailing metadata `sec-sequence` (the history sequence it committed at); every later
// call of the invocation sends the highest one seen as `sec-min-sequence`, so a read after a
// write is never answered from a replica's cache that has not seen the write (read_cache.h).
class SequenceToken final : public grpc::experimental::Interceptor {
 public:
  SequenceToken(grpc::experimental::ClientRpcInfo* /*info*/, std::shared_ptr<int64_t> last)
      : last_(std::move(last)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using H = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(H::PRE_SEND_INITIAL_METADATA) && *last_ > 0) {
      methods->GetSendInitialMetadata()->emplace("sec-min-sequence", absl::StrCat(*last_));
    }
    if (methods->QueryInterceptionHookPoint(H::POST_RECV_STATUS)) {
      auto* md = methods->GetRecvTrailingMetadata();
      int64_t v;
      for (auto it = md->find("sec-sequence"); it != md->end() && it->first == "sec-sequence";
           ++it) {
        if (absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), &v)) {
          *last_ = std::max(*last_, v);
        }
      }
    }
    methods->Proceed();
  }

 private:
  std::shared_ptr<int64_t> last_;  // secctl makes one call at a time
};

class SequenceTokens final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new SequenceToken(info, last_);
  }

 private:
  std::shared_ptr<int64_t> last_ = std::make_shared<int64_t>(0);
};

// UNAVAILABLE (the server restarting, a replica going away, a connection refused) is retried by
// gRPC itself, for every method, a few times with jittered exponential backoff: about 0.7 s in
// all, well inside the default deadline. Writes are safe to retry: each carries a request_id.
constexpr char kRetryServiceConfig[] = R"({
  "methodConfig": [{
    "name": [{}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})";

std::string ReadFile(const std::string& path) { return ReadInputFile(path).value_or(""); }

// Display width in code points, so the table lines up for non-ASCII titles.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::vector<std::string> Args::repeated(const std::string& name) const {
  std::vector<std::string> out;
  auto range = all.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second;
}

int64_t Args::GetInt(const std::string& name, int64_t fallback) const {
  auto it = values.find(name);
  int64_t v = fallback;
  if (it != values.end()) (void)absl::SimpleAtoi(it->second, &v);  // checked by the parser
  return v;
}

Cli::Cli(Options options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err) {}

std::shared_ptr<grpc::Channel> Cli::channel() {
  if (channel_) return channel_;
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (!options_.tls_ca.empty() || !options_.tls_cert.empty()) {
    grpc::SslCredentialsOptions ssl;
    if (!options_.tls_ca.empty()) ssl.pem_root_certs = ReadFile(options_.tls_ca);
    if (!options_.tls_cert.empty()) {
      ssl.pem_cert_chain = ReadFile(options_.tls_cert);
      ssl.pem_private_key = ReadFile(options_.tls_key);
    }
    creds = grpc::SslCredentials(ssl);
  } else {
    creds = grpc::InsecureChannelCredentials();
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetServiceConfigJSON(kRetryServiceConfig);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> tokens;
  tokens.push_back(std::make_unique<SequenceTokens>());
  channel_ = grpc::experimental::CreateCustomChannelWithInterceptors(options_.server, creds, args,
                                                                     std::move(tokens));
  return channel_;
}

std::unique_ptr<grpc::ClientContext> Cli::Context() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!options_.token.empty()) ctx->AddMetadata("authorization", "Bearer " + options_.token);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(options_.deadline_seconds));
  return ctx;
}

void Cli::PrintMessage(const google::protobuf::Message& m) {
  if (json()) {
    // Canonical proto JSON, as buf curl prints it: proto field names, int64 as strings.
    google::protobuf::util::JsonPrintOptions opts;
    opts.add_whitespace = true;
    opts.preserve_proto_field_names = true;
    std::string text;
    (void)google::protobuf::util::MessageToJsonString(m, &text, opts);
    out_ << text;
    if (text.empty() || text.back() != '\n') out_ << "\n";
    return;
  }
  // Table/CSV of one resource: field, value.
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const google::protobuf::Reflection* r = m.GetReflection();
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    std::string value;
    if (f->is_repeated()) {
      std::vector<std::string> items;
      for (int j = 0; j < r->FieldSize(m, f); ++j) {
        if (f->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
          items.push_back(r->GetRepeatedString(m, f, j));
        } else if (f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
          items.push_back(r->GetRepeatedMessage(m, f, j).ShortDebugString());
        } else {
          items.push_back("...");
        }
      }
      if (items.empty()) continue;
      value = absl::StrJoin(
          items, f->type() == google::protobuf::FieldDescriptor::TYPE_STRING ? "; " : "\n");
    } else if (f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      if (!r->HasField(m, f)) continue;
      const google::protobuf::Message& sub = r->GetMessage(m, f);
      if (sub.GetDescriptor()->full_name() == "google.protobuf.Timestamp") {
        const auto* sd = sub.GetDescriptor();
        int64_t secs = sub.GetReflection()->GetInt64(sub, sd->FindFieldByName("seconds"));
        value = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(secs),
                                 absl::UTCTimeZone());
      } else {
        value = sub.ShortDebugString();
      }
    } else {
      switch (f->cpp_type()) {
        case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
          value = r->GetString(m, f);
          break;
        case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
          value = r->GetEnum(m, f)->name();
          break;
        case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
          value = r->GetBool(m, f) ? "true" : "false";
          break;
        case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
          value = absl::StrCat(r->GetInt32(m, f));
          break;
        case google::protobuf::FieldDescriptor::CPPTYPE_INT64:
          value = absl::StrCat(r->GetInt64(m, f));
          break;
        case google::protobuf::FieldDescriptor::CPPTYPE_UINT32:
          value = absl::StrCat(r->GetUInt32(m, f));
          break;
        case google::protobuf::FieldDescriptor::CPPTYPE_UINT64:
          value = absl::StrCat(r->GetUInt64(m, f));
          break;
        default:
          value = "?";
      }
      if (value.empty()) continue;
    }
    rows.push_back({f->name(), value});
  }
  if (options_.output == OutputFormat::kCsv) {
    PrintTable({"field", "value"}, rows);
    return;
  }
  // The table form has no header: a "FIELD VALUE" line would tell nothing.
  size_t w = 0;
  for (const auto& row : rows) w = std::max(w, Width(row[0]));
  for (const auto& row : rows) {
    out_ << row[0] << ":" << std::string(w - Width(row[0]) + 1, ' ') << row[1] << "\n";
  }
}

void Cli::Print(const google::protobuf::Message& response, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  if (json()) {
    PrintMessage(response);
  } else {
    PrintTable(header, rows);
  }
}

void Cli::PrintTable(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  if (options_.output == OutputFormat::kCsv) {
    if (options_.headers) PrintRow(header);
    for (const auto& row : rows) PrintRow(row);
    return;
  }
  std::vector<size_t> w(header.size(), 0);
  if (options_.headers) {
    for (size_t j = 0; j < header.size(); ++j) w[j] = Width(header[j]);
  }
  for (const auto& row : rows) {
    for (size_t j = 0; j < row.size() && j < w.size(); ++j) w[j] = std::max(w[j], Width(row[j]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t j = 0; j < cells.size() && j < w.size(); ++j) {
      s += cells[j];
      if (j + 1 < cells.size()) s += std::string(w[j] - Width(cells[j]) + 2, ' ');
    }
    out_ << s << "\n";
  };
  if (options_.headers) line(header);
  for (const auto& row : rows) line(row);
}

void Cli::PrintRow(const std::vector<std::string>& row) {
  if (options_.output != OutputFormat::kCsv) {
    out_ << absl::StrJoin(row, "  ") << "\n";
    return;
  }
  std::vector<std::string> cells;
  for (const auto& v : row) cells.push_back(CsvField(v));
  out_ << absl::StrJoin(cells, ",") << "\r\n";
}

// A version 4 UUID (RFC 4122) from the kernel's CSPRNG: 122 random bits, so two secctl runs
// never share an idempotency key (the server refuses a key reused for another request).
std::string NewRequestId() {
  unsigned char b[16];
  for (size_t got = 0; got < sizeof(b);) {
    const ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::cerr << "secctl: no random bytes for a request_id: " << std::strerror(errno) << "\n";
      std::exit(1);
    }
    got += static_cast<size_t>(n);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // variant 10xx
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex.push_back('-');
    absl::StrAppendFormat(&hex, "%02x", b[i]);
  }
  return hex;
}

std::string RequestId(const Args& args) {
  return args.Has("request-id") ? args.Get("request-id") : NewRequestId();
}

FlagSpec RequestIdFlag() {
  return {"request-id",
          "idempotency key; a retry with the same id changes nothing (default: a new UUID)"};
}

int ExitCodeFor(const grpc::Status& s) { return s.ok() ? 0 : 10 + s.error_code(); }

int Cli::Fail(const grpc::Status& s) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int code = s.error_code();
  err_ << "secctl: " << (code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN") << ": "
       << s.error_message() << "\n";
  return ExitCodeFor(s);
}

int Cli::UsageError(const std::string& message) {
  err_ << "secctl: " << message << "\n";
  return 2;
}

std::string ProtoEnumName(const google::protobuf::Message& m, const std::string& field) {
  const google::protobuf::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(field);
  if (!f || f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_ENUM) return "";
  return m.GetReflection()->GetEnum(m, f)->name();
}

std::string ShortEnum(const std::string& value, const std::string& prefix) {
  if (absl::StartsWith(value, prefix)) return value.substr(prefix.size());
  return value;
}

std::string Named(const std::string& id, const std::string& collection_prefix) {
  if (absl::StartsWith(id, collection_prefix)) return id;
  return collection_prefix + id;
}

absl::StatusOr<std::string> ReadInputFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sec::cli
