#ifndef SEC_CLIENT_PARSER_H_
#define SEC_CLIENT_PARSER_H_

// secctl's command line on CLI11: one subcommand per Command of the tables, typed flags, the
// positional count checked against the command's usage, and the global flags accepted before
// or after the command.

#include <CLI/CLI.hpp>
#include <deque>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"

namespace sec::cli {

// The global flags as given on the command line; unset ones come from the environment, then the
// config file's context (settings.h).
struct GlobalFlags {
  std::optional<std::string> server, token, token_file, tls_ca, tls_cert, tls_key, output, context,
      config;
  std::optional<int> deadline;
  bool no_headers = false;
};

// Usage errors exit with this status (a failed call exits 10 + its gRPC code).
inline constexpr int kUsageExit = 2;

class Parser {
 public:
  explicit Parser(const std::vector<Command>& commands);
  Parser(const Parser&) = delete;

  // Parses the command line. Returns the exit status when secctl stops here: 0 after --help,
  // --version or `completion bash`, kUsageExit after a usage error (the message on `err`).
  // Otherwise std::nullopt: command(), args() and globals() are set.
  std::optional<int> Parse(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

  const Command& command() const { return *selected_->command; }
  const Args& args() const { return args_; }
  const GlobalFlags& globals() const { return globals_; }

 private:
  struct Node {
    const Command* command = nullptr;
    CLI::App* app = nullptr;
    std::vector<std::pair<const FlagSpec*, CLI::Option*>> flags;
    std::vector<std::string> positional;
  };
  void AddGlobalFlags();
  CLI::App* GroupFor(const std::vector<std::string>& words);
  void AddCommand(const Command& c);
  std::optional<int> Finish(std::ostream& out, std::ostream& err);

  CLI::App app_;
  std::map<std::vector<std::string>, CLI::App*> groups_;  // command path prefix -> its node
  std::deque<Node> nodes_;                                // stable addresses
  std::map<const CLI::App*, Node*> by_app_;
  CLI::App* completion_ = nullptr;
  std::string completion_shell_;
  // What the global options parse into; globals_ takes the ones given.
  std::string server_, token_, token_file_, tls_ca_, tls_cert_, tls_key_, output_, context_,
      config_;
  int deadline_ = 0;
  bool no_headers_ = false;
  std::map<std::string, CLI::Option*> global_options_;
  const Node* selected_ = nullptr;
  Args args_;
  GlobalFlags globals_;
};

// The minimum and maximum number of positionals a usage string like "ID [DATE]" or
// "FILE|DIR..." allows (max SIZE_MAX for "...").
std::pair<size_t, size_t> PositionalRange(const std::string& usage);

}  // namespace sec::cli

#endif  // SEC_CLIENT_PARSER_H_
