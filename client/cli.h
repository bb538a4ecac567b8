#ifndef SEC_CLIENT_CLI_H_
#define SEC_CLIENT_CLI_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sec/v1/reference.pb.h"

namespace sec::cli {

// A subcommand's arguments: positionals, and flags as `--name value` or `--name=value`
// (flags declared without a value are booleans: `--open`).
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::vector<std::string> repeated(const std::string& name) const;  // --policy a --policy b
  std::multimap<std::string, std::string> all;

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Integer flag; a bad number is an error naming the flag.
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t fallback) const;
};

struct FlagSpec {
  std::string name;  // without dashes
  std::string help;
  bool takes_value = true;
};

class Cli;

struct Command {
  std::string path;  // words after secctl: "modifications list"
  std::string summary;
  std::string positional_usage;  // e.g. "SECMP0034"
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

  // A resource: JSON for --output json; otherwise "field: value" lines.
  void PrintMessage(const google::protobuf::Message& m);
  // Rows: an aligned table, CSV (RFC 4180), or a JSON array of objects keyed by the header.
  void PrintTable(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows);
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
// commands_credit.cc).
void AddRegisterCommands(std::vector<Command>* out);
void AddGovernanceCommands(std::vector<Command>* out);
void AddCreditCommands(std::vector<Command>* out);

// `secctl import`: each area sends the ImportStep requests it owns and returns the call's
// status; std::nullopt when the step is not one of its requests.
std::optional<grpc::Status> RunRegisterImportStep(Cli& cli, const v1::ImportStep& step);
std::optional<grpc::Status> RunGovernanceImportStep(Cli& cli, const v1::ImportStep& step);
std::optional<grpc::Status> RunCreditImportStep(Cli& cli, const v1::ImportStep& step);

// Helpers shared by the command files.
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
