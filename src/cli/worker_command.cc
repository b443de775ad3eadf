// `korrigo worker`: job workers only, for scaling background work out to other processes or
// machines.
#include <iostream>

#include "app/application.h"
#include "cli/command.h"

namespace korrigo::cli {

void AddWorkerCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("worker", "Démarre uniquement des workers de tâches de fond");
  cmd->callback([&context] {
    auto config = context.LoadConfig();
    if (!config || !PassesDeployGuards(*config)) {
      context.exit_code = 2;
      return;
    }
    auto application = app::Application::Open(*config);
    if (!application) {
      std::cerr << "Démarrage impossible : " << application.error().message << "\n";
      context.exit_code = 1;
      return;
    }
    context.exit_code = (*application)->Work();
  });
}

}  // namespace korrigo::cli
