// Cryptographically secure random bytes and tokens from the kernel (getrandom), for ids, tokens and
// temp names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace korrigo::core {

// Fills `out` with `size` random bytes. Aborts if the kernel cannot provide them (never happens on
// Linux ≥ 3.17).
void RandomBytes(void* out, size_t size);

// `bytes` random bytes as lowercase hex (2 × bytes characters).
std::string RandomHex(size_t bytes);

// A 24-hex-character id unique within and across processes (random per-thread prefix + counter),
// without a system call: for request ids and other labels that must not collide but need not be
// unpredictable.
std::string UniqueId();

// A uniformly random integer in [0, bound).
uint64_t RandomBelow(uint64_t bound);

}  // namespace korrigo::core
