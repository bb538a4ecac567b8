#include "settings.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace sec::cli {
namespace {

constexpr char kDefaultPort[] = "50051";

// An environment variable; set but empty counts as unset.
std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

std::string HomeDir() { return Env("HOME").value_or(""); }

std::string DefaultConfigPath() {
  if (auto xdg = Env("XDG_CONFIG_HOME")) return *xdg + "/secctl/config";
  return HomeDir().empty() ? "" : HomeDir() + "/.config/secctl/config";
}

std::string ResolvePath(const std::string& dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  if (absl::StartsWith(path, "~/")) return HomeDir() + path.substr(1);
  return dir + "/" + path;
}

std::string Dirname(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::StatusOr<std::string> ReadToken(const std::string& path) {
  absl::StatusOr<std::string> text = ReadText(path);
  if (!text.ok()) return absl::InvalidArgumentError(absl::StrCat("cannot read token file ", path));
  return std::string(absl::StripAsciiWhitespace(*text));
}

// The context the flags, SECCTL_CONTEXT or the file's current-context select; none when there is
// no config file and no context was asked for.
absl::StatusOr<Context> SelectedContext(const GlobalFlags& flags) {
  std::optional<std::string> path = flags.config ? flags.config : Env("SECCTL_CONFIG");
  const bool path_given = path.has_value();
  if (!path) path = DefaultConfigPath();
  const std::optional<std::string> asked = flags.context ? flags.context : Env("SECCTL_CONTEXT");
  absl::StatusOr<std::string> text = ReadText(*path);
  if (!text.ok()) {
    if (path_given)
      return absl::InvalidArgumentError(absl::StrCat("cannot read config file ", *path));
    if (asked) {
      return absl::InvalidArgumentError(
          absl::StrCat("context \"", *asked, "\": no config file at ", *path));
    }
    return Context{};
  }
  absl::StatusOr<ConfigFile> config = ParseConfig(*text, Dirname(*path));
  if (!config.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(*path, ": ", config.status().message()));
  }
  const std::string name = asked.value_or(config->current_context);
  if (name.empty()) return Context{};
  auto it = config->contexts.find(name);
  if (it == config->contexts.end()) {
    std::vector<std::string> names;
    for (const auto& [n, c] : config->contexts) names.push_back(n);
    return absl::InvalidArgumentError(absl::StrCat("context \"", name, "\" is not in ", *path,
                                                   " (it has: ", absl::StrJoin(names, ", "), ")"));
  }
  return it->second;
}

// The flag, else the environment variable, else the context's value.
std::string Pick(const std::optional<std::string>& flag, const char* env,
                 const std::string& from_context) {
  if (flag) return *flag;
  if (auto v = Env(env)) return *v;
  return from_context;
}

absl::StatusOr<std::string> Token(const GlobalFlags& flags, const Context& context) {
  if (flags.token) return *flags.token;
  if (flags.token_file) return ReadToken(*flags.token_file);
  if (auto v = Env("SECCTL_TOKEN")) return *v;
  if (auto v = Env("SECCTL_TOKEN_FILE")) return ReadToken(*v);
  if (!context.token_file.empty()) return ReadToken(context.token_file);
  return std::string();
}

absl::StatusOr<OutputFormat> Output(const GlobalFlags& flags) {
  const std::string v = Pick(flags.output, "SECCTL_OUTPUT", "table");
  if (v == "table") return OutputFormat::kTable;
  if (v == "json") return OutputFormat::kJson;
  if (v == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError("SECCTL_OUTPUT must be table, json or csv");
}

absl::StatusOr<int> Deadline(const GlobalFlags& flags) {
  if (flags.deadline) return *flags.deadline;
  const std::optional<std::string> v = Env("SECCTL_DEADLINE");
  if (!v) return 30;
  int seconds;
  if (!absl::SimpleAtoi(*v, &seconds) || seconds <= 0) {
    return absl::InvalidArgumentError("SECCTL_DEADLINE must be a positive number of seconds");
  }
  return seconds;
}

}  // namespace

absl::StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& dir) {
  ConfigFile config;
  Context* context = nullptr;
  int n = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++n;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    auto error = [n](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat("line ", n, ": ", what));
    };
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      const std::string name(absl::StripAsciiWhitespace(line.substr(1, line.size() - 2)));
      if (line.back() != ']' || name.empty()) return error("a context starts with [NAME]");
      auto [it, added] = config.contexts.emplace(name, Context{});
      if (!added) return error(absl::StrCat("context \"", name, "\" appears twice"));
      context = &it->second;
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == absl::string_view::npos) return error("expected key = value");
    const std::string key(absl::StripAsciiWhitespace(line.substr(0, eq)));
    const std::string value(absl::StripAsciiWhitespace(line.substr(eq + 1)));
    if (context == nullptr) {
      if (key != "current-context") {
        return error(absl::StrCat("unknown key \"", key,
                                  "\" (before the first [context], only "
                                  "current-context)"));
      }
      config.current_context = value;
      continue;
    }
    if (key == "server") {
      context->server = value;
      continue;
    }
    std::string* path = key == "tls-ca"       ? &context->tls_ca
                        : key == "tls-cert"   ? &context->tls_cert
                        : key == "tls-key"    ? &context->tls_key
                        : key == "token-file" ? &context->token_file
                                              : nullptr;
    if (path == nullptr) {
      return error(
          absl::StrCat("unknown key \"", key,
                       "\" (a context has server, tls-ca, tls-cert, tls-key, token-file)"));
    }
    *path = ResolvePath(dir, value);
  }
  return config;
}

std::string WithDefaultPort(const std::string& server) {
  for (const char* scheme : {"dns:", "unix:", "unix-abstract:", "ipv4:", "ipv6:", "vsock:"}) {
    if (absl::StartsWith(server, scheme)) return server;
  }
  if (absl::StartsWith(server, "[")) {
    return absl::EndsWith(server, "]") ? absl::StrCat(server, ":", kDefaultPort) : server;
  }
  const auto colons = std::count(server.begin(), server.end(), ':');
  if (colons == 0) return absl::StrCat(server, ":", kDefaultPort);
  if (colons > 1) return absl::StrCat("[", server, "]:", kDefaultPort);  // a bare IPv6 address
  return server;
}

absl::StatusOr<Cli::Options> ResolveOptions(const GlobalFlags& flags) {
  absl::StatusOr<Context> context = SelectedContext(flags);
  if (!context.ok()) return context.status();
  Cli::Options opts;
  opts.server = WithDefaultPort(
      Pick(flags.server, "SECCTL_SERVER", context->server.empty() ? opts.server : context->server));
  absl::StatusOr<std::string> token = Token(flags, *context);
  if (!token.ok()) return token.status();
  opts.token = *token;
  absl::StatusOr<int> deadline = Deadline(flags);
  if (!deadline.ok()) return deadline.status();
  opts.deadline_seconds = *deadline;
  absl::StatusOr<OutputFormat> output = Output(flags);
  if (!output.ok()) return output.status();
  opts.output = *output;
  opts.headers = !flags.no_headers;
  opts.tls_ca = Pick(flags.tls_ca, "SECCTL_TLS_CA", context->tls_ca);
  opts.tls_cert = Pick(flags.tls_cert, "SECCTL_TLS_CERT", context->tls_cert);
  opts.tls_key = Pick(flags.tls_key, "SECCTL_TLS_KEY", context->tls_key);
  if (opts.tls_cert.empty() != opts.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  // An unreadable PEM would otherwise become an empty one and fail later as a vague handshake
  // error (or, for the CA, silently fall back to the system roots).
  for (const auto& [flag, path] :
       {std::pair<const char*, const std::string&>{"--tls-ca", opts.tls_ca},
        {"--tls-cert", opts.tls_cert},
        {"--tls-key", opts.tls_key}}) {
    if (!path.empty() && !std::ifstream(path)) {
      return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
    }
  }
  return opts;
}

}  // namespace sec::cli
