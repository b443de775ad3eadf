// The embedded list of common passwords (src/auth/common_passwords.txt), one folded entry per line.
#pragma once

#include <string_view>

namespace korrigo::auth {

std::string_view CommonPasswordList();

}  // namespace korrigo::auth
