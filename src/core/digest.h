// SHA-256 digests (libsodium) and constant-time comparison, for tokens stored hashed and file
// checksums.
#pragma once

#include <string>
#include <string_view>

namespace korrigo::core {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Equality that takes the same time wherever the strings differ (lengths may leak).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace korrigo::core
