#ifndef SEC_CLIENT_SETTINGS_H_
#define SEC_CLIENT_SETTINGS_H_

// Where secctl's connection settings come from: the flag, else its environment variable
// (SECCTL_*), else the selected context of the config file, else the default.
//
// The config file (--config, $SECCTL_CONFIG, default $XDG_CONFIG_HOME/secctl/config or
// ~/.config/secctl/config) holds named contexts, as kubectl's kubeconfig does:
//
//   current-context = prod
//   [prod]
//   server = secd.example.org:443
//   tls-ca = ca.pem            # relative paths are relative to the config file's folder
//   tls-cert = ops.pem
//   tls-key = ops.key
//   token-file = prod.token
//
// Lines are `key = value` (the value taken verbatim to the end of the line, no quoting), `[NAME]`
// starting a context, and comments starting with # or ;. An unknown key is an error.

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "cli.h"
#include "parser.h"

namespace sec::cli {

struct Context {
  std::string server, tls_ca, tls_cert, tls_key, token_file;
};

struct ConfigFile {
  std::string current_context;
  std::map<std::string, Context> contexts;
};

// Parses a config file's text; relative paths are resolved against `dir`. Errors name the line.
absl::StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& dir);

// "host" -> "host:50051", "[::1]" -> "[::1]:50051"; an address with a port, or a gRPC target
// URI ("dns:///host:1", "unix:/path"), is returned unchanged.
std::string WithDefaultPort(const std::string& server);

// The Cli options from the flags, the environment and the config file. An error is a usage
// error: a token file or PEM file that cannot be read, an unknown context, a bad SECCTL_ value.
absl::StatusOr<Cli::Options> ResolveOptions(const GlobalFlags& flags);

}  // namespace sec::cli

#endif  // SEC_CLIENT_SETTINGS_H_
