// Exponential backoff with "equal jitter": half the delay is fixed, half random.
#include "jobs/retry_policy.h"

#include <algorithm>

#include "core/random.h"

namespace korrigo::jobs {

int64_t RetryDelayMs(const RetryPolicy& policy, int attempts) {
  int64_t cap = std::max<int64_t>(policy.max_ms, 1);
  int64_t delay = std::clamp<int64_t>(policy.base_ms, 1, cap);
  for (int i = 0; i < attempts && delay < cap; ++i) delay *= 2;  // stops before overflowing
  delay = std::min(delay, cap);
  int64_t half = delay / 2;
  return half + static_cast<int64_t>(core::RandomBelow(static_cast<uint64_t>(delay - half) + 1));
}

}  // namespace korrigo::jobs
