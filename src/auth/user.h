// User accounts and roles. A user's username is unique ignoring case and accents (username_key);
// the email, when present, likewise. Students' accounts are linked to roster records by the
// students domain.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace korrigo::auth {

inline constexpr const char* kRoleAdmin = "admin";
inline constexpr const char* kRoleTeacher = "teacher";
inline constexpr const char* kRoleStudent = "student";

// The cookie that carries the session token.
inline constexpr const char* kSessionCookieName = "korrigo_session";

bool IsRole(const std::string& role);

struct User {
  int64_t id = 0;
  std::string username;
  std::optional<std::string> email;
  std::string display_name;
  std::string role;
  bool active = true;
  bool must_change_password = false;
  bool has_password = false;  // false until activation
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> last_login_at;

  // The fields the API shows (never the password hash).
  nlohmann::json ToJson() const;
};

// What the HTTP layer knows of an authenticated caller for the duration of one request.
struct Principal {
  int64_t user_id = 0;
  int64_t session_id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  bool must_change_password = false;
  std::string csrf_token;
};

// The key that makes usernames and emails unique: trimmed, folded (no case, no accents).
std::string LoginKey(const std::string& value);

}  // namespace korrigo::auth
