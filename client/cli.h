#ifndef SEC_CLIENT_CLI_H_
#define SEC_CLIENT_CLI_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include <vector>

#include "sec/v1/reference.pb.h"

namespace sec::cli {

// A subcommand's arguments, as CLI11 parsed and checked them: positionals (their count already
// matches the command's usage), and flags by name without dashes (a switch has the value "true").
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::multimap<std::string, std::string> all;
  std::vector<std::string> repeated(const std::string& name) const;  // --policy a --policy b

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // An integer flag (kInt: CLI11 has checked it is one).
  int64_t GetInt(const std::string& name, int64_t fallback) const;
};

// How a flag is parsed: text (given at most once), a whole number, a switch without a value, or
// a repeatable text flag.
enum class FlagKind { kText, kInt, kSwitch, kList };

struct FlagSpec {
  std::string name;  // without dashes
  std::string help;
  FlagKind kind = FlagKind::kText;
};

class Cli;

struct Command {
  std::string path;  // words after secctl: "modifications list"
  std::string summary;
  // The positionals, e.g. "SECMP0034"; "[DATE]" is optional, "FILE|DIR..." one or more. The
  // parser checks the count against it.
  std::string positional_usage;
  std::vector<FlagSpec> flags;
  // Returns the process exit status (0 success).
  std::function<int(Cli&, const Args&)> run;
};

enum class OutputFormat { kTable, kJson, kCsv };

// What every command uses: the channel, per-call contexts, and output in the chosen format.
class Cli {
 public:
  struct Options {
    std::string server = "localhost:50051";
    std::string token;
    int deadline_seconds = 30;
    OutputFormat output = OutputFormat::kTable;
    bool headers = true;   // --no-headers: tables and CSV without their header line
    std::string tls_ca;    // PEM file; enables TLS
    std::string tls_cert;  // client certificate for mutual TLS
    std::string tls_key;
  };
  Cli(Options options, std::ostream& out, std::ostream& err);

  std::shared_ptr<grpc::Channel> channel();
  // A context with the bearer token and the deadline set.
  std::unique_ptr<grpc::ClientContext> Context() const;
  OutputFormat output() const { return options_.output; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  bool json() const { return options_.output == OutputFormat::kJson; }

  // A response: its canonical proto JSON for -o json (one document); otherwise "field: value"
  // lines (table) or field,value rows (CSV).
  void PrintMessage(const google::protobuf::Message& m);
  // A response shown to people as rows: -o json prints `response` itself (a list response is one
  // object holding the list), -o table an aligned table, -o csv RFC 4180.
  void Print(const google::protobuf::Message& response, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  // Rows as a table or CSV for a command whose JSON is printed otherwise (several tables of one
  // response, or a stream). Not for -o json.
  void PrintTable(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows);
  // One row of a stream, as it arrives: cells two spaces apart (table) or a CSV line.
  void PrintRow(const std::vector<std::string>& row);
  // Prints "secctl: CODE: message" to stderr and returns the exit status for a failed call.
  int Fail(const grpc::Status& s);
  int UsageError(const std::string& message);

 private:
  Options options_;
  std::ostream& out_;
  std::ostream& err_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Exit status for a failed RPC: 10 + the gRPC code (so scripts can tell ABORTED from
// NOT_FOUND); 2 for usage errors.
int ExitCodeFor(const grpc::Status& s);

// The tables of commands, one per area (commands_register.cc, commands_governance.cc,
// commands_credit.cc, commands_release.cc, commands_document.cc).
void AddRegisterCommands(std::vector<Command>* out);
void AddGovernanceCommands(std::vector<Command>* out);
void AddCreditCommands(std::vector<Command>* out);
void AddReleaseCommands(std::vector<Command>* out);
void AddTextCommands(std::vector<Command>* out);
void AddDocumentCommands(std::vector<Command>* out);

// `secctl import`: each area sends the ImportStep requests it owns and returns the call's
// status; std::nullopt when the step is not one of its requests.
std::optional<grpc::Status> RunRegisterImportStep(Cli& cli, const v1::ImportStep& step);
std::optional<grpc::Status> RunGovernanceImportStep(Cli& cli, const v1::ImportStep& step);
std::optional<grpc::Status> RunCreditImportStep(Cli& cli, const v1::ImportStep& step);
std::optional<grpc::Status> RunReleaseImportStep(Cli& cli, const v1::ImportStep& step);

// Every page of a listing (AIP-158) merged into one response message: the pages' items
// appended in order, next_page_token cleared. `call(req, &page)` sends one request.
template <typename Req, typename Resp, typename Call>
grpc::Status AllPages(Req req, Resp* all, Call call) {
  all->Clear();
  do {
    Resp page;
    if (grpc::Status s = call(req, &page); !s.ok()) return s;
    req.set_page_token(page.next_page_token());
    page.clear_next_page_token();
    all->MergeFrom(page);
  } while (!req.page_token().empty());
  return grpc::Status::OK;
}

// One unary RPC of any service, by its stub's method: ("Send(cli, &Stub::GetRelease, req, &r)").
template <typename Stub, typename Req, typename Resp>
grpc::Status Send(Cli& cli, grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                  const Req& req, Resp* resp) {
  Stub stub(cli.channel());
  auto ctx = cli.Context();
  return (stub.*method)(ctx.get(), req, resp);
}

// The same, printing the response as a resource; the exit status.
template <typename Stub, typename Req, typename Resp>
int Call(Cli& cli, grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
         const Req& req) {
  Resp resp;
  grpc::Status s = Send(cli, method, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(resp);
  return 0;
}

// A listing, every page of it merged into one response (AIP-158).
template <typename Stub, typename Req, typename Resp>
grpc::Status SendAllPages(Cli& cli,
                          grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                          const Req& req, Resp* all) {
  return AllPages(req, all, [&](const Req& r, Resp* page) { return Send(cli, method, r, page); });
}

// Parses an enum word, any case, '-' for '_', with or without the proto's prefix ("panel" ->
// MEETING_BODY_PANEL, "ad-hoc" -> RELEASE_KIND_AD_HOC).
template <typename E>
bool ParseEnum(bool (*parse)(const std::string&, E*), const std::string& prefix,
               const std::string& text, E* out) {
  std::string up = text;
  for (char& c : up) c = (c == '-') ? '_' : static_cast<char>(std::toupper(c));
  return parse(prefix + up, out) || parse(up, out);
}

// Helpers shared by the command files.
// A file's bytes; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadInputFile(const std::string& path);
// A fresh random UUID (v4) for a mutation's request_id.
std::string NewRequestId();
// --request-id when given (a retry with the same id changes nothing), else a fresh UUID.
std::string RequestId(const Args& args);
FlagSpec RequestIdFlag();
std::string ProtoEnumName(const google::protobuf::Message& m, const std::string& field);
// Strips a prefix from an enum value name: ("MODIFICATION_STATUS_REFINEMENT", ...) -> "REFINEMENT".
std::string ShortEnum(const std::string& value, const std::string& prefix);
// A resource name from a short id: ("SECMP0034", "modifications/") -> "modifications/SECMP0034".
std::string Named(const std::string& id, const std::string& collection_prefix);

}  // namespace sec::cli

#endif  // SEC_CLIENT_CLI_H_
