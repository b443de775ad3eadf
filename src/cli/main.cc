// Entry point of the `korrigo` binary: a table of subcommands, each defined in its own file.
#include <iostream>

#include "cli/command.h"
#include "core/log.h"

namespace korrigo::cli {

std::optional<core::Config> CommandContext::LoadConfig() const {
  auto config = core::LoadConfig(config_path.empty() ? std::nullopt
                                                     : std::optional<std::string>(config_path));
  if (!config) {
    std::cerr << "Configuration invalide : " << config.error().message << "\n";
    return std::nullopt;
  }
  core::InitLogging(config->log_level);
  return std::move(*config);
}

bool PassesDeployGuards(const core::Config& config) {
  if (!config.production()) return true;
  auto problems = core::DeployProblems(config);
  if (problems.empty()) return true;
  std::cerr << "Korrigo refuse de démarrer en production :\n";
  for (const auto& p : problems) std::cerr << "  - " << p << "\n";
  std::cerr << "Corrigez ces points (voir « korrigo check --deploy »).\n";
  return false;
}

namespace {

constexpr AddCommand kCommands[] = {
    AddServeCommand,  AddWorkerCommand,  AddMigrateCommand,     AddCheckCommand,
    AddConfigCommand, AddVersionCommand, AddCreateAdminCommand, AddPdfPagesCommand,
};

}  // namespace
}  // namespace korrigo::cli

int main(int argc, char** argv) {
  using namespace korrigo::cli;
  CLI::App app{"Korrigo : correction de copies d'examen numérisées."};
  app.set_version_flag("--version", KORRIGO_VERSION);
  CommandContext context;
  app.add_option("-c,--config", context.config_path, "Fichier de configuration (KORRIGO_*=valeur)");
  for (AddCommand add : kCommands) add(app, context);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return context.exit_code;
}
