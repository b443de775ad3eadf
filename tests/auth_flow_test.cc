// Accounts and sessions through the real server: login/logout/me, session fixation, expiry, CSRF
// and Origin checks, login throttling, the password-change gate, activation codes, and user
// administration with its audit.
#include <gtest/gtest.h>

#include <thread>

#include "support/accounts.h"

namespace korrigo::itest {
namespace {

const char* kPassword = "integration-pass-42";

class AuthFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = OpenApplication(server_);
    ASSERT_NE(app_, nullptr);
    admin_id_ = SeedUser(*app_, "direction", "admin", kPassword);
    teacher_id_ = SeedUser(*app_, "prof", "teacher", kPassword);
  }
  uint16_t port() const { return server_.port(); }
  int64_t AuditCount(const std::string& action) {
    auto page = app_audit().Query({.action = action}, 0, 1);
    return page.ok() ? page->total : -1;
  }
  audit::AuditStore& app_audit() {
    if (!audit_) {
      db_ = storage::Database::Open(server_.database().url(), 1).value().release();
      audit_ = std::make_unique<audit::AuditStore>(*db_, core::SystemClock::Instance());
    }
    return *audit_;
  }
  void TearDown() override {
    audit_.reset();
    delete db_;
  }

  TestServer server_;
  std::unique_ptr<app::Application> app_;
  storage::Database* db_ = nullptr;
  std::unique_ptr<audit::AuditStore> audit_;
  int64_t admin_id_ = 0;
  int64_t teacher_id_ = 0;
};

TEST_F(AuthFlowTest, LoginMeLogout) {
  ASSERT_TRUE(server_.Start());
  HttpResponse anonymous = Call(port(), {}, "GET", "/api/v1/auth/me");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.Json()["error"]["code"], "unauthenticated");

  HttpRequest login{.method = "POST",
                    .target = "/api/v1/auth/login",
                    .headers = {{"Origin", "http://127.0.0.1:" + std::to_string(port())},
                                {"Content-Type", "application/json"}},
                    .body = R"({"login":"PROF","password":"integration-pass-42"})"};
  auto response = Fetch(port(), login);
  ASSERT_TRUE(response.ok());
  ASSERT_EQ(response->status, 200) << response->body;
  std::string cookie = response->Header("set-cookie");
  EXPECT_NE(cookie.find("korrigo_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // development over http
  EXPECT_EQ(response->Json()["user"]["username"], "prof");
  EXPECT_EQ(response->Header("cache-control"), "no-store");

  Session s = Login(port(), "prof", kPassword);
  HttpResponse me = Call(port(), s, "GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["user"]["role"], "teacher");
  EXPECT_EQ(me.Json()["csrf_token"], s.csrf);
  EXPECT_FALSE(me.Json()["user"].contains("password_hash"));

  HttpResponse out = Call(port(), s, "POST", "/api/v1/auth/logout");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call(port(), s, "GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(AuditCount("auth.logout"), 1);
}

TEST_F(AuthFlowTest, CookiePlantedBeforeLoginIsNeverTheSessionAfter) {
  ASSERT_TRUE(server_.Start());
  std::string planted = "korrigo_session=" + std::string(64, 'a');
  HttpRequest login{.method = "POST",
                    .target = "/api/v1/auth/login",
                    .headers = {{"Origin", "http://127.0.0.1:" + std::to_string(port())},
                                {"Content-Type", "application/json"},
                                {"Cookie", planted}},
                    .body = R"({"login":"prof","password":"integration-pass-42"})"};
  auto response = Fetch(port(), login);
  ASSERT_TRUE(response.ok());
  ASSERT_EQ(response->status, 200);
  std::string issued = response->Header("set-cookie");
  issued = issued.substr(0, issued.find(';'));
  EXPECT_NE(issued, planted);
  EXPECT_EQ(Call(port(), Session{.cookie = planted}, "GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(Call(port(), Session{.cookie = issued}, "GET", "/api/v1/auth/me").status, 200);
}

TEST_F(AuthFlowTest, IdleSessionExpires) {
  server_.env()["KORRIGO_SESSION_IDLE_TIMEOUT"] = "1";
  ASSERT_TRUE(server_.Start());
  Session s = Login(port(), "prof", kPassword);
  ASSERT_EQ(s.status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  EXPECT_EQ(Call(port(), s, "GET", "/api/v1/auth/me").status, 401);
}

TEST_F(AuthFlowTest, StateChangesNeedTheCsrfTokenAndTheSiteOrigin) {
  ASSERT_TRUE(server_.Start());
  Session s = Login(port(), "direction", kPassword);
  ASSERT_EQ(s.status, 200);
  const std::string body =
      R"({"username":"nouveau","display_name":"Nouveau Prof","role":"teacher"})";
  for (const std::string& token : {std::string(), std::string("wrong"), s.csrf + "x"}) {
    Session forged = s;
    forged.csrf = token;
    HttpResponse r = Call(port(), forged, "POST", "/api/v1/users", body);
    EXPECT_EQ(r.status, 403) << token;
    EXPECT_EQ(r.Json()["error"]["code"], "csrf_failed");
  }
  HttpRequest cross{.method = "POST",
                    .target = "/api/v1/users",
                    .headers = {{"Origin", "https://evil.example"},
                                {"Cookie", s.cookie},
                                {"X-CSRF-Token", s.csrf},
                                {"Content-Type", "application/json"}},
                    .body = body};
  EXPECT_EQ(Fetch(port(), cross)->status, 403);
  HttpRequest cross_login{
      .method = "POST",
      .target = "/api/v1/auth/login",
      .headers = {{"Origin", "https://evil.example"}, {"Content-Type", "application/json"}},
      .body = R"({"login":"prof","password":"integration-pass-42"})"};
  EXPECT_EQ(Fetch(port(), cross_login)->status, 403);
  EXPECT_EQ(AuditCount("user.created"), 2);  // only the two seeded accounts
  EXPECT_EQ(Call(port(), s, "POST", "/api/v1/users", body).status, 201);
  EXPECT_EQ(AuditCount("user.created"), 3);
}

TEST_F(AuthFlowTest, SixthWrongPasswordIsThrottledWithRetryAfter) {
  ASSERT_TRUE(server_.Start());
  std::string first_message;
  for (int i = 0; i < 5; ++i) {
    Session s = Login(port(), "prof", "wrong-password-123");
    ASSERT_EQ(s.status, 401);
    first_message = s.body["error"]["message"];
  }
  HttpRequest login{.method = "POST",
                    .target = "/api/v1/auth/login",
                    .headers = {{"Origin", "http://127.0.0.1:" + std::to_string(port())},
                                {"Content-Type", "application/json"}},
                    .body = R"({"login":"prof","password":"integration-pass-42"})"};
  auto sixth = Fetch(port(), login);
  ASSERT_TRUE(sixth.ok());
  EXPECT_EQ(sixth->status, 429);
  EXPECT_EQ(sixth->Json()["error"]["message"], first_message);
  int retry_after = std::stoi(sixth->Header("retry-after"));
  EXPECT_GT(retry_after, 800);
  EXPECT_LE(retry_after, 900);
  EXPECT_EQ(AuditCount("auth.login.failed"), 6);
}

TEST_F(AuthFlowTest, MustChangePasswordGatesEverythingElse) {
  SeedUser(*app_, "admin2", "admin", kPassword, /*must_change=*/true);
  ASSERT_TRUE(server_.Start());
  Session s = Login(port(), "admin2", kPassword);
  ASSERT_EQ(s.status, 200);
  HttpResponse users = Call(port(), s, "GET", "/api/v1/users");
  EXPECT_EQ(users.status, 403);
  EXPECT_EQ(users.Json()["error"]["code"], "password_change_required");
  EXPECT_EQ(Call(port(), s, "GET", "/api/v1/auth/me").status, 200);
  HttpResponse changed =
      Call(port(), s, "POST", "/api/v1/auth/password",
           R"({"current_password":"integration-pass-42","new_password":"velo-rouge-montagne"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  Session renewed = s;
  std::string cookie = changed.Header("set-cookie");
  renewed.cookie = cookie.substr(0, cookie.find(';'));
  renewed.csrf = changed.Json()["csrf_token"];
  EXPECT_NE(renewed.cookie, s.cookie);
  EXPECT_EQ(Call(port(), s, "GET", "/api/v1/auth/me").status, 401);  // the old session ended
  EXPECT_EQ(Call(port(), renewed, "GET", "/api/v1/users").status, 200);
}

TEST_F(AuthFlowTest, AdminCreatesTeacherWhoActivatesWithTheCode) {
  ASSERT_TRUE(server_.Start());
  Session admin = Login(port(), "direction", kPassword);
  HttpResponse created =
      Call(port(), admin, "POST", "/api/v1/users",
           R"({"username":"l.dupont","display_name":"Léa Dupont","role":"teacher",)"
           R"("email":"lea.dupont@lycee.fr","credential":"activation_code"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string code = created.Json()["code"];
  EXPECT_EQ(Login(port(), "l.dupont", "anything-goes-here").status, 401);
  HttpResponse weak =
      Call(port(), {}, "POST", "/api/v1/auth/activate",
           nlohmann::json{{"code", code}, {"new_password", "dupont-2024-lea"}}.dump());
  EXPECT_EQ(weak.status, 422);
  HttpResponse ok =
      Call(port(), {}, "POST", "/api/v1/auth/activate",
           nlohmann::json{{"code", code}, {"new_password", "cerf-volant-bleu"}}.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Login(port(), "lea.dupont@lycee.fr", "cerf-volant-bleu").status, 200);
  EXPECT_EQ(Call(port(), {}, "POST", "/api/v1/auth/activate",
                 nlohmann::json{{"code", code}, {"new_password", "cerf-volant-vert"}}.dump())
                .status,
            422);
}

TEST_F(AuthFlowTest, UserAdministrationRulesAndTheirAudit) {
  ASSERT_TRUE(server_.Start());
  Session admin = Login(port(), "direction", kPassword);
  std::string self = "/api/v1/users/" + std::to_string(admin_id_);
  HttpResponse self_off = Call(port(), admin, "PATCH", self, R"({"active":false})");
  EXPECT_EQ(self_off.status, 409);
  EXPECT_EQ(Call(port(), admin, "PATCH", self, R"({"role":"teacher"})").status, 409);
  EXPECT_EQ(Call(port(), admin, "DELETE", self).status, 409);
  EXPECT_EQ(
      Call(port(), admin, "POST", "/api/v1/users", R"({"username":"x","role":"teacher"})").status,
      422);
  EXPECT_EQ(Call(port(), admin, "POST", "/api/v1/users", "not json").status, 422);
  EXPECT_EQ(AuditCount("user.updated"), 0);
  EXPECT_EQ(AuditCount("user.created"), 2);

  std::string teacher = "/api/v1/users/" + std::to_string(teacher_id_);
  Session prof = Login(port(), "prof", kPassword);
  HttpResponse renamed =
      Call(port(), admin, "PATCH", teacher, R"({"display_name":"Paul Roux","role":"admin"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["role"], "admin");
  EXPECT_EQ(Call(port(), prof, "GET", "/api/v1/auth/me").status,
            401);  // privilege change ends sessions
  EXPECT_EQ(AuditCount("user.updated"), 1);
  HttpResponse reset = Call(port(), admin, "POST", teacher + "/password-reset");
  ASSERT_EQ(reset.status, 200);
  EXPECT_TRUE(reset.Json().contains("code"));
  EXPECT_EQ(AuditCount("user.password.reset"), 1);
  EXPECT_EQ(Call(port(), admin, "DELETE", teacher).status, 204);
  EXPECT_EQ(Call(port(), admin, "GET", teacher).status, 404);
  EXPECT_EQ(AuditCount("user.deleted"), 1);

  HttpResponse log = Call(port(), admin, "GET", "/api/v1/audit-log?action=user.*&page_size=50");
  ASSERT_EQ(log.status, 200);
  EXPECT_GE(log.Json()["total"].get<int>(), 5);
  HttpResponse csv = Call(port(), admin, "GET", "/api/v1/audit-log/export.csv?action=user.deleted");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("user.deleted"), std::string::npos);
  EXPECT_EQ(Call(port(), admin, "GET", "/api/v1/audit-log?from=yesterday").status, 422);
}

}  // namespace
}  // namespace korrigo::itest
