// AuthService: login, logout, session lookup, password change and account activation. Owns the
// transactions; writes an audit entry with every account event (in the same transaction as the
// change). Password hashing runs between short transactions, never inside one, so a slow hash never
// holds a database lock. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "audit/audit_store.h"
#include "auth/login_throttle.h"
#include "auth/one_time_code.h"
#include "auth/password_hasher.h"
#include "auth/session_store.h"
#include "auth/user.h"
#include "auth/user_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace korrigo::auth {

struct SessionSettings {
  int64_t idle_timeout_ms = 2 * 3600 * 1000LL;
  int64_t max_age_ms = 12 * 3600 * 1000LL;
  bool logout_other_sessions = true;
};

// A new session: the cookie value (shown to the client once, stored hashed) and its CSRF token.
struct NewSession {
  User user;
  std::string token;
  std::string csrf_token;
};

class AuthService {
 public:
  AuthService(storage::Database& db, const core::Clock& clock, const PasswordHasher& hasher,
              audit::AuditStore& audit, SessionSettings sessions, ThrottleLimits throttle);

  // Errors: unauthenticated "Identifiant ou mot de passe incorrect." for any bad login (unknown
  // user, wrong password, inactive or not activated account); too_many_requests with the same
  // message and details.retry_after_s when the account or IP is throttled; invalid_argument for
  // empty or oversized fields.
  core::Result<NewSession> Login(const std::string& login, const std::string& password,
                                 const audit::AuditContext& context);

  // Ends the caller's session (and the user's other sessions when configured).
  core::Status Logout(const Principal& principal, const audit::AuditContext& context);

  // The principal of a session cookie, or nullopt when the token is unknown, expired, or its user
  // inactive. Expired sessions are deleted. Refreshes last_seen_at at most once a minute.
  core::Result<std::optional<Principal>> Authenticate(const std::string& token);

  core::Result<User> CurrentUser(const Principal& principal);

  // Checks the current password and the policy, then rotates the session (a new token) and, when
  // configured, ends the user's other sessions. Errors: invalid_argument (wrong current password:
  // details.field = current_password; policy).
  core::Result<NewSession> ChangePassword(const Principal& principal,
                                          const std::string& current_password,
                                          const std::string& new_password,
                                          const audit::AuditContext& context);

  // Uses an activation or password-reset code to set a new password; ends every session of the
  // user. Errors: invalid_argument for an unknown, used or expired code (same message for each), or
  // the policy; too_many_requests after repeated bad codes from one IP.
  core::Result<User> Activate(const std::string& code, const std::string& new_password,
                              const audit::AuditContext& context);

 private:
  core::Result<NewSession> OpenSession(soci::session& tx, const User& user,
                                       const audit::AuditContext& context);

  storage::Database& db_;
  const core::Clock& clock_;
  const PasswordHasher& hasher_;
  audit::AuditStore& audit_;
  SessionSettings sessions_;
  LoginThrottle throttle_;
  UserStore users_;
  SessionStore session_store_;
  OneTimeCodeStore codes_;
};

}  // namespace korrigo::auth
