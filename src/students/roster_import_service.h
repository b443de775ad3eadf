// RosterImportService: importing the roster from a school's CSV export in two steps. Preview parses
// the file, compares every row with the roster and stores that plan behind a one-time token; commit
// applies exactly the previewed plan, or refuses (409) when the roster changed in between. Students
// missing from the file are reported, never deleted. Re-importing the same file changes nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"
#include "students/student_store.h"

namespace korrigo::students {

inline constexpr int64_t kMaxRosterFileBytes = 5 * 1024 * 1024;
// The upload route's body limit: the file plus the multipart envelope.
inline constexpr int64_t kMaxRosterUploadBytes = kMaxRosterFileBytes + 64 * 1024;

class RosterImportService {
 public:
  RosterImportService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Reads the uploaded file at `path` and returns the preview: {token, expires_at, file{…},
  // counts{create, update, unchanged, rejected, missing}, rows[…], rejected[…], missing[…]}.
  // Errors: invalid_argument / payload_too_large for an unreadable file (encoding, header, limits),
  // with French messages.
  core::Result<nlohmann::json> Preview(const std::string& path, const std::string& file_name,
                                       const std::string& sha256_hex, int64_t actor_id,
                                       const audit::AuditContext& context);
  // Applies the preview of `token`: {created, updated, unchanged, rejected}. Errors: not_found
  // (unknown, used or expired token), conflict (the roster changed since the preview: preview
  // again).
  core::Result<nlohmann::json> Commit(const std::string& token, const audit::AuditContext& context);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  StudentStore store_;
};

}  // namespace korrigo::students
