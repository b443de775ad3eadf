// Sliding-window counting: the wait is until the oldest failure that keeps the count at the limit
// leaves the window.
#include "auth/login_throttle.h"

#include <algorithm>

namespace korrigo::auth {

std::optional<int64_t> LoginThrottle::Check(soci::session& s, const std::string& scope,
                                            const std::string& subject, int limit,
                                            int64_t now) const {
  long long since = now - limits_.window_ms;
  int count = 0;
  s << "SELECT COUNT(*) FROM login_failures WHERE scope = :s AND subject = :j AND failed_at > :t",
      soci::use(scope), soci::use(subject), soci::use(since), soci::into(count);
  if (count < limit) return std::nullopt;
  long long offset = count - limit, at = 0;
  s << "SELECT failed_at FROM login_failures WHERE scope = :s AND subject = :j AND failed_at > :t "
       "ORDER BY failed_at LIMIT 1 OFFSET :o",
      soci::use(scope), soci::use(subject), soci::use(since), soci::use(offset), soci::into(at);
  int64_t wait_ms = at + limits_.window_ms - now;
  return std::max<int64_t>(1, (wait_ms + 999) / 1000);
}

std::optional<int64_t> LoginThrottle::RetryAfterSeconds(soci::session& s,
                                                        const std::string& account_key,
                                                        const std::string& ip, int64_t now) const {
  if (!limits_.enabled) return std::nullopt;
  auto account = Check(s, "account", account_key, limits_.max_per_account, now);
  auto by_ip = Check(s, "ip", ip, limits_.max_per_ip, now);
  if (!account) return by_ip;
  if (!by_ip) return account;
  return std::max(*account, *by_ip);
}

void LoginThrottle::RecordFailure(soci::session& s, const std::string& account_key,
                                  const std::string& ip, int64_t now) const {
  if (!limits_.enabled) return;
  long long at = now, expired = now - limits_.window_ms;
  s << "DELETE FROM login_failures WHERE failed_at <= :t AND ((scope = 'account' AND subject = :a) "
       "OR "
       "(scope = 'ip' AND subject = :i))",
      soci::use(expired), soci::use(account_key), soci::use(ip);
  s << "INSERT INTO login_failures (scope, subject, failed_at) VALUES ('account', :a, :t)",
      soci::use(account_key), soci::use(at);
  s << "INSERT INTO login_failures (scope, subject, failed_at) VALUES ('ip', :i, :t)",
      soci::use(ip), soci::use(at);
}

void LoginThrottle::ClearAccount(soci::session& s, const std::string& account_key) const {
  s << "DELETE FROM login_failures WHERE scope = 'account' AND subject = :a",
      soci::use(account_key);
}

}  // namespace korrigo::auth
