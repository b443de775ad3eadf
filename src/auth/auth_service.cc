// Login, session, password and activation flows.
#include "auth/auth_service.h"

#include "auth/password_policy.h"
#include "core/digest.h"
#include "core/random.h"

namespace korrigo::auth {
namespace {

constexpr const char* kBadLogin = "Identifiant ou mot de passe incorrect.";
constexpr const char* kBadCode = "Code invalide, déjà utilisé ou expiré.";
constexpr int64_t kTouchEveryMs = 60 * 1000;

core::Error Throttled(int64_t retry_after_s, const char* message) {
  return {core::ErrorCode::kTooManyRequests, message, {{"retry_after_s", retry_after_s}}};
}

}  // namespace

AuthService::AuthService(storage::Database& db, const core::Clock& clock,
                         const PasswordHasher& hasher, audit::AuditStore& audit,
                         SessionSettings sessions, ThrottleLimits throttle)
    : db_(db),
      clock_(clock),
      hasher_(hasher),
      audit_(audit),
      sessions_(sessions),
      throttle_(throttle) {}

core::Result<NewSession> AuthService::OpenSession(soci::session& tx, const User& user,
                                                  const audit::AuditContext& context) {
  NewSession session;
  session.user = user;
  session.token = core::RandomHex(32);
  session.csrf_token = core::RandomHex(32);
  session_store_.Create(tx, core::Sha256Hex(session.token), user.id, session.csrf_token,
                        clock_.NowMs(), context.ip, context.user_agent);
  return session;
}

core::Result<NewSession> AuthService::Login(const std::string& login, const std::string& password,
                                            const audit::AuditContext& context) {
  if (login.empty() || password.empty()) {
    return core::Error::InvalidArgument("Saisissez votre identifiant et votre mot de passe.");
  }
  if (login.size() > 254 || password.size() > kMaxPasswordBytes) {
    return core::Error::Unauthenticated(kBadLogin);
  }
  const std::string account_key = LoginKey(login);
  // 1. Throttle check and user lookup (read only).
  struct Lookup {
    std::optional<int64_t> retry_after;
    std::optional<UserRecord> record;
  };
  auto lookup = db_.WithSession([&](soci::session& s) -> core::Result<Lookup> {
    Lookup l;
    l.retry_after = throttle_.RetryAfterSeconds(s, account_key, context.ip, clock_.NowMs());
    if (!l.retry_after) l.record = users_.FindByLogin(s, login);
    return l;
  });
  if (!lookup) return lookup.take_error();
  if (lookup->retry_after) {
    (void)audit_.AppendAlone(context, "auth.login.failed", "", "",
                             {{"reason", "throttled"}, {"retry_after_s", *lookup->retry_after}});
    return Throttled(*lookup->retry_after, kBadLogin);
  }
  // 2. The slow part, outside any transaction. Unknown accounts cost a hash too.
  const auto& record = lookup->record;
  bool ok = false;
  std::string rehash;
  if (record && !record->password_hash.empty()) {
    ok = hasher_.Verify(password, record->password_hash);
    if (ok && hasher_.NeedsRehash(record->password_hash)) {
      if (auto h = hasher_.Hash(password)) rehash = *h;
    }
  } else {
    hasher_.VerifyDummy(password);
  }
  std::string reason = !record                ? "unknown_account"
                       : !ok                  ? "wrong_password"
                       : !record->user.active ? "inactive"
                                              : "";
  // 3. Record the outcome; a failure is committed too (throttle counter, audit), then reported.
  auto outcome =
      db_.InTransaction([&](soci::session& tx) -> core::Result<std::optional<NewSession>> {
        int64_t now = clock_.NowMs();
        if (!reason.empty()) {
          throttle_.RecordFailure(tx, account_key, context.ip, now);
          audit_.Append(tx, context, "auth.login.failed", record ? "user" : "",
                        record ? std::to_string(record->user.id) : "", {{"reason", reason}});
          return std::optional<NewSession>();
        }
        throttle_.ClearAccount(tx, account_key);
        if (!rehash.empty()) {
          users_.SetPassword(tx, record->user.id, rehash, record->user.must_change_password, now);
        }
        users_.SetLastLogin(tx, record->user.id, now);
        User user = record->user;
        user.last_login_at = now;
        audit::AuditContext as_user = context;
        as_user.user_id = user.id;
        as_user.role = user.role;
        audit_.Append(tx, as_user, "auth.login.succeeded", "user", std::to_string(user.id));
        // Always a new token: a cookie planted before login (session fixation) is never promoted.
        auto session = OpenSession(tx, user, as_user);
        if (!session) return session.take_error();
        return std::optional<NewSession>(std::move(*session));
      });
  if (!outcome) return outcome.take_error();
  if (!outcome->has_value()) return core::Error::Unauthenticated(kBadLogin);
  return std::move(**outcome);
}

core::Status AuthService::Logout(const Principal& principal, const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    session_store_.Delete(tx, principal.session_id);
    int64_t others = 0;
    if (sessions_.logout_other_sessions)
      others = session_store_.DeleteForUser(tx, principal.user_id);
    audit_.Append(tx, context, "auth.logout", "user", std::to_string(principal.user_id),
                  {{"other_sessions_ended", others}});
    return {};
  });
}

core::Result<std::optional<Principal>> AuthService::Authenticate(const std::string& token) {
  if (token.size() != 64) return std::optional<Principal>();
  std::string hash = core::Sha256Hex(token);
  return db_.WithSession([&](soci::session& s) -> core::Result<std::optional<Principal>> {
    auto row = session_store_.Find(s, hash);
    if (!row) return std::optional<Principal>();
    int64_t now = clock_.NowMs();
    bool expired = now - row->last_seen_at > sessions_.idle_timeout_ms ||
                   now - row->created_at > sessions_.max_age_ms;
    if (expired || !row->active) {
      session_store_.Delete(s, row->id);
      return std::optional<Principal>();
    }
    if (now - row->last_seen_at > kTouchEveryMs) session_store_.Touch(s, row->id, now);
    Principal p;
    p.user_id = row->user_id;
    p.session_id = row->id;
    p.username = row->username;
    p.display_name = row->display_name;
    p.role = row->role;
    p.must_change_password = row->must_change_password;
    p.csrf_token = row->csrf_token;
    return std::optional<Principal>(p);
  });
}

core::Result<User> AuthService::CurrentUser(const Principal& principal) {
  return db_.WithSession([&](soci::session& s) -> core::Result<User> {
    auto record = users_.FindById(s, principal.user_id);
    if (!record) return core::Error::Unauthenticated("Session expirée : reconnectez-vous.");
    return record->user;
  });
}

core::Result<NewSession> AuthService::ChangePassword(const Principal& principal,
                                                     const std::string& current_password,
                                                     const std::string& new_password,
                                                     const audit::AuditContext& context) {
  auto record = db_.WithSession([&](soci::session& s) -> core::Result<UserRecord> {
    auto r = users_.FindById(s, principal.user_id);
    if (!r) return core::Error::Unauthenticated("Session expirée : reconnectez-vous.");
    return *r;
  });
  if (!record) return record.take_error();
  if (current_password.size() > kMaxPasswordBytes ||
      !hasher_.Verify(current_password, record->password_hash)) {
    return core::Error::InvalidArgument("Le mot de passe actuel est incorrect.",
                                        {{"field", "current_password"}});
  }
  const User& user = record->user;
  if (core::Status policy =
          CheckPassword(new_password, {user.username, user.email.value_or(""), user.display_name});
      !policy) {
    return policy.take_error();
  }
  if (new_password == current_password) {
    return core::Error::InvalidArgument("Le nouveau mot de passe doit être différent de l'actuel.",
                                        {{"field", "password"}});
  }
  auto hash = hasher_.Hash(new_password);
  if (!hash) return hash.take_error();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<NewSession> {
    int64_t now = clock_.NowMs();
    users_.SetPassword(tx, user.id, *hash, false, now);
    session_store_.Delete(tx, principal.session_id);
    int64_t others =
        sessions_.logout_other_sessions ? session_store_.DeleteForUser(tx, user.id) : 0;
    audit_.Append(tx, context, "auth.password.changed", "user", std::to_string(user.id),
                  {{"other_sessions_ended", others}});
    User updated = user;
    updated.must_change_password = false;
    updated.has_password = true;
    return OpenSession(tx, updated, context);
  });
}

core::Result<User> AuthService::Activate(const std::string& code, const std::string& new_password,
                                         const audit::AuditContext& context) {
  auto found =
      db_.WithSession([&](soci::session& s) -> core::Result<std::pair<UserRecord, CodePurpose>> {
        if (auto wait = throttle_.RetryAfterSeconds(s, "activation", context.ip, clock_.NowMs())) {
          return Throttled(*wait, kBadCode);
        }
        auto peek = codes_.Peek(s, code, clock_.NowMs());
        std::optional<UserRecord> record;
        if (peek) record = users_.FindById(s, peek->first);
        if (!peek || !record || !record->user.active)
          return core::Error::InvalidArgument(kBadCode, {{"field", "code"}});
        return std::make_pair(*record, peek->second);
      });
  if (!found) {
    if (found.error().code == core::ErrorCode::kInvalidArgument) {
      (void)db_.InTransaction([&](soci::session& tx) -> core::Status {
        throttle_.RecordFailure(tx, "activation", context.ip, clock_.NowMs());
        audit_.Append(tx, context, "auth.activation.failed", "", "", {{"reason", "bad_code"}});
        return {};
      });
    }
    return found.take_error();
  }
  const User& user = found->first.user;
  if (core::Status policy =
          CheckPassword(new_password, {user.username, user.email.value_or(""), user.display_name});
      !policy) {
    return policy.take_error();
  }
  auto hash = hasher_.Hash(new_password);
  if (!hash) return hash.take_error();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<User> {
    int64_t now = clock_.NowMs();
    auto user_id = codes_.Consume(tx, code, found->second, now);
    if (!user_id || *user_id != user.id)
      return core::Error::InvalidArgument(kBadCode, {{"field", "code"}});
    users_.SetPassword(tx, user.id, *hash, false, now);
    int64_t ended = session_store_.DeleteForUser(tx, user.id);
    audit::AuditContext as_user = context;
    as_user.user_id = user.id;
    as_user.role = user.role;
    bool activation = found->second == CodePurpose::kActivation;
    audit_.Append(tx, as_user,
                  activation ? "auth.account.activated" : "auth.password.reset_completed", "user",
                  std::to_string(user.id), {{"sessions_ended", ended}});
    User updated = user;
    updated.has_password = true;
    updated.must_change_password = false;
    return updated;
  });
}

}  // namespace korrigo::auth
