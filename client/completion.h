#ifndef SEC_CLIENT_COMPLETION_H_
#define SEC_CLIENT_COMPLETION_H_

#include <CLI/CLI.hpp>
#include <string>

namespace sec::cli {

// A bash completion script for the command tree of `app`: subcommand names, then each
// command's flags and the global ones, skipping the values of flags that take one.
// Use: source <(secctl completion bash)
std::string BashCompletion(const CLI::App& app);

}  // namespace sec::cli

#endif  // SEC_CLIENT_COMPLETION_H_
