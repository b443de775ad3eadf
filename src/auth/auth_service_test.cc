// Login, sessions (timeouts with a fake clock), throttling windows, password change and one-time
// codes, on the test database (SQLite, or PostgreSQL under `make test`).
#include "auth/auth_service.h"

#include <gtest/gtest.h>

#include "auth/user_service.h"
#include "testing/test_database.h"

namespace korrigo::auth {
namespace {

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tdb_.Open();
    audit_ = std::make_unique<audit::AuditStore>(*db_, clock_);
    service_ = std::make_unique<AuthService>(*db_, clock_, hasher_, *audit_, sessions_, throttle_);
    users_ = std::make_unique<UserService>(*db_, clock_, hasher_, *audit_, 3600 * 1000, 600 * 1000);
    ctx_.ip = "192.0.2.10";
    ctx_.user_agent = "test";
  }

  User MakeUser(const std::string& username, const std::string& password,
                const std::string& role = "teacher", bool must_change = false) {
    NewUserInput in;
    in.username = username;
    in.display_name = "Claire Martin";
    in.role = role;
    in.password = password;
    auto u =
        users_->CreateWithPassword(in, must_change, false, audit::AuditContext::System("test"));
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
    return *u;
  }

  int CountAudit(const std::string& action) {
    audit::AuditFilter f;
    f.action = action;
    auto page = audit_->Query(f, 0, 500);
    return page.ok() ? static_cast<int>(page->total) : -1;
  }

  korrigo::testing::TestDatabase tdb_{korrigo::testing::TestDatabase::Schema::kMigrated};
  std::unique_ptr<storage::Database> db_;
  core::FakeClock clock_;
  PasswordHasher hasher_{PasswordHasher::ForTests()};
  SessionSettings sessions_{.idle_timeout_ms = 2 * 3600 * 1000LL,
                            .max_age_ms = 12 * 3600 * 1000LL,
                            .logout_other_sessions = true};
  ThrottleLimits throttle_{
      .enabled = true, .max_per_account = 5, .max_per_ip = 30, .window_ms = 15 * 60 * 1000};
  std::unique_ptr<audit::AuditStore> audit_;
  std::unique_ptr<AuthService> service_;
  std::unique_ptr<UserService> users_;
  audit::AuditContext ctx_;
};

TEST_F(AuthServiceTest, LoginByUsernameOrEmailIgnoringCaseCreatesASession) {
  MakeUser("cmartin", "cheval-agrafe-batterie");
  auto login = service_->Login("CMartin", "cheval-agrafe-batterie", ctx_);
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->token.size(), 64u);
  EXPECT_EQ(login->csrf_token.size(), 64u);
  auto principal = service_->Authenticate(login->token);
  ASSERT_TRUE(principal.ok());
  ASSERT_TRUE(principal->has_value());
  EXPECT_EQ((*principal)->username, "cmartin");
  EXPECT_EQ((*principal)->csrf_token, login->csrf_token);
  EXPECT_EQ(CountAudit("auth.login.succeeded"), 1);
  // The token itself is never stored.
  auto stored = db_->WithSession([&](soci::session& s) -> core::Result<int> {
    int n = 0;
    s << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(login->token),
        soci::into(n);
    return n;
  });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, 0);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  MakeUser("cmartin", "cheval-agrafe-batterie");
  auto wrong = service_->Login("cmartin", "not-the-password", ctx_);
  auto unknown = service_->Login("nobody", "not-the-password", ctx_);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(CountAudit("auth.login.failed"), 2);
}

TEST_F(AuthServiceTest, SixthWrongPasswordIsThrottledUntilTheWindowPasses) {
  MakeUser("cmartin", "cheval-agrafe-batterie");
  for (int i = 0; i < 5; ++i) {
    auto r = service_->Login("cmartin", "wrong-password-" + std::to_string(i), ctx_);
    ASSERT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
    clock_.Advance(1000);
  }
  auto sixth =
      service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);  // even the right password waits
  ASSERT_FALSE(sixth.ok());
  EXPECT_EQ(sixth.error().code, core::ErrorCode::kTooManyRequests);
  EXPECT_EQ(sixth.error().message, "Identifiant ou mot de passe incorrect.");
  int64_t wait = sixth.error().details["retry_after_s"];
  EXPECT_GT(wait, 15 * 60 - 10);
  EXPECT_LE(wait, 15 * 60);
  // Another account from another IP is not affected.
  MakeUser("pdurand", "trombone-violet-42x");
  audit::AuditContext other = ctx_;
  other.ip = "198.51.100.7";
  EXPECT_TRUE(service_->Login("pdurand", "trombone-violet-42x", other).ok());
  clock_.Advance(wait * 1000);
  EXPECT_TRUE(service_->Login("cmartin", "cheval-agrafe-batterie", ctx_).ok());
}

TEST_F(AuthServiceTest, IpLimitCoversUnknownAccounts) {
  ThrottleLimits tight = throttle_;
  tight.max_per_ip = 3;
  AuthService service(*db_, clock_, hasher_, *audit_, sessions_, tight);
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(service.Login("user" + std::to_string(i), "xxxxxxxxxxxxxx", ctx_).ok());
  auto r = service.Login("someone-else", "xxxxxxxxxxxxxx", ctx_);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooManyRequests);
}

TEST_F(AuthServiceTest, SessionsExpireWhenIdleAndAtTheirMaximumAge) {
  MakeUser("cmartin", "cheval-agrafe-batterie");
  auto login = service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);
  ASSERT_TRUE(login.ok());
  clock_.Advance(2 * 3600 * 1000LL - 1000);
  EXPECT_TRUE(service_->Authenticate(login->token)->has_value());  // used just in time: refreshed
  clock_.Advance(2 * 3600 * 1000LL + 1000);
  EXPECT_FALSE(service_->Authenticate(login->token)->has_value());  // idle too long

  auto second = service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);
  ASSERT_TRUE(second.ok());
  for (int hour = 0; hour < 12; ++hour) {
    clock_.Advance(3600 * 1000LL);
    ASSERT_TRUE(service_->Authenticate(second->token)->has_value()) << hour;
  }
  clock_.Advance(60 * 1000);
  EXPECT_FALSE(service_->Authenticate(second->token)->has_value());  // absolute limit
}

TEST_F(AuthServiceTest, GarbageTokensAreSimplyUnknown) {
  for (const std::string& t :
       std::vector<std::string>{"", "abc", std::string(64, 'z'), std::string(200, 'a')}) {
    auto r = service_->Authenticate(t);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
  }
}

TEST_F(AuthServiceTest, PasswordChangeRotatesTheSessionAndEndsTheOthers) {
  MakeUser("cmartin", "cheval-agrafe-batterie", "teacher", /*must_change=*/true);
  auto a = service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);
  auto b = service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);
  ASSERT_TRUE(a.ok() && b.ok());
  auto principal = **service_->Authenticate(a->token);
  EXPECT_TRUE(principal.must_change_password);
  auto wrong =
      service_->ChangePassword(principal, "bad-current-password", "tambour-lointain-77", ctx_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().details["field"], "current_password");
  auto weak = service_->ChangePassword(principal, "cheval-agrafe-batterie", "motdepasse123", ctx_);
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(CountAudit("auth.password.changed"), 0);
  auto changed =
      service_->ChangePassword(principal, "cheval-agrafe-batterie", "tambour-lointain-77", ctx_);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_NE(changed->token, a->token);
  EXPECT_FALSE(service_->Authenticate(a->token)->has_value());
  EXPECT_FALSE(service_->Authenticate(b->token)->has_value());
  auto now = service_->Authenticate(changed->token);
  ASSERT_TRUE(now->has_value());
  EXPECT_FALSE((*now)->must_change_password);
  EXPECT_EQ(CountAudit("auth.password.changed"), 1);
  EXPECT_TRUE(service_->Login("cmartin", "tambour-lointain-77", ctx_).ok());
}

TEST_F(AuthServiceTest, ActivationCodeWorksOnceAndExpires) {
  NewUserInput in{.username = "ldupont",
                  .email = std::nullopt,
                  .display_name = "Léa Dupont",
                  .role = "teacher",
                  .credential = "activation_code",
                  .password = ""};
  auto created = users_->Create(in, ctx_);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->activation_code.has_value());
  EXPECT_FALSE(service_->Login("ldupont", "anything-at-all", ctx_).ok());  // no password yet
  std::string typed = *created->activation_code;
  std::transform(typed.begin(), typed.end(), typed.begin(),
                 ::tolower);  // users type lower case too
  auto weak = service_->Activate(typed, "motdepasse2024", ctx_);
  EXPECT_FALSE(weak.ok());
  auto ok = service_->Activate(typed, "girafe-orange-plume", ctx_);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(service_->Login("ldupont", "girafe-orange-plume", ctx_).ok());
  auto again = service_->Activate(*created->activation_code, "autre-girafe-verte", ctx_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(CountAudit("auth.account.activated"), 1);

  auto reset = users_->ResetPassword(ok->id, ctx_);
  ASSERT_TRUE(reset.ok());
  clock_.Advance(601 * 1000);  // reset codes live 600 s in this test
  EXPECT_FALSE(service_->Activate(*reset->activation_code, "girafe-bleue-plume", ctx_).ok());
  EXPECT_FALSE(service_->Activate("2222-2222-2222", "girafe-bleue-plume", ctx_).ok());
  EXPECT_FALSE(service_->Activate("not a code", "girafe-bleue-plume", ctx_).ok());
}

TEST_F(AuthServiceTest, LogoutEndsTheSessions) {
  auto user = MakeUser("cmartin", "cheval-agrafe-batterie");
  auto a = service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);
  auto b = service_->Login("cmartin", "cheval-agrafe-batterie", ctx_);
  auto principal = **service_->Authenticate(a->token);
  ASSERT_TRUE(service_->Logout(principal, ctx_).ok());
  EXPECT_FALSE(service_->Authenticate(a->token)->has_value());
  EXPECT_FALSE(service_->Authenticate(b->token)->has_value());
  EXPECT_EQ(CountAudit("auth.logout"), 1);
}

TEST_F(AuthServiceTest, DeactivatedUsersCannotLogInAndLoseTheirSessions) {
  auto admin = MakeUser("admin1", "cheval-agrafe-batterie", "admin");
  auto teacher = MakeUser("cmartin", "trombone-violet-42x");
  auto login = service_->Login("cmartin", "trombone-violet-42x", ctx_);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(users_->Update(teacher.id, {.active = false}, admin.id, ctx_).ok());
  EXPECT_FALSE(service_->Authenticate(login->token)->has_value());
  EXPECT_EQ(service_->Login("cmartin", "trombone-violet-42x", ctx_).error().code,
            core::ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace korrigo::auth
