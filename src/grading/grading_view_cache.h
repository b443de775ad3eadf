// GradingViewCache: the grading screen's JSON of recently read copies, kept in memory per process
// and served again only while the copy's fingerprint (one cheap query: versions, status,
// corrector, pages, scheme version, names' update times) is unchanged. A cache, never the truth:
// any change to what the view shows changes the fingerprint, and every node checks it against the
// database on each read. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace korrigo::grading {

class GradingViewCache {
 public:
  explicit GradingViewCache(size_t max_entries = 4096) : max_entries_(max_entries) {}

  // The text cached for (copy, admin view) under exactly this fingerprint.
  std::optional<std::string> Find(int64_t copy_id, bool admin, const std::string& fingerprint);
  // Keeps `text` for (copy, admin view) under `fingerprint`; when full, forgets half the entries.
  void Put(int64_t copy_id, bool admin, const std::string& fingerprint, std::string text);

 private:
  struct Entry {
    std::string fingerprint;
    std::string text;
  };
  std::mutex mutex_;
  std::map<std::pair<int64_t, bool>, Entry> entries_;
  size_t max_entries_;
};

}  // namespace korrigo::grading
