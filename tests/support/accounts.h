// Accounts for integration tests: seeding users straight through the service layer (as `korrigo
// create-admin` does) and logging in over HTTP with the cookie and CSRF token a browser would keep.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/application.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace korrigo::itest {

// The Application of a test server's database and data directory (for seeding and for the route
// table).
std::unique_ptr<app::Application> OpenApplication(const TestServer& server);

// Creates an account with a known password (policy skipped) and returns its id.
int64_t SeedUser(app::Application& app, const std::string& username, const std::string& role,
                 const std::string& password, bool must_change = false);

struct Session {
  std::string cookie;  // "korrigo_session=…"
  std::string csrf;
  int status = 0;  // of the login response
  nlohmann::json body;
};

// POST /api/v1/auth/login with the site's Origin.
Session Login(uint16_t port, const std::string& login, const std::string& password);

// Headers of a same-origin browser request with this session (cookie, Origin, CSRF token, JSON body
// type).
std::vector<std::pair<std::string, std::string>> BrowserHeaders(uint16_t port,
                                                                const Session& session);

// One request with `session` (may be empty for anonymous) on a fresh connection.
HttpResponse Call(uint16_t port, const Session& session, const std::string& method,
                  const std::string& target, const std::string& body = "");

}  // namespace korrigo::itest
