// secctl: operators' CLI for secd. Parses the command line (parser.h), resolves the connection
// settings (settings.h), runs the command.
#include <iostream>
#include <vector>

#include "cli.h"
#include "parser.h"
#include "settings.h"

int main(int argc, char** argv) {
  std::vector<sec::cli::Command> commands;
  sec::cli::AddRegisterCommands(&commands);
  sec::cli::AddGovernanceCommands(&commands);
  sec::cli::AddCreditCommands(&commands);
  sec::cli::AddReleaseCommands(&commands);
  sec::cli::AddTextCommands(&commands);
  sec::cli::AddDocumentCommands(&commands);

  sec::cli::Parser parser(commands);
  if (std::optional<int> done = parser.Parse(argc, argv, std::cout, std::cerr)) return *done;
  absl::StatusOr<sec::cli::Cli::Options> options = sec::cli::ResolveOptions(parser.globals());
  if (!options.ok()) {
    std::cerr << "secctl: " << options.status().message() << "\n";
    return sec::cli::kUsageExit;
  }
  sec::cli::Cli cli(*options, std::cout, std::cerr);
  return parser.command().run(cli, parser.args());
}
