// The grading view cache. Eviction is crude (half of the map, lowest copy ids first): entries are
// small and cheap to rebuild, and a school's working set fits many times over.
#include "grading/grading_view_cache.h"

namespace korrigo::grading {

std::optional<std::string> GradingViewCache::Find(int64_t copy_id, bool admin,
                                                  const std::string& fingerprint) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find({copy_id, admin});
  if (it == entries_.end() || it->second.fingerprint != fingerprint) return std::nullopt;
  return it->second.text;
}

void GradingViewCache::Put(int64_t copy_id, bool admin, const std::string& fingerprint,
                           std::string text) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) {
    auto half = entries_.begin();
    std::advance(half, entries_.size() / 2);
    entries_.erase(entries_.begin(), half);
  }
  entries_[{copy_id, admin}] = Entry{fingerprint, std::move(text)};
}

}  // namespace korrigo::grading
