// JSON form of users and the login key.
#include "auth/user.h"

#include "core/clock.h"
#include "core/text_fold.h"

namespace korrigo::auth {

bool IsRole(const std::string& role) {
  return role == kRoleAdmin || role == kRoleTeacher || role == kRoleStudent;
}

nlohmann::json User::ToJson() const {
  return {{"id", id},
          {"username", username},
          {"email", email ? nlohmann::json(*email) : nlohmann::json(nullptr)},
          {"display_name", display_name},
          {"role", role},
          {"active", active},
          {"must_change_password", must_change_password},
          {"activated", has_password},
          {"created_at", core::FormatIso8601(created_at)},
          {"updated_at", core::FormatIso8601(updated_at)},
          {"last_login_at",
           last_login_at ? nlohmann::json(core::FormatIso8601(*last_login_at)) : nlohmann::json()}};
}

std::string LoginKey(const std::string& value) {
  size_t first = value.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  size_t last = value.find_last_not_of(" \t\r\n");
  return core::FoldText(value.substr(first, last - first + 1));
}

}  // namespace korrigo::auth
