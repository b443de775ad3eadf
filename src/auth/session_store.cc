// Sessions SQL.
#include "auth/session_store.h"

#include "storage/statement_cache.h"

namespace korrigo::auth {
namespace {

// Runs on every authenticated request: prepared once per pooled connection.
struct FindQuery : storage::CachedStatement {
  std::string hash;
  SessionRow row;
  long long id = 0, user = 0, created = 0, seen = 0;
  int active = 0, must_change = 0;
  soci::indicator ind = soci::i_null;
  soci::statement st;
  explicit FindQuery(soci::session& s)
      : st((s.prepare << "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, "
                         "u.username, u.display_name, u.role, u.active, u.must_change_password "
                         "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :h",
            soci::use(hash), soci::into(id, ind), soci::into(user), soci::into(row.csrf_token),
            soci::into(created), soci::into(seen), soci::into(row.username),
            soci::into(row.display_name), soci::into(row.role), soci::into(active),
            soci::into(must_change))) {}
};

}  // namespace

int64_t SessionStore::Create(soci::session& s, const std::string& token_hash, int64_t user_id,
                             const std::string& csrf_token, int64_t now, const std::string& ip,
                             const std::string& user_agent) const {
  long long id = 0, user = user_id, at = now;
  std::string ua = user_agent.substr(0, 256);
  s << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip, "
       "user_agent) "
       "VALUES (:h, :u, :c, :t1, :t2, :ip, :ua) RETURNING id",
      soci::use(token_hash), soci::use(user), soci::use(csrf_token), soci::use(at), soci::use(at),
      soci::use(ip), soci::use(ua), soci::into(id);
  return id;
}

std::optional<SessionRow> SessionStore::Find(soci::session& s,
                                             const std::string& token_hash) const {
  auto q = storage::Cached<FindQuery>(s);
  q->hash = token_hash;
  q->ind = soci::i_null;
  if (!storage::ExecuteOne(q->st) || q->ind != soci::i_ok) return std::nullopt;
  q->row.id = q->id;
  q->row.user_id = q->user;
  q->row.created_at = q->created;
  q->row.last_seen_at = q->seen;
  q->row.active = q->active != 0;
  q->row.must_change_password = q->must_change != 0;
  return q->row;
}

void SessionStore::Touch(soci::session& s, int64_t session_id, int64_t now) const {
  long long id = session_id, at = now;
  s << "UPDATE sessions SET last_seen_at = :t WHERE id = :id", soci::use(at), soci::use(id);
}

void SessionStore::Delete(soci::session& s, int64_t session_id) const {
  long long id = session_id;
  s << "DELETE FROM sessions WHERE id = :id", soci::use(id);
}

int64_t SessionStore::DeleteForUser(soci::session& s, int64_t user_id,
                                    int64_t keep_session_id) const {
  long long user = user_id, keep = keep_session_id;
  soci::statement st = (s.prepare << "DELETE FROM sessions WHERE user_id = :u AND id <> :k",
                        soci::use(user), soci::use(keep));
  st.execute(true);
  return st.get_affected_rows();
}

int64_t SessionStore::DeleteExpired(soci::session& s, int64_t idle_before,
                                    int64_t created_before) const {
  long long idle = idle_before, created = created_before;
  soci::statement st =
      (s.prepare << "DELETE FROM sessions WHERE last_seen_at < :i OR created_at < :c",
       soci::use(idle), soci::use(created));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace korrigo::auth
