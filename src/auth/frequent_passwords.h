// The embedded list of frequently used passwords (src/auth/frequent_passwords.txt), one folded
// entry per line.
#pragma once

#include <string_view>

namespace korrigo::auth {

std::string_view FrequentPasswordList();

}  // namespace korrigo::auth
