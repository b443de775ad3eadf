// RateLimiter: a general limiter for expensive endpoints (uploads, imports, exports), counting hits
// per bucket and subject (usually a user id) in fixed windows stored in the database, so it holds
// across nodes. Routes attach a RateLimit to themselves; the HTTP layer calls Hit before reading
// the body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace korrigo::auth {

struct RateLimit {
  std::string bucket;  // e.g. "scans.upload"
  int max_hits = 0;    // per window
  int64_t window_ms = 0;
};

class RateLimiter {
 public:
  RateLimiter(storage::Database& db, const core::Clock& clock, bool enabled)
      : db_(db), clock_(clock), enabled_(enabled) {}

  // Counts one hit; returns the seconds to wait when the limit is exceeded, nullopt when allowed.
  core::Result<std::optional<int64_t>> Hit(const RateLimit& limit, const std::string& subject);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  bool enabled_;
};

}  // namespace korrigo::auth
