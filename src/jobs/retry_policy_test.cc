// RetryPolicy: the delay doubles per attempt within its jitter band and never exceeds the cap.
#include "jobs/retry_policy.h"

#include <gtest/gtest.h>

namespace korrigo::jobs {
namespace {

TEST(RetryPolicyTest, DelayDoublesWithJitterAndIsCapped) {
  RetryPolicy policy{.base_ms = 1000, .max_ms = 10'000};
  for (int i = 0; i < 200; ++i) {
    int64_t d0 = RetryDelayMs(policy, 0), d1 = RetryDelayMs(policy, 1);
    int64_t d3 = RetryDelayMs(policy, 3), d99 = RetryDelayMs(policy, 99);
    EXPECT_TRUE(d0 >= 500 && d0 <= 1000) << d0;
    EXPECT_TRUE(d1 >= 1000 && d1 <= 2000) << d1;
    EXPECT_TRUE(d3 >= 4000 && d3 <= 8000) << d3;
    EXPECT_TRUE(d99 >= 5000 && d99 <= 10'000) << d99;
  }
}

TEST(RetryPolicyTest, DefaultsStartAtTwoSecondsAfterTheFirstAttempt) {
  int64_t d = RetryDelayMs(RetryPolicy{}, 1);
  EXPECT_TRUE(d >= 1000 && d <= 2000) << d;
  EXPECT_LE(RetryDelayMs(RetryPolicy{}, 30), 5 * 60 * 1000);
}

}  // namespace
}  // namespace korrigo::jobs
