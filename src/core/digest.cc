// SHA-256 through libsodium's crypto_hash_sha256.
#include "core/digest.h"

#include <sodium.h>

#include <cstdlib>

namespace korrigo::core {

namespace {

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; it fails only without a usable random source.
  static const int init = sodium_init();
  if (init < 0) std::abort();
}

std::string Hex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Hex(digest);
}

Sha256Stream::Sha256Stream() {
  EnsureSodium();
  crypto_hash_sha256_init(&state_);
}

void Sha256Stream::Update(std::string_view data) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
}

std::string Sha256Stream::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  return Hex(digest);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace korrigo::core
