// UserService: account administration for admins — list and search, create teachers and admins
// (with a one-time password shown once, an admin-chosen password, or an activation code), update,
// reset a password (one-time code), delete. Enforces the rules that keep the platform
// administrable: nobody deactivates, demotes or deletes themselves, the last active admin stays,
// and a user that other data refers to is deactivated, not deleted.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "auth/one_time_code.h"
#include "auth/password_hasher.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace korrigo::auth {

struct NewUserInput {
  std::string username;
  std::optional<std::string> email;
  std::string display_name;
  std::string role;                               // admin | teacher (students come from the roster)
  std::string credential = "generated_password";  // generated_password | password | activation_code
  std::string password;                           // when credential == "password"
};

struct CreatedUser {
  User user;
  std::optional<std::string>
      one_time_password;  // shown once; the user must change it at first login
  std::optional<std::string> activation_code;
  std::optional<int64_t> code_expires_at;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::optional<std::string>> email;  // set to nullopt inside: remove the email
  std::optional<std::string> role;
  std::optional<bool> active;
};

struct UserListPage {
  std::vector<User> users;
  int64_t total = 0;
};

// A student account created or given a new code by the roster: the code is shown once (slip), never
// stored clear.
struct IssuedCode {
  User user;
  std::string code;
  CodePurpose purpose = CodePurpose::kActivation;
  int64_t expires_at = 0;
  bool created = false;  // the account was created by this call
};

// Says why a user cannot be deleted (e.g. "a corrigé 12 copies"), or nullopt. Later domains add
// theirs.
using DeletionGuard = std::function<std::optional<std::string>(soci::session&, int64_t user_id)>;

class UserService {
 public:
  UserService(storage::Database& db, const core::Clock& clock, const PasswordHasher& hasher,
              audit::AuditStore& audit, int64_t activation_ttl_ms, int64_t reset_ttl_ms);

  void AddDeletionGuard(DeletionGuard guard) { guards_.push_back(std::move(guard)); }

  // Parses and validates a creation request body. Unknown fields are refused.
  static core::Result<NewUserInput> ParseNewUser(const nlohmann::json& body);
  static core::Result<UserPatch> ParsePatch(const nlohmann::json& body);

  core::Result<UserListPage> List(const UserFilter& filter, int64_t page, int64_t page_size);
  core::Result<User> Get(int64_t id);
  core::Result<CreatedUser> Create(const NewUserInput& input, const audit::AuditContext& context);
  // `actor_id` is the admin making the change (self-protection rules).
  core::Result<User> Update(int64_t id, const UserPatch& patch, int64_t actor_id,
                            const audit::AuditContext& context);
  // Issues a password-reset code (shown once) and returns it with its expiry.
  core::Result<CreatedUser> ResetPassword(int64_t id, const audit::AuditContext& context);
  core::Status Delete(int64_t id, int64_t actor_id, const audit::AuditContext& context);

  // Inside the caller's transaction: creates an active student account without a password, named
  // after `username_base` (made unique with a numeric suffix: "eloise.dupont2"), with an activation
  // code. The email is kept only when no other account uses it. Audited as user.created.
  IssuedCode CreateStudentAccount(soci::session& tx, const std::string& username_base,
                                  const std::optional<std::string>& email,
                                  const std::string& display_name,
                                  const audit::AuditContext& context);
  // Inside the caller's transaction: a new code for an existing account — activation while it has
  // no password, password reset once activated. Revokes the previous code. nullopt when the user
  // does not exist.
  std::optional<IssuedCode> ReissueCode(soci::session& tx, int64_t user_id,
                                        const audit::AuditContext& context);

  // For `korrigo create-admin` and the demo: creates (or, with `replace_password`, re-passwords) an
  // account with a known password, checked against the policy unless `skip_policy` (demo accounts
  // only).
  core::Result<User> CreateWithPassword(const NewUserInput& input, bool must_change,
                                        bool skip_policy, const audit::AuditContext& context);

 private:
  core::Status CheckUnique(soci::session& s, const std::string& username,
                           const std::optional<std::string>& email, int64_t except_id) const;

  storage::Database& db_;
  const core::Clock& clock_;
  const PasswordHasher& hasher_;
  audit::AuditStore& audit_;
  int64_t activation_ttl_ms_;
  int64_t reset_ttl_ms_;
  UserStore users_;
  SessionStore sessions_;
  OneTimeCodeStore codes_;
  std::vector<DeletionGuard> guards_;
};

}  // namespace korrigo::auth
