// SHA-256 digests (libsodium) and constant-time comparison, for tokens stored hashed and file
// checksums.
#pragma once

#include <sodium.h>

#include <string>
#include <string_view>

namespace korrigo::core {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// SHA-256 of data given in pieces (files streamed to disk). Not thread-safe; one digest per object.
class Sha256Stream {
 public:
  Sha256Stream();
  void Update(std::string_view data);
  // Lower-case hex digest of everything given so far; call once, then the object is spent.
  std::string HexDigest();

 private:
  crypto_hash_sha256_state state_{};
};

// Equality that takes the same time wherever the strings differ (lengths may leak).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace korrigo::core
