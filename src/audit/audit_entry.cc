// JSON form of audit entries, as the admin API returns them.
#include "audit/audit_entry.h"

#include "core/clock.h"

namespace korrigo::audit {

AuditContext AuditContext::System(std::string what) {
  AuditContext c;
  c.role = "system";
  c.user_agent = std::move(what);
  return c;
}

nlohmann::json AuditEntry::ToJson() const {
  return {
      {"id", id},
      {"occurred_at", core::FormatIso8601(occurred_at)},
      {"actor_user_id", actor_user_id ? nlohmann::json(*actor_user_id) : nlohmann::json(nullptr)},
      {"actor_role", actor_role},
      {"action", action},
      {"target_type", target_type},
      {"target_id", target_id},
      {"ip", ip},
      {"user_agent", user_agent},
      {"request_id", request_id},
      {"details", details}};
}

}  // namespace korrigo::audit
