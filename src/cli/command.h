// The shape of a `korrigo` subcommand: each lives in its own *_command.cc and adds itself to the
// CLI11 app. Commands load the configuration through the shared context and report their exit code
// through it.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "core/config.h"

namespace korrigo::cli {

struct CommandContext {
  std::string config_path;  // --config FILE (else KORRIGO_CONFIG, else none)
  int exit_code = 0;

  // The effective configuration; prints the problem and returns nullopt when it is invalid.
  std::optional<core::Config> LoadConfig() const;
};

using AddCommand = void (*)(CLI::App& app, CommandContext& context);

void AddServeCommand(CLI::App& app, CommandContext& context);
void AddWorkerCommand(CLI::App& app, CommandContext& context);
void AddMigrateCommand(CLI::App& app, CommandContext& context);
void AddCheckCommand(CLI::App& app, CommandContext& context);
void AddConfigCommand(CLI::App& app, CommandContext& context);
void AddVersionCommand(CLI::App& app, CommandContext& context);
void AddCreateAdminCommand(CLI::App& app, CommandContext& context);
void AddPdfPagesCommand(CLI::App& app, CommandContext& context);

// Refuses production start-up with unsafe settings: prints every problem on stderr and returns
// false.
bool PassesDeployGuards(const core::Config& config);

}  // namespace korrigo::cli
