#include "cli.h"

namespace sec::cli {

// Placeholder until the credit commands land.
void AddCreditCommands(std::vector<Command>*) {}

std::optional<grpc::Status> RunCreditImportStep(Cli&, const v1::ImportStep&) { return std::nullopt; }

}  // namespace sec::cli
