// Fixed-window counters with an upsert (INSERT … ON CONFLICT DO UPDATE works on SQLite and
// PostgreSQL).
#include "auth/rate_limiter.h"

#include <algorithm>

namespace korrigo::auth {

core::Result<std::optional<int64_t>> RateLimiter::Hit(const RateLimit& limit,
                                                      const std::string& subject) {
  if (!enabled_ || limit.max_hits <= 0 || limit.window_ms <= 0) return std::optional<int64_t>();
  int64_t now = clock_.NowMs();
  long long window_start = now - now % limit.window_ms;
  return db_.InTransaction([&](soci::session& s) -> core::Result<std::optional<int64_t>> {
    s << "INSERT INTO rate_limit_hits (bucket, subject, window_start, hits) VALUES (:b, :s, :w, 1) "
         "ON CONFLICT (bucket, subject, window_start) DO UPDATE SET hits = rate_limit_hits.hits + "
         "1",
        soci::use(limit.bucket), soci::use(subject), soci::use(window_start);
    int hits = 0;
    s << "SELECT hits FROM rate_limit_hits WHERE bucket = :b AND subject = :s AND window_start = "
         ":w",
        soci::use(limit.bucket), soci::use(subject), soci::use(window_start), soci::into(hits);
    if (hits == 1) {
      // First hit of a new window: drop this subject's old windows.
      s << "DELETE FROM rate_limit_hits WHERE bucket = :b AND subject = :s AND window_start < :w",
          soci::use(limit.bucket), soci::use(subject), soci::use(window_start);
    }
    if (hits <= limit.max_hits) return std::optional<int64_t>();
    int64_t wait_ms = window_start + limit.window_ms - now;
    return std::optional<int64_t>(std::max<int64_t>(1, (wait_ms + 999) / 1000));
  });
}

}  // namespace korrigo::auth
