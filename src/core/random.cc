// Random bytes through getrandom(2), which blocks only until the kernel's pool is first
// initialised.
#include "core/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>

namespace korrigo::core {

void RandomBytes(void* out, size_t size) {
  auto* p = static_cast<unsigned char*>(out);
  while (size > 0) {
    ssize_t n = getrandom(p, size, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

std::string RandomHex(size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string raw(bytes, '\0');
  RandomBytes(raw.data(), raw.size());
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char c : raw) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 15]);
  }
  return hex;
}

uint64_t RandomBelow(uint64_t bound) {
  if (bound <= 1) return 0;
  // Rejection sampling removes the modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t v;
  do {
    RandomBytes(&v, sizeof v);
  } while (v >= limit);
  return v % bound;
}

std::string UniqueId() {
  thread_local uint64_t prefix = [] {
    uint64_t v = 0;
    RandomBytes(&v, sizeof v);
    return v;
  }();
  thread_local uint32_t counter = 0;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(24, '0');
  uint64_t hi = prefix;
  uint32_t lo = ++counter;
  if (lo == 0)
    RandomBytes(&prefix, sizeof prefix);  // 2^32 ids later: a new prefix keeps ids unique
  for (int i = 15; i >= 0; --i, hi >>= 4) out[static_cast<size_t>(i)] = kHex[hi & 0xf];
  for (int i = 23; i >= 16; --i, lo >>= 4) out[static_cast<size_t>(i)] = kHex[lo & 0xf];
  return out;
}

}  // namespace korrigo::core
