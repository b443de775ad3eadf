// Scan: one PDF uploaded for an exam by the exam office, with its processing state (queued →
// processing → done | failed), progress and the reason it was refused, if it was.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace korrigo::scans {

inline constexpr const char* kScanQueued = "queued";
inline constexpr const char* kScanProcessing = "processing";
inline constexpr const char* kScanDone = "done";
inline constexpr const char* kScanFailed = "failed";

struct Scan {
  int64_t id = 0;
  int64_t exam_id = 0;
  std::string filename;  // as sent by the browser: display only
  int64_t size_bytes = 0;
  std::string sha256;
  std::string file_key;
  std::string status = kScanQueued;
  int progress = 0;  // 0–100
  std::optional<int> page_count;
  int pages_done = 0;
  bool copies_built = false;
  std::optional<std::string> error;
  std::optional<std::string> error_rule;
  std::optional<int64_t> job_id;
  std::optional<int64_t> uploaded_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  nlohmann::json ToJson() const;
};

}  // namespace korrigo::scans
