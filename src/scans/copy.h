// Copy: the ordered pages of one student's work in an exam, known to correctors only by its
// anonymous id (e.g. "K7Q-014": a random exam prefix and a sequence number, never derived from the
// student). State machine: staging → ready (validated by an admin) → grading → graded, with
// grading_failed; only the services change it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace korrigo::scans {

inline constexpr const char* kCopyStaging = "staging";
inline constexpr const char* kCopyReady = "ready";
inline constexpr const char* kCopyGrading = "grading";
inline constexpr const char* kCopyGraded = "graded";
inline constexpr const char* kCopyGradingFailed = "grading_failed";

// An identification proposal (from the file name today; QR codes and OCR later).
struct CopySuggestion {
  int64_t student_id = 0;
  std::string student_name;
  std::string source;  // filename | qr | ocr
  double confidence = 0;
};

struct Copy {
  int64_t id = 0;
  int64_t exam_id = 0;
  int sequence = 0;
  std::string anonymous_id;
  std::string status = kCopyStaging;
  std::optional<int64_t> student_id;
  std::string student_name;  // "" when not identified
  std::vector<std::string> flags;
  std::optional<int64_t> scan_id;
  bool removed = false;
  int64_t version = 1;
  int page_count = 0;
  std::vector<CopySuggestion> suggestions;
  // Grading (src/grading): the corrector it is dispatched to, the version of its grading data,
  // and once finalized the mark (thousandths of a point on the exam's scale).
  std::optional<int64_t> corrector_id;
  std::string corrector_name;
  int64_t grading_version = 0;
  std::optional<int64_t> mark_milli;
  std::optional<std::string> grading_error;
  std::optional<int64_t> finalize_job_id;
  std::optional<int64_t> finalized_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // Grading has begun: from then on pages may only be added, never taken away or reordered.
  bool GradingStarted() const {
    return status == kCopyGrading || status == kCopyGraded || status == kCopyGradingFailed;
  }
  // `with_identity`: admins see the student; correctors only the anonymous id.
  nlohmann::json ToJson(bool with_identity) const;
};

// "K7Q-014": the prefix, a dash and the sequence on at least three digits.
std::string FormatAnonymousId(const std::string& prefix, int sequence);
// A random three-character prefix from letters and digits that cannot be confused (no 0/O, 1/I/L).
std::string NewCopyPrefix();

}  // namespace korrigo::scans
