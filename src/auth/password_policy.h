// The one password policy, applied at creation, reset, change and activation: at least 12
// characters (256 bytes at most), not a common password or a common word dressed with digits and
// symbols, not a run of one character or a keyboard/alphabet sequence, and not containing the
// account's username, email name or personal names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace korrigo::auth {

struct PasswordContext {
  std::string username;
  std::string email;
  std::string display_name;
};

// ok, or invalid_argument with a French message saying what to change (details.field = "password").
core::Status CheckPassword(std::string_view password, const PasswordContext& context);

constexpr size_t kMinPasswordLength = 12;
constexpr size_t kMaxPasswordBytes = 256;

}  // namespace korrigo::auth
