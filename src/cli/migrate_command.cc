// `korrigo migrate`: applies pending schema migrations, or with --status only reports them.
#include <iostream>

#include "app/application.h"
#include "cli/command.h"
#include "storage/migration.h"

namespace korrigo::cli {

void AddMigrateCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("migrate", "Applique les migrations de schéma en attente");
  auto* status_only =
      cmd->add_flag("--status")->description("Affiche l'état du schéma sans rien modifier");
  cmd->callback([&context, status_only] {
    auto config = context.LoadConfig();
    if (!config) {
      context.exit_code = 2;
      return;
    }
    if (*status_only) {
      auto db = storage::Database::Open(config->database_url, 1);
      if (!db) {
        std::cerr << db.error().message << "\n";
        context.exit_code = 1;
        return;
      }
      storage::Migrator migrator(**db, storage::BuiltinMigrations());
      auto status = migrator.Status();
      if (!status) {
        std::cerr << status.error().message << "\n";
        context.exit_code = 1;
        return;
      }
      std::cout << "Version du schéma : " << status->current << " (ce programme connaît "
                << status->latest << ")\nMigrations en attente : " << status->pending.size()
                << "\n";
      context.exit_code = status->up_to_date() ? 0 : 3;
      return;
    }
    auto applied = app::MigrateDatabase(*config);
    if (!applied) {
      std::cerr << "Migration impossible : " << applied.error().message << "\n";
      context.exit_code = 1;
      return;
    }
    if (applied->empty()) {
      std::cout << "Le schéma est à jour.\n";
    } else {
      std::cout << applied->size() << " migration(s) appliquée(s).\n";
    }
  });
}

}  // namespace korrigo::cli
