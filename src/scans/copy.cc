// JSON form of a copy, and anonymous ids.
#include "scans/copy.h"

#include <fmt/format.h>
#include <sodium.h>

#include "exams/points.h"

namespace korrigo::scans {

nlohmann::json Copy::ToJson(bool with_identity) const {
  nlohmann::json j = {
      {"id", id},           {"exam_id", exam_id},       {"anonymous_id", anonymous_id},
      {"status", status},   {"page_count", page_count}, {"flags", flags},
      {"version", version}, {"created_at", created_at}, {"updated_at", updated_at}};
  j["corrector_id"] = corrector_id ? nlohmann::json(*corrector_id) : nlohmann::json(nullptr);
  j["corrector_name"] = corrector_name;
  j["grading_version"] = grading_version;
  j["mark"] = mark_milli ? exams::Points::FromMilli(*mark_milli).ToJson() : nlohmann::json(nullptr);
  j["grading_error"] = grading_error ? nlohmann::json(*grading_error) : nlohmann::json(nullptr);
  if (with_identity) {
    j["student_id"] = student_id ? nlohmann::json(*student_id) : nlohmann::json(nullptr);
    j["student_name"] = student_name;
    j["scan_id"] = scan_id ? nlohmann::json(*scan_id) : nlohmann::json(nullptr);
    nlohmann::json s = nlohmann::json::array();
    for (const CopySuggestion& c : suggestions) {
      s.push_back({{"student_id", c.student_id},
                   {"student_name", c.student_name},
                   {"source", c.source},
                   {"confidence", c.confidence}});
    }
    j["suggestions"] = s;
  }
  return j;
}

std::string FormatAnonymousId(const std::string& prefix, int sequence) {
  return fmt::format("{}-{:03d}", prefix, sequence);
}

std::string NewCopyPrefix() {
  static constexpr char kAlphabet[] = "ACDEFHJKMNPQRTUVWXY34679";
  constexpr uint32_t kSize = sizeof kAlphabet - 1;
  std::string prefix;
  for (int i = 0; i < 3; ++i) prefix += kAlphabet[randombytes_uniform(kSize)];
  return prefix;
}

}  // namespace korrigo::scans
