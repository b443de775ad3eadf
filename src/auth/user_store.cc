// Users SQL. Booleans are INTEGER 0/1 on both databases; the search key is maintained on every
// write.
#include "auth/user_store.h"

#include "core/text_fold.h"
#include "storage/query_rows.h"

namespace korrigo::auth {
namespace {

constexpr const char* kColumns =
    "SELECT id, username, email, display_name, role, active, must_change_password, password_hash, "
    "created_at, "
    "updated_at, last_login_at FROM users ";

// Receives one row of kColumns.
struct Row {
  long long id = 0, created = 0, updated = 0, last_login = 0;
  int active = 0, must_change = 0;
  std::string username, email, display_name, role, hash;
  soci::indicator email_ind = soci::i_null, hash_ind = soci::i_null, last_login_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(username));
    st.exchange(soci::into(email, email_ind));
    st.exchange(soci::into(display_name));
    st.exchange(soci::into(role));
    st.exchange(soci::into(active));
    st.exchange(soci::into(must_change));
    st.exchange(soci::into(hash, hash_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(last_login, last_login_ind));
  }
  UserRecord Get() const {
    UserRecord r;
    r.user.id = id;
    r.user.username = username;
    if (email_ind == soci::i_ok) r.user.email = email;
    r.user.display_name = display_name;
    r.user.role = role;
    r.user.active = active != 0;
    r.user.must_change_password = must_change != 0;
    r.user.has_password = hash_ind == soci::i_ok && !hash.empty();
    r.user.created_at = created;
    r.user.updated_at = updated;
    if (last_login_ind == soci::i_ok) r.user.last_login_at = last_login;
    if (hash_ind == soci::i_ok) r.password_hash = hash;
    return r;
  }
};

std::string SearchKey(const User& u) {
  return core::FoldText(u.username + " " + u.display_name + " " + u.email.value_or(""));
}

}  // namespace

std::optional<UserRecord> UserStore::FindById(soci::session& s, int64_t id) const {
  Row row;
  long long key = id;
  soci::statement st(s);
  st.alloc();
  row.Bind(st);
  st.exchange(soci::use(key));
  st.prepare(std::string(kColumns) + "WHERE id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.Get();
}

std::optional<UserRecord> UserStore::FindByLogin(soci::session& s, const std::string& login) const {
  std::string key = LoginKey(login);
  if (key.empty()) return std::nullopt;
  Row row;
  soci::statement st(s);
  st.alloc();
  row.Bind(st);
  std::string key2 =
      key;  // named parameters are bound once each (PostgreSQL numbers every occurrence)
  st.exchange(soci::use(key, "k1"));
  st.exchange(soci::use(key2, "k2"));
  st.prepare(std::string(kColumns) +
             "WHERE username_key = :k1 OR email_key = :k2 ORDER BY id LIMIT 1");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.Get();
}

bool UserStore::UsernameTaken(soci::session& s, const std::string& username,
                              int64_t except_id) const {
  std::string key = LoginKey(username);
  long long except = except_id;
  int n = 0;
  s << "SELECT COUNT(*) FROM users WHERE (username_key = :k1 OR email_key = :k2) AND id <> :id",
      soci::use(key, "k1"), soci::use(key, "k2"), soci::use(except, "id"), soci::into(n);
  return n > 0;
}

bool UserStore::EmailTaken(soci::session& s, const std::string& email, int64_t except_id) const {
  std::string key = LoginKey(email);
  long long except = except_id;
  int n = 0;
  s << "SELECT COUNT(*) FROM users WHERE (email_key = :k1 OR username_key = :k2) AND id <> :id",
      soci::use(key, "k1"), soci::use(key, "k2"), soci::use(except, "id"), soci::into(n);
  return n > 0;
}

int64_t UserStore::Insert(soci::session& s, const User& u, const std::string& password_hash) const {
  std::string username_key = LoginKey(u.username);
  std::string email = u.email.value_or("");
  std::string email_key = LoginKey(email);
  soci::indicator email_ind = u.email ? soci::i_ok : soci::i_null;
  soci::indicator hash_ind = password_hash.empty() ? soci::i_null : soci::i_ok;
  std::string search = SearchKey(u);
  int active = u.active, must_change = u.must_change_password;
  long long created = u.created_at, updated = u.updated_at, id = 0;
  s << "INSERT INTO users (username, username_key, email, email_key, search_key, display_name, "
       "role, active, "
       "must_change_password, password_hash, created_at, updated_at) VALUES (:u, :uk, :e, :ek, "
       ":sk, :d, :r, :a, "
       ":m, :h, :c, :up) RETURNING id",
      soci::use(u.username), soci::use(username_key), soci::use(email, email_ind),
      soci::use(email_key, email_ind), soci::use(search), soci::use(u.display_name),
      soci::use(u.role), soci::use(active), soci::use(must_change),
      soci::use(password_hash, hash_ind), soci::use(created), soci::use(updated), soci::into(id);
  return id;
}

void UserStore::Update(soci::session& s, const User& u) const {
  std::string email = u.email.value_or("");
  std::string email_key = LoginKey(email);
  soci::indicator email_ind = u.email ? soci::i_ok : soci::i_null;
  std::string search = SearchKey(u);
  int active = u.active, must_change = u.must_change_password;
  long long updated = u.updated_at, id = u.id;
  s << "UPDATE users SET display_name = :d, email = :e, email_key = :ek, search_key = :sk, role = "
       ":r, "
       "active = :a, must_change_password = :m, updated_at = :up WHERE id = :id",
      soci::use(u.display_name), soci::use(email, email_ind), soci::use(email_key, email_ind),
      soci::use(search), soci::use(u.role), soci::use(active), soci::use(must_change),
      soci::use(updated), soci::use(id);
}

void UserStore::SetPassword(soci::session& s, int64_t id, const std::string& hash, bool must_change,
                            int64_t now) const {
  int m = must_change;
  long long key = id, at = now;
  s << "UPDATE users SET password_hash = :h, must_change_password = :m, updated_at = :t WHERE id = "
       ":id",
      soci::use(hash), soci::use(m), soci::use(at), soci::use(key);
}

void UserStore::SetLastLogin(soci::session& s, int64_t id, int64_t now) const {
  long long key = id, at = now;
  s << "UPDATE users SET last_login_at = :t WHERE id = :id", soci::use(at), soci::use(key);
}

void UserStore::Delete(soci::session& s, int64_t id) const {
  long long key = id;
  s << "DELETE FROM users WHERE id = :id", soci::use(key);
}

int64_t UserStore::CountActiveAdmins(soci::session& s) const {
  int n = 0;
  s << "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1", soci::into(n);
  return n;
}

std::vector<User> UserStore::List(soci::session& s, const UserFilter& f, int64_t offset,
                                  int64_t limit, int64_t* total) const {
  std::string where = " WHERE 1=1";
  std::string pattern = core::LikeContainsPattern(core::FoldText(f.search));
  int active = f.active.value_or(true);
  if (!f.search.empty()) where += " AND search_key LIKE :p ESCAPE '\\'";
  if (!f.role.empty()) where += " AND role = :r";
  if (f.active) where += " AND active = :a";
  auto bind = [&](soci::statement& st) {
    if (!f.search.empty()) st.exchange(soci::use(pattern, "p"));
    if (!f.role.empty()) st.exchange(soci::use(f.role, "r"));
    if (f.active) st.exchange(soci::use(active, "a"));
  };
  *total = storage::CountRows(s, std::string("SELECT COUNT(*) FROM users") + where, bind);
  long long lim = limit, off = offset;
  std::vector<User> users;
  for (UserRecord& record : storage::SelectRows<Row>(
           s, std::string(kColumns) + where + " ORDER BY display_name, id LIMIT :lim OFFSET :off",
           [&](soci::statement& st) {
             bind(st);
             st.exchange(soci::use(lim, "lim"));
             st.exchange(soci::use(off, "off"));
           })) {
    users.push_back(std::move(record.user));
  }
  return users;
}

}  // namespace korrigo::auth
