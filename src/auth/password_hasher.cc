// argon2id through libsodium's crypto_pwhash_str family.
#include "auth/password_hasher.h"

#include <sodium.h>

#include <cstdlib>

namespace korrigo::auth {
namespace {

void EnsureSodium() {
  static const int init = sodium_init();
  if (init < 0) std::abort();  // no usable randomness: nothing secure can run
}

}  // namespace

PasswordHasher::Limits PasswordHasher::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::Limits PasswordHasher::ForTests() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(Limits limits) : limits_(limits) {
  EnsureSodium();
  auto dummy = Hash("korrigo-dummy-password-for-timing");
  if (dummy.ok()) dummy_hash_ = *dummy;
}

core::Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), limits_.ops, limits_.mem_bytes) !=
      0) {
    return core::Error::Internal(
        "Impossible de calculer l'empreinte du mot de passe (mémoire insuffisante).");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view password, const std::string& encoded) const {
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(const std::string& encoded) const {
  return crypto_pwhash_str_needs_rehash(encoded.c_str(), limits_.ops, limits_.mem_bytes) != 0;
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
  (void)Verify(password, dummy_hash_);
}

}  // namespace korrigo::auth
