// Seeding accounts and browser-like sessions for integration tests.
#include "support/accounts.h"

#include <gtest/gtest.h>

#include "core/config.h"

namespace korrigo::itest {

std::unique_ptr<app::Application> OpenApplication(const TestServer& server) {
  auto config = core::ConfigFromValues({{"KORRIGO_DATA_DIR", server.data_dir()},
                                        {"KORRIGO_DATABASE_URL", server.database().url()},
                                        {"KORRIGO_DB_POOL_SIZE", "2"}});
  EXPECT_TRUE(config.ok());
  auto application = app::Application::Open(*config);
  EXPECT_TRUE(application.ok()) << (application.ok() ? "" : application.error().message);
  return application.ok() ? std::move(*application) : nullptr;
}

int64_t SeedUser(app::Application& app, const std::string& username, const std::string& role,
                 const std::string& password, bool must_change) {
  auth::NewUserInput in{.username = username,
                        .email = std::nullopt,
                        .display_name = "Test " + username,
                        .role = role,
                        .credential = "password",
                        .password = password};
  auto user = app.users().CreateWithPassword(in, must_change, /*skip_policy=*/true,
                                             audit::AuditContext::System("test"));
  EXPECT_TRUE(user.ok()) << (user.ok() ? "" : user.error().message);
  return user.ok() ? user->id : 0;
}

Session Login(uint16_t port, const std::string& login, const std::string& password) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/api/v1/auth/login";
  request.headers = {{"Origin", "http://127.0.0.1:" + std::to_string(port)},
                     {"Content-Type", "application/json"}};
  request.body = nlohmann::json{{"login", login}, {"password", password}}.dump();
  Session s;
  auto response = Fetch(port, request);
  if (!response.ok()) return s;
  s.status = response->status;
  s.body = response->Json();
  std::string set_cookie = response->Header("set-cookie");
  s.cookie = set_cookie.substr(0, set_cookie.find(';'));
  if (s.body.is_object() && s.body.contains("csrf_token")) s.csrf = s.body["csrf_token"];
  return s;
}

std::vector<std::pair<std::string, std::string>> BrowserHeaders(uint16_t port,
                                                                const Session& session) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Origin", "http://127.0.0.1:" + std::to_string(port)}, {"Content-Type", "application/json"}};
  if (!session.cookie.empty()) headers.emplace_back("Cookie", session.cookie);
  if (!session.csrf.empty()) headers.emplace_back("X-CSRF-Token", session.csrf);
  return headers;
}

HttpResponse Call(uint16_t port, const Session& session, const std::string& method,
                  const std::string& target, const std::string& body) {
  HttpRequest request{
      .method = method, .target = target, .headers = BrowserHeaders(port, session), .body = body};
  auto response = Fetch(port, request);
  EXPECT_TRUE(response.ok()) << method << " " << target;
  return response.ok() ? *response : HttpResponse{};
}

}  // namespace korrigo::itest
