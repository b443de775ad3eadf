// Route table of /api/v1/users: account administration (admins only).
#pragma once

#include <vector>

#include "auth/user_service.h"
#include "http/route.h"

namespace korrigo::http {

std::vector<Route> UserRoutes(auth::UserService* users);

}  // namespace korrigo::http
