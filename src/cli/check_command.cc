// `korrigo check`: validates the configuration and reaches the database; with --deploy, also lists
// every setting that is unsafe for production (all problems at once).
#include <iostream>

#include "cli/command.h"
#include "storage/database.h"
#include "storage/migration.h"

namespace korrigo::cli {

void AddCheckCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("check", "Vérifie la configuration (et la base de données)");
  auto* deploy =
      cmd->add_flag("--deploy")->description("Vérifie aussi les exigences de la production");
  cmd->callback([&context, deploy] {
    auto config = context.LoadConfig();
    if (!config) {
      context.exit_code = 2;
      return;
    }
    std::vector<std::string> problems;
    if (*deploy) {
      core::Config as_production = *config;
      as_production.env = "production";
      problems = core::DeployProblems(as_production);
    }
    auto db = storage::Database::Open(config->database_url, 1);
    if (!db) {
      problems.push_back("Base de données : " + db.error().message);
    } else {
      storage::Migrator migrator(**db, storage::BuiltinMigrations());
      auto status = migrator.Status();
      if (!status) {
        problems.push_back("Base de données : " + status.error().message);
      } else if (status->too_new()) {
        problems.push_back("Le schéma de la base est plus récent que ce programme.");
      } else if (!status->pending.empty()) {
        std::cout
            << "Note : " << status->pending.size()
            << " migration(s) en attente (appliquées au démarrage, ou par « korrigo migrate »).\n";
      }
    }
    if (problems.empty()) {
      std::cout << "Aucun problème détecté.\n";
      return;
    }
    std::cerr << problems.size() << " problème(s) :\n";
    for (const auto& p : problems) std::cerr << "  - " << p << "\n";
    context.exit_code = 1;
  });
}

}  // namespace korrigo::cli
