// `korrigo version`: the program version and the schema version it knows.
#include <iostream>

#include "cli/command.h"
#include "storage/migration.h"

namespace korrigo::cli {

void AddVersionCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("version", "Affiche la version");
  cmd->callback([&context] {
    std::cout << "korrigo " << KORRIGO_VERSION << " (schéma "
              << storage::BuiltinMigrations().back().version << ")\n";
    context.exit_code = 0;
  });
}

}  // namespace korrigo::cli
