// JSON form of a scan.
#include "scans/scan.h"

namespace korrigo::scans {

nlohmann::json Scan::ToJson() const {
  auto opt = [](const auto& v) -> nlohmann::json {
    if (v) return *v;
    return nullptr;
  };
  return {{"id", id},
          {"exam_id", exam_id},
          {"filename", filename},
          {"size_bytes", size_bytes},
          {"sha256", sha256},
          {"status", status},
          {"progress", progress},
          {"page_count", opt(page_count)},
          {"pages_done", pages_done},
          {"error", opt(error)},
          {"error_rule", opt(error_rule)},
          {"job_id", opt(job_id)},
          {"uploaded_by", opt(uploaded_by)},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

}  // namespace korrigo::scans
