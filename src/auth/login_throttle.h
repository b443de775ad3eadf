// LoginThrottle: failed logins counted per account key and per IP in a sliding window, in the
// database so the limits hold across restarts and across server nodes. Unknown accounts are counted
// like real ones, so the answers never reveal whether an account exists.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

namespace korrigo::auth {

struct ThrottleLimits {
  bool enabled = true;
  int max_per_account = 5;
  int max_per_ip = 30;
  int64_t window_ms = 15 * 60 * 1000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits) : limits_(limits) {}

  // Seconds until a new attempt is allowed, or nullopt when the account and the IP are both under
  // their limit.
  std::optional<int64_t> RetryAfterSeconds(soci::session& s, const std::string& account_key,
                                           const std::string& ip, int64_t now) const;
  void RecordFailure(soci::session& s, const std::string& account_key, const std::string& ip,
                     int64_t now) const;
  // After a successful login: the account's failures are forgotten (the IP's are not).
  void ClearAccount(soci::session& s, const std::string& account_key) const;

 private:
  std::optional<int64_t> Check(soci::session& s, const std::string& scope,
                               const std::string& subject, int limit, int64_t now) const;
  ThrottleLimits limits_;
};

}  // namespace korrigo::auth
