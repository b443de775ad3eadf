// Route table of /api/v1/auth: login, logout, me, password change, activation.
#pragma once

#include <vector>

#include "auth/auth_service.h"
#include "http/route.h"

namespace korrigo::http {

struct AuthRoutesDeps {
  auth::AuthService* auth = nullptr;
  bool cookie_secure = false;
  int64_t session_max_age_s = 12 * 3600;
};

std::vector<Route> AuthRoutes(AuthRoutesDeps deps);

}  // namespace korrigo::http
