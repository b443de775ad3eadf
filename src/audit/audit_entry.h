// AuditEntry and AuditContext: who did what to which object, from where. The context travels from
// the HTTP layer (or the CLI) into services, which write the entry in the same transaction as the
// change it records.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace korrigo::audit {

// The caller of an action. Empty user_id: an anonymous caller (e.g. a failed login) or the system.
struct AuditContext {
  std::optional<int64_t> user_id;
  std::string role;  // admin | teacher | student | "" (anonymous) | system
  std::string ip;
  std::string user_agent;  // truncated to 256 bytes when written
  std::string request_id;

  static AuditContext System(std::string what);  // e.g. System("cli") for command-line actions
};

struct AuditEntry {
  int64_t id = 0;
  int64_t occurred_at = 0;  // ms since epoch
  std::optional<int64_t> actor_user_id;
  std::string actor_role;
  std::string action;       // dotted name, e.g. auth.login.succeeded
  std::string target_type;  // e.g. user; "" when none
  std::string target_id;
  std::string ip;
  std::string user_agent;
  std::string request_id;
  nlohmann::json details = nlohmann::json::object();  // never secrets

  nlohmann::json ToJson() const;
};

}  // namespace korrigo::audit
