// JSON form of a page.
#include "scans/page.h"

namespace korrigo::scans {

nlohmann::json Page::ToJson() const {
  return {{"id", id},
          {"scan_id", scan_id},
          {"source_index", source_index},
          {"half", half},
          {"size_class", size_class},
          {"width_px", width_px},
          {"height_px", height_px},
          {"rotation", rotation},
          {"auto_rotation", auto_rotation},
          {"orientation_confidence", orientation_confidence},
          {"ink_ratio", ink_ratio},
          {"blank", blank},
          {"copy_id", copy_id ? nlohmann::json(*copy_id) : nlohmann::json(nullptr)},
          {"position", position ? nlohmann::json(*position) : nlohmann::json(nullptr)},
          {"image_url", "/api/v1/pages/" + std::to_string(id) + "/image?variant=view"},
          {"thumb_url", "/api/v1/pages/" + std::to_string(id) + "/image?variant=thumb"}};
}

}  // namespace korrigo::scans
