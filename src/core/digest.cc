// SHA-256 through libsodium's crypto_hash_sha256.
#include "core/digest.h"

#include <sodium.h>

#include <cstdlib>

namespace korrigo::core {

std::string Sha256Hex(std::string_view data) {
  static const int init = sodium_init();
  if (init < 0) std::abort();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace korrigo::core
