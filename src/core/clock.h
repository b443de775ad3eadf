// Clock: the seam for time, so that timeouts, expiries and retries can be tested with a fake clock.
// Times are milliseconds since the Unix epoch (UTC), the unit every *_at column uses.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace korrigo::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch. Thread-safe.
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  // A process-wide instance; never destroyed.
  static const SystemClock& Instance();
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  int64_t NowMs() const override { return now_.load(); }
  void Advance(int64_t ms) { now_ += ms; }
  void Set(int64_t ms) { now_ = ms; }

 private:
  std::atomic<int64_t> now_;
};

// Milliseconds from a monotonic clock, for measuring durations (never for stored times).
int64_t MonotonicMs();
double MonotonicSeconds();

// "2026-11-28T10:15:00.123Z".
std::string FormatIso8601(int64_t epoch_ms);

}  // namespace korrigo::core
