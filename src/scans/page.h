// Page: one A4 image taken from a scan — a whole PDF page or one half of a cut A3 sheet — with its
// stored viewing image and thumbnail, the rotation to apply when showing it, what was measured on
// it (ink, orientation) and where it is: in a copy at a position, or in the exam's pool.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace korrigo::scans {

struct Page {
  int64_t id = 0;
  int64_t exam_id = 0;
  int64_t scan_id = 0;
  int source_index = 0;
  std::string half = "full";
  std::string size_class = "a4";
  int width_px = 0;
  int height_px = 0;
  int auto_rotation = 0;
  int rotation = 0;  // 0, 90, 180, 270: applied when serving
  double orientation_confidence = 1;
  double ink_ratio = 0;
  bool blank = false;
  std::string content_sha256;
  std::string view_key;
  std::string thumb_key;
  std::optional<int64_t> copy_id;
  std::optional<int> position;
  int64_t created_at = 0;

  // For admins and correctors: never the storage keys.
  nlohmann::json ToJson() const;
};

}  // namespace korrigo::scans
