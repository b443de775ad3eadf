// Balanced, seeded dispatch of copies to correctors.
#include "grading/dispatch_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/json_fields.h"

namespace korrigo::grading {
namespace {

// SplitMix64: tiny, well mixed, and fully specified (std:: distributions are not portable).
struct SplitMix64 {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t bound) {  // rejection sampling: no modulo bias
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t v;
    do v = Next();
    while (v >= limit);
    return v % bound;
  }
};

template <typename T>
void Shuffle(std::vector<T>& items, SplitMix64& rng) {
  for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.Below(i)]);
}

}  // namespace

core::Result<std::map<int64_t, std::vector<int64_t>>> PlanDispatch(const DispatchRequest& req) {
  if (req.correctors.empty())
    return core::FieldError("correctors", "L'examen n'a aucun correcteur.");
  std::set<int64_t> correctors(req.correctors.begin(), req.correctors.end());
  int64_t quota_total = 0;
  for (const auto& [user, quota] : req.quotas) {
    if (!correctors.contains(user))
      return core::FieldError("quotas", fmt::format("Le quota du compte {} ne correspond à aucun "
                                                    "correcteur de l'examen.",
                                                    user));
    if (quota < 0) return core::FieldError("quotas", "Un quota est un nombre positif.");
    quota_total += quota;
  }
  if (quota_total > static_cast<int64_t>(req.copies.size()))
    return core::FieldError("quotas",
                            fmt::format("Les quotas demandent {} copies ; {} attendent un "
                                        "correcteur.",
                                        quota_total, req.copies.size()));

  SplitMix64 rng{req.seed};
  std::vector<int64_t> copies = req.copies;
  std::sort(copies.begin(), copies.end());
  Shuffle(copies, rng);
  std::vector<int64_t> order(correctors.begin(), correctors.end());
  Shuffle(order, rng);  // breaks ties between equally loaded correctors

  std::map<int64_t, std::vector<int64_t>> plan;
  for (int64_t c : order) plan[c];
  size_t next = 0;
  for (int64_t c : order) {  // quotas first, in the shuffled order
    auto q = req.quotas.find(c);
    if (q == req.quotas.end()) continue;
    for (int64_t i = 0; i < q->second; ++i) plan[c].push_back(copies[next++]);
  }
  std::vector<int64_t> free;
  for (int64_t c : order)
    if (!req.quotas.contains(c)) free.push_back(c);
  if (free.empty()) return plan;  // copies beyond the quotas stay waiting
  std::map<int64_t, int64_t> load;
  for (int64_t c : free) {
    auto it = req.current_load.find(c);
    load[c] = it == req.current_load.end() ? 0 : it->second;
  }
  for (; next < copies.size(); ++next) {
    int64_t best = free.front();
    for (int64_t c : free)
      if (load[c] < load[best]) best = c;
    plan[best].push_back(copies[next]);
    ++load[best];
  }
  return plan;
}

std::string SeedToText(uint64_t seed) { return fmt::format("{:016x}", seed); }

core::Result<uint64_t> SeedFromText(const std::string& text) {
  if (text.empty() || text.size() > 16 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(c) != 0; }))
    return core::FieldError("seed", "« seed » : 1 à 16 chiffres hexadécimaux.");
  return std::stoull(text, nullptr, 16);
}

}  // namespace korrigo::grading
