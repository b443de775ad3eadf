// xoshiro256** (Blackman & Vigna) seeded by splitmix64, as its authors recommend: splitmix64
// turns any seed, even 0 or 1, into a state with no long runs of zero bits.
#include "prng.h"

#include <cassert>
#include <cmath>

namespace korrigo::scangen {
namespace {

uint64_t SplitMix(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t Mix(uint64_t seed, std::initializer_list<uint64_t> parts) {
  uint64_t state = seed;
  uint64_t key = SplitMix(&state);
  for (uint64_t part : parts) {
    state = key ^ (part * 0xD6E8FEB86659FD93ull);
    key = SplitMix(&state);
  }
  return key;
}

Prng::Prng(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& word : state_) word = SplitMix(&state);
}

uint64_t Prng::Next() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

int Prng::Uniform(int lo, int hi) {
  assert(lo <= hi);
  const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
  // The modulo bias is below 2^-32 for the spans we use; a test-data generator can live with it.
  return lo + static_cast<int>(Next() % span);
}

double Prng::UniformReal(double lo, double hi) {
  const double unit = static_cast<double>(Next() >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * unit;
}

bool Prng::Chance(double p) { return UniformReal(0, 1) < p; }

double Prng::Normal() {
  const uint64_t bits = Next();
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += static_cast<double>((bits >> (16 * i)) & 0xFFFF) / 65535.0;
  // Four uniforms: mean 2, variance 4/12.
  return (sum - 2.0) / std::sqrt(4.0 / 12.0);
}

}  // namespace korrigo::scangen
