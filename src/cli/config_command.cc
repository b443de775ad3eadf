// `korrigo config`: prints the effective configuration as JSON, secrets masked.
#include <iostream>

#include "cli/command.h"

namespace korrigo::cli {

void AddConfigCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("config", "Affiche la configuration effective (secrets masqués)");
  cmd->callback([&context] {
    auto config = context.LoadConfig();
    if (!config) {
      context.exit_code = 2;
      return;
    }
    std::cout << config->Describe().dump(2) << "\n";
  });
}

}  // namespace korrigo::cli
