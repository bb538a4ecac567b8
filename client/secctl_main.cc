// secctl: operators' CLI for secd. Parses global flags, finds the command, runs it.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli.h"

namespace {

using sec::cli::Args;
using sec::cli::Cli;
using sec::cli::Command;

constexpr char kGlobalHelp[] =
    "Global flags (also from the environment):\n"
    "  --server HOST:PORT     secd address (SECCTL_SERVER; default localhost:50051)\n"
    "  --token TOKEN          bearer token (SECCTL_TOKEN)\n"
    "  --token-file FILE      read the token from FILE (SECCTL_TOKEN_FILE), e.g. secd-admin.token\n"
    "  --deadline SECONDS     deadline of each call (default 30)\n"
    "  --output FORMAT        table (default), json or csv\n"
    "  --tls-ca FILE          CA certificate (PEM): connect with TLS\n"
    "  --tls-cert FILE        client certificate (PEM) for mutual TLS\n"
    "  --tls-key FILE         client key (PEM) for mutual TLS\n"
    "Exit status: 0 ok; 2 usage error; 10 + gRPC code when a call fails (e.g. 15 NOT_FOUND).\n";

const std::set<std::string>& GlobalValueFlags() {
  static const auto* const kFlags = new std::set<std::string>{
      "server", "token", "token-file", "deadline", "output", "tls-ca", "tls-cert", "tls-key"};
  return *kFlags;
}

void PrintCommands(const std::vector<Command>& commands, const std::string& prefix,
                   std::ostream& out) {
  size_t w = 0;
  for (const auto& c : commands) {
    if (absl::StartsWith(c.path, prefix)) w = std::max(w, c.path.size() + 1 + c.positional_usage.size());
  }
  for (const auto& c : commands) {
    if (!absl::StartsWith(c.path, prefix)) continue;
    std::string head = c.path + (c.positional_usage.empty() ? "" : " " + c.positional_usage);
    out << "  " << head << std::string(w - head.size() + 2, ' ') << c.summary << "\n";
  }
}

void PrintCommandHelp(const Command& c, std::ostream& out) {
  out << "usage: secctl " << c.path << (c.positional_usage.empty() ? "" : " " + c.positional_usage)
      << (c.flags.empty() ? "" : " [flags]") << "\n\n"
      << c.summary << "\n";
  if (!c.flags.empty()) {
    out << "\nFlags:\n";
    size_t w = 0;
    for (const auto& f : c.flags) w = std::max(w, f.name.size() + (f.takes_value ? 6 : 0));
    for (const auto& f : c.flags) {
      std::string head = "--" + f.name + (f.takes_value ? " VALUE" : "");
      out << "  " << head << std::string(w + 2 - head.size() + 2, ' ') << f.help << "\n";
    }
  }
  out << "\n" << kGlobalHelp;
}

std::string ReadToken(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "secctl: cannot read token file " << path << "\n";
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return std::string(absl::StripAsciiWhitespace(ss.str()));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Command> commands;
  sec::cli::AddRegisterCommands(&commands);
  sec::cli::AddGovernanceCommands(&commands);
  sec::cli::AddCreditCommands(&commands);

  // Pull global flags out from anywhere on the line; the rest is the command and its args.
  std::map<std::string, std::string> global;
  std::vector<std::string> rest;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h" || a == "help") {
      help = true;
      continue;
    }
    if (absl::StartsWith(a, "--")) {
      std::string name = a.substr(2), value;
      const size_t eq = name.find('=');
      bool inline_value = eq != std::string::npos;
      if (inline_value) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      if (GlobalValueFlags().count(name)) {
        if (!inline_value) {
          if (i + 1 >= argc) {
            std::cerr << "secctl: --" << name << " needs a value\n";
            return 2;
          }
          value = argv[++i];
        }
        global[name] = value;
        continue;
      }
    }
    rest.push_back(a);
  }

  // The longest command path matching the leading words.
  const Command* cmd = nullptr;
  size_t words = 0;
  for (const auto& c : commands) {
    std::vector<std::string> path = absl::StrSplit(c.path, ' ');
    if (path.size() > rest.size() || path.size() <= words) continue;
    if (std::equal(path.begin(), path.end(), rest.begin())) {
      cmd = &c;
      words = path.size();
    }
  }
  if (cmd == nullptr) {
    std::string prefix;
    for (const auto& w : rest) {
      if (absl::StartsWith(w, "-")) break;
      prefix += (prefix.empty() ? "" : " ") + w;
    }
    bool any = false;
    for (const auto& c : commands) any = any || absl::StartsWith(c.path, prefix);
    std::ostream& out = help ? std::cout : std::cerr;
    if (!prefix.empty() && !any) out << "secctl: unknown command \"" << prefix << "\"\n\n";
    out << "usage: secctl [global flags] COMMAND [args] [flags]\n\n"
        << "The operators' CLI for secd, the SEC governance service.\n\nCommands:\n";
    PrintCommands(commands, any ? prefix : "", out);
    out << "\nRun secctl COMMAND --help for a command's flags.\n\n" << kGlobalHelp;
    return help ? 0 : 2;
  }
  if (help) {
    PrintCommandHelp(*cmd, std::cout);
    return 0;
  }

  Args args;
  for (size_t i = words; i < rest.size(); ++i) {
    const std::string& a = rest[i];
    if (!absl::StartsWith(a, "--")) {
      args.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto spec = std::find_if(cmd->flags.begin(), cmd->flags.end(),
                             [&](const sec::cli::FlagSpec& f) { return f.name == name; });
    if (spec == cmd->flags.end()) {
      std::cerr << "secctl: " << cmd->path << ": unknown flag --" << name
                << " (see secctl " << cmd->path << " --help)\n";
      return 2;
    }
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= rest.size()) {
        std::cerr << "secctl: --" << name << " needs a value\n";
        return 2;
      }
      value = rest[++i];
    } else if (!spec->takes_value && !inline_value) {
      value = "true";
    }
    args.values[name] = value;
    args.all.emplace(name, value);
  }

  Cli::Options opts;
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  opts.server = global.count("server") ? global["server"]
                : !env("SECCTL_SERVER").empty() ? env("SECCTL_SERVER") : opts.server;
  if (global.count("token")) {
    opts.token = global["token"];
  } else if (global.count("token-file")) {
    opts.token = ReadToken(global["token-file"]);
  } else if (!env("SECCTL_TOKEN").empty()) {
    opts.token = env("SECCTL_TOKEN");
  } else if (!env("SECCTL_TOKEN_FILE").empty()) {
    opts.token = ReadToken(env("SECCTL_TOKEN_FILE"));
  }
  if (global.count("deadline") &&
      (!absl::SimpleAtoi(global["deadline"], &opts.deadline_seconds) || opts.deadline_seconds <= 0)) {
    std::cerr << "secctl: --deadline must be a positive number of seconds\n";
    return 2;
  }
  const std::string output = global.count("output") ? global["output"] : "table";
  if (output == "json") {
    opts.output = sec::cli::OutputFormat::kJson;
  } else if (output == "csv") {
    opts.output = sec::cli::OutputFormat::kCsv;
  } else if (output != "table") {
    std::cerr << "secctl: --output must be table, json or csv\n";
    return 2;
  }
  opts.tls_ca = global["tls-ca"];
  opts.tls_cert = global["tls-cert"];
  opts.tls_key = global["tls-key"];
  if (opts.tls_cert.empty() != opts.tls_key.empty()) {
    std::cerr << "secctl: --tls-cert and --tls-key go together\n";
    return 2;
  }
  // An unreadable PEM would otherwise become an empty one and fail later as a vague handshake
  // error (or, for the CA, silently fall back to the system roots).
  for (const char* flag : {"tls-ca", "tls-cert", "tls-key"}) {
    const std::string& path = global[flag];
    if (!path.empty() && !std::ifstream(path)) {
      std::cerr << "secctl: --" << flag << ": cannot read " << path << "\n";
      return 2;
    }
  }
  Cli cli(opts, std::cout, std::cerr);
  return cmd->run(cli, args);
}
