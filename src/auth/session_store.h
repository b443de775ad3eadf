// SessionStore: SQL for server-side sessions. The cookie value never reaches the database: rows are
// keyed by its SHA-256. Runs on the caller's session and transaction.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

namespace korrigo::auth {

struct SessionRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  // The session's user, read in the same query.
  std::string username;
  std::string display_name;
  std::string role;
  bool active = false;
  bool must_change_password = false;
};

class SessionStore {
 public:
  int64_t Create(soci::session& s, const std::string& token_hash, int64_t user_id,
                 const std::string& csrf_token, int64_t now, const std::string& ip,
                 const std::string& user_agent) const;
  // The session and its user, by the SHA-256 of the cookie value.
  std::optional<SessionRow> Find(soci::session& s, const std::string& token_hash) const;
  void Touch(soci::session& s, int64_t session_id, int64_t now) const;
  void Delete(soci::session& s, int64_t session_id) const;
  // Ends every session of `user_id` except `keep_session_id` (0: all). Returns how many ended.
  int64_t DeleteForUser(soci::session& s, int64_t user_id, int64_t keep_session_id = 0) const;
  // Removes sessions idle since before `idle_before` or created before `created_before`.
  int64_t DeleteExpired(soci::session& s, int64_t idle_before, int64_t created_before) const;
};

}  // namespace korrigo::auth
