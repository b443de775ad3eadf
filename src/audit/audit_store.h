// AuditStore: SQL for the append-only audit_log table. There is deliberately no update or delete.
// Append takes the caller's session so the entry commits (or rolls back) with the change it
// records.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_entry.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace korrigo::audit {

struct AuditFilter {
  std::optional<int64_t> actor_user_id;
  std::string action;  // exact, or a prefix when it ends with '.' or '*' ("auth.*")
  std::string target_type;
  std::string target_id;
  std::optional<int64_t> from_ms;  // inclusive
  std::optional<int64_t> to_ms;    // exclusive
};

struct AuditPage {
  std::vector<AuditEntry> entries;  // newest first
  int64_t total = 0;
};

class AuditStore {
 public:
  AuditStore(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Writes one entry inside the caller's transaction. Throws what SOCI throws (the transaction then
  // rolls back).
  void Append(soci::session& tx, const AuditContext& context, const std::string& action,
              const std::string& target_type, const std::string& target_id,
              const nlohmann::json& details = nlohmann::json::object()) const;

  // Writes one entry in its own transaction (for events with no other change, e.g. a failed login).
  core::Status AppendAlone(const AuditContext& context, const std::string& action,
                           const std::string& target_type, const std::string& target_id,
                           const nlohmann::json& details = nlohmann::json::object());

  // Entries matching `filter`, newest first. `limit` 1–500.
  core::Result<AuditPage> Query(const AuditFilter& filter, int64_t offset, int64_t limit);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
};

}  // namespace korrigo::audit
