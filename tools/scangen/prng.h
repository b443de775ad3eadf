// Prng: the generator's only source of randomness, xoshiro256** seeded through splitmix64, so a
// batch depends on its seed alone (never on std::random_device, rand() or the clock) and is the
// same on every platform. Mix() derives independent streams (one per page, per fault pass…) so
// that changing one part of a batch does not reshuffle the others.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iterator>

namespace korrigo::scangen {

// splitmix64 over `seed` and each of `parts` in turn: a well-spread 64-bit key for a stream.
uint64_t Mix(uint64_t seed, std::initializer_list<uint64_t> parts);

class Prng {
 public:
  explicit Prng(uint64_t seed);

  uint64_t Next();
  // A uniform integer in [lo, hi] (lo ≤ hi).
  int Uniform(int lo, int hi);
  // A uniform real in [lo, hi).
  double UniformReal(double lo, double hi);
  // True with probability p.
  bool Chance(double p);
  // Approximately normal (Irwin–Hall sum of four uniforms), mean 0, standard deviation 1.
  double Normal();
  // An element of a non-empty array or vector, uniformly.
  template <typename Container>
  const auto& Pick(const Container& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<int>(std::size(items)) - 1))];
  }

 private:
  uint64_t state_[4];
};

}  // namespace korrigo::scangen
