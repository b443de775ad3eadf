// `korrigo create-admin --username NAME [--password-file FILE | --generate]`: creates an
// administrator account. Without a file or --generate, asks for the password twice on the terminal
// (not echoed). A generated password is printed once and must be changed at first login.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/application.h"
#include "cli/command.h"
#include "core/random.h"

namespace korrigo::cli {
namespace {

std::string ReadHidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  return line;
}

}  // namespace

void AddCreateAdminCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("create-admin", "Crée un compte administrateur");
  auto* username = cmd->add_option("--username", "Identifiant du compte")->required();
  auto* name = cmd->add_option("--name", "Nom affiché (par défaut : l'identifiant)");
  auto* email = cmd->add_option("--email", "Adresse e-mail (facultative)");
  auto* file =
      cmd->add_option("--password-file", "Fichier contenant le mot de passe (première ligne)");
  auto* generate = cmd->add_flag("--generate")
                       ->description("Génère un mot de passe à usage unique, affiché une fois");
  file->excludes(generate);
  cmd->callback([&context, username, name, email, file, generate] {
    auto config = context.LoadConfig();
    if (!config) {
      context.exit_code = 2;
      return;
    }
    auth::NewUserInput in;
    in.username = username->as<std::string>();
    in.display_name = name->count() ? name->as<std::string>() : in.username;
    if (email->count()) in.email = email->as<std::string>();
    in.role = auth::kRoleAdmin;
    in.credential = "password";
    bool must_change = false;
    if (file->count()) {
      std::ifstream f(file->as<std::string>());
      if (!f || !std::getline(f, in.password)) {
        std::cerr << "Fichier de mot de passe illisible.\n";
        context.exit_code = 2;
        return;
      }
    } else if (*generate) {
      in.password = core::RandomHex(4) + "-" + core::RandomHex(4) + "-" + core::RandomHex(4);
      must_change = true;
    } else {
      in.password = ReadHidden("Mot de passe : ");
      if (ReadHidden("Confirmez : ") != in.password) {
        std::cerr << "Les deux saisies diffèrent.\n";
        context.exit_code = 2;
        return;
      }
    }
    auto application = app::Application::Open(*config);
    if (!application) {
      std::cerr << "Impossible d'ouvrir la base : " << application.error().message << "\n";
      context.exit_code = 1;
      return;
    }
    auto user = (*application)
                    ->users()
                    .CreateWithPassword(in, must_change, false,
                                        audit::AuditContext::System("cli create-admin"));
    if (!user) {
      std::cerr << "Création refusée : " << user.error().message << "\n";
      context.exit_code = 1;
      return;
    }
    std::cout << "Administrateur « " << user->username << " » créé.\n";
    if (must_change) {
      std::cout << "Mot de passe à usage unique (à changer à la première connexion) : "
                << in.password << "\n";
    }
  });
}

}  // namespace korrigo::cli
