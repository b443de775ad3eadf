// `korrigo serve`: the HTTP server with embedded job workers.
#include <iostream>

#include "app/application.h"
#include "cli/command.h"

namespace korrigo::cli {

void AddServeCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("serve", "Démarre le serveur HTTP et les workers intégrés");
  auto* demo = cmd->add_flag("--demo")->description(
      "Crée les comptes de démonstration (développement uniquement)");
  cmd->callback([&context, demo] {
    auto config = context.LoadConfig();
    if (!config) {
      context.exit_code = 2;
      return;
    }
    if (!PassesDeployGuards(*config)) {
      context.exit_code = 2;
      return;
    }
    if (*demo && config->production()) {
      std::cerr << "--demo est refusé en production.\n";
      context.exit_code = 2;
      return;
    }
    auto application = app::Application::Open(*config);
    if (!application) {
      std::cerr << "Démarrage impossible : " << application.error().message << "\n";
      context.exit_code = 1;
      return;
    }
    if (*demo) {
      if (core::Status s = (*application)->CreateDemoData(); !s) {
        std::cerr << "Comptes de démonstration impossibles : " << s.error().message << "\n";
        context.exit_code = 1;
        return;
      }
    }
    context.exit_code = (*application)->Serve();
  });
}

}  // namespace korrigo::cli
