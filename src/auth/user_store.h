// UserStore: SQL for the users table. Every method runs on the caller's session, inside the
// caller's transaction; SOCI exceptions propagate to Database::InTransaction, which rolls back and
// maps them.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "auth/user.h"

namespace korrigo::auth {

struct UserRecord {
  User user;
  std::string password_hash;  // empty when none
};

struct UserFilter {
  std::string search;  // folded substring of username, name or email
  std::string role;    // "" = any
  std::optional<bool> active;
};

class UserStore {
 public:
  std::optional<UserRecord> FindById(soci::session& s, int64_t id) const;
  // By username or email, compared through LoginKey.
  std::optional<UserRecord> FindByLogin(soci::session& s, const std::string& login) const;
  bool UsernameTaken(soci::session& s, const std::string& username, int64_t except_id = 0) const;
  bool EmailTaken(soci::session& s, const std::string& email, int64_t except_id = 0) const;

  // Inserts `user` (id ignored) and returns the new id.
  int64_t Insert(soci::session& s, const User& user, const std::string& password_hash) const;
  // Writes display_name, email, role, active, must_change_password, updated_at.
  void Update(soci::session& s, const User& user) const;
  void SetPassword(soci::session& s, int64_t id, const std::string& hash, bool must_change,
                   int64_t now) const;
  void SetLastLogin(soci::session& s, int64_t id, int64_t now) const;
  void Delete(soci::session& s, int64_t id) const;
  int64_t CountActiveAdmins(soci::session& s) const;

  // A page of users ordered by display name, and the total matching.
  std::vector<User> List(soci::session& s, const UserFilter& filter, int64_t offset, int64_t limit,
                         int64_t* total) const;
};

}  // namespace korrigo::auth
