#include "cli.h"

namespace sec::cli {

// Placeholder until the governance commands land.
void AddGovernanceCommands(std::vector<Command>*) {}

std::optional<grpc::Status> RunGovernanceImportStep(Cli&, const v1::ImportStep&) { return std::nullopt; }

}  // namespace sec::cli
