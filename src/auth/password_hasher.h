// PasswordHasher: argon2id password hashes through libsodium (crypto_pwhash_str, INTERACTIVE limits
// by default: about 80 ms and 64 MiB per hash). Hashing is deliberately slow: callers run it on the
// crypto pool, never on an I/O thread. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace korrigo::auth {

class PasswordHasher {
 public:
  struct Limits {
    unsigned long long ops;
    size_t mem_bytes;
  };
  static Limits Interactive();
  static Limits ForTests();  // the minimum libsodium allows: fast, for unit tests only

  explicit PasswordHasher(Limits limits = Interactive());

  // An encoded hash ("$argon2id$v=19$m=…"). Errors: internal when memory cannot be allocated.
  core::Result<std::string> Hash(std::string_view password) const;
  // True when `password` matches `encoded`. A malformed hash never matches.
  bool Verify(std::string_view password, const std::string& encoded) const;
  // True when `encoded` was made with other limits and should be replaced after a successful login.
  bool NeedsRehash(const std::string& encoded) const;
  // Spends the same time as a real verification, for unknown accounts (no enumeration by timing).
  void VerifyDummy(std::string_view password) const;

 private:
  Limits limits_;
  std::string dummy_hash_;
};

}  // namespace korrigo::auth
