// One-time codes for "activate your account" and "reset your password": 12 characters from an
// alphabet without ambiguous characters (no 0/O, 1/I/L), shown as XXXX-XXXX-XXXX (about 59 bits),
// stored only as a SHA-256, expiring, single use. Issuing a new code for the same user and purpose
// revokes the previous unused one.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

namespace korrigo::auth {

enum class CodePurpose { kActivation, kPasswordReset };
const char* CodePurposeName(CodePurpose purpose);

// A fresh random code, formatted XXXX-XXXX-XXXX.
std::string GenerateOneTimeCode();
// The canonical form of what a user typed: upper case, without spaces or dashes; "" when it cannot
// be a code.
std::string NormalizeOneTimeCode(const std::string& typed);

class OneTimeCodeStore {
 public:
  // Stores a new code for `user_id` valid until `expires_at`, revoking earlier unused ones of that
  // purpose. Returns the code in clear (to show once).
  std::string Issue(soci::session& s, int64_t user_id, CodePurpose purpose, int64_t now,
                    int64_t expires_at) const;
  // Marks the code used and returns its user when it exists, has this purpose, is unused and not
  // expired.
  std::optional<int64_t> Consume(soci::session& s, const std::string& typed, CodePurpose purpose,
                                 int64_t now) const;
  // The user and purpose of a valid (unused, unexpired) code, without using it.
  std::optional<std::pair<int64_t, CodePurpose>> Peek(soci::session& s, const std::string& typed,
                                                      int64_t now) const;
};

}  // namespace korrigo::auth
