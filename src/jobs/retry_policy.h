// RetryPolicy: how long a failed job waits before its next attempt — exponential backoff with
// jitter, so that jobs failing together (a file store outage) do not all come back at the same
// moment.
#pragma once

#include <cstdint>

namespace korrigo::jobs {

struct RetryPolicy {
  int64_t base_ms = 1000;          // the delay after attempt 0; doubles with each attempt
  int64_t max_ms = 5 * 60 * 1000;  // the cap
};

// base_ms · 2^attempts capped at max_ms, times a random factor in [0.5, 1]. `attempts` is the
// number of attempts made so far (≥ 0). Thread-safe.
int64_t RetryDelayMs(const RetryPolicy& policy, int attempts);

}  // namespace korrigo::jobs
