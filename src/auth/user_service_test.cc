// Account administration rules: validation, uniqueness, self-protection, last admin, deletion
// guards, audit.
#include "auth/user_service.h"

#include <gtest/gtest.h>

#include "testing/test_database.h"

namespace korrigo::auth {
namespace {

class UserServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tdb_.Open();
    audit_ = std::make_unique<audit::AuditStore>(*db_, clock_);
    users_ = std::make_unique<UserService>(*db_, clock_, hasher_, *audit_, 3600 * 1000, 600 * 1000);
    auto admin = users_->CreateWithPassword({.username = "admin1",
                                             .email = std::nullopt,
                                             .display_name = "Admin Un",
                                             .role = "admin",
                                             .credential = "password",
                                             .password = "cheval-agrafe-batterie"},
                                            false, false, ctx_);
    ASSERT_TRUE(admin.ok());
    admin_ = *admin;
  }
  int64_t AuditCount() {
    auto page = audit_->Query({}, 0, 500);
    return page->total;
  }

  korrigo::testing::TestDatabase tdb_{korrigo::testing::TestDatabase::Schema::kMigrated};
  std::unique_ptr<storage::Database> db_;
  core::FakeClock clock_;
  PasswordHasher hasher_{PasswordHasher::ForTests()};
  std::unique_ptr<audit::AuditStore> audit_;
  std::unique_ptr<UserService> users_;
  audit::AuditContext ctx_ = audit::AuditContext::System("test");
  User admin_;
};

TEST_F(UserServiceTest, ParseRejectsBadInputWithTheField) {
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {{{"display_name", "X"}, {"role", "teacher"}}, "username"},
           {{{"username", "a"}, {"display_name", "X"}, {"role", "teacher"}}, "username"},
           {{{"username", "bad name"}, {"display_name", "X"}, {"role", "teacher"}}, "username"},
           {{{"username", "../etc"}, {"display_name", "X"}, {"role", "teacher"}}, "username"},
           {{{"username", "okname"}, {"display_name", ""}, {"role", "teacher"}}, "display_name"},
           {{{"username", "okname"}, {"display_name", "A\x01B"}, {"role", "teacher"}},
            "display_name"},
           {{{"username", "okname"}, {"display_name", "X"}, {"role", "student"}}, "role"},
           {{{"username", "okname"}, {"display_name", "X"}, {"role", "root"}}, "role"},
           {{{"username", "okname"}, {"display_name", "X"}, {"role", "teacher"}, {"email", "nope"}},
            "email"},
           {{{"username", 12}, {"display_name", "X"}, {"role", "teacher"}}, "username"},
           {{{"username", "okname"},
             {"display_name", "X"},
             {"role", "teacher"},
             {"is_admin", true}},
            "is_admin"},
           {{{"username", "okname"},
             {"display_name", "X"},
             {"role", "teacher"},
             {"credential", "password"}},
            "password"},
       }) {
    auto r = UserService::ParseNewUser(c.body);
    ASSERT_FALSE(r.ok()) << c.body.dump();
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().details.value("field", ""), c.field) << c.body.dump();
  }
  EXPECT_FALSE(UserService::ParseNewUser(nlohmann::json::array()).ok());
}

TEST_F(UserServiceTest, CreateWithGeneratedPasswordRequiresAChangeAndIsAudited) {
  auto in = UserService::ParseNewUser({{"username", "cmartin"},
                                       {"display_name", "Claire Martin"},
                                       {"role", "teacher"},
                                       {"email", "c@lycee.fr"}});
  ASSERT_TRUE(in.ok());
  int64_t before = AuditCount();
  auto created = users_->Create(*in, ctx_);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->one_time_password.has_value());
  EXPECT_TRUE(created->user.must_change_password);
  EXPECT_EQ(AuditCount(), before + 1);
  auto page = audit_->Query({.action = "user.created"}, 0, 10);
  EXPECT_EQ(page->entries.front().details.dump().find(*created->one_time_password),
            std::string::npos);
  // Same username in another case, or the same email: conflict, nothing written.
  auto dup =
      users_->Create(*UserService::ParseNewUser(
                         {{"username", "CMARTIN"}, {"display_name", "Autre"}, {"role", "teacher"}}),
                     ctx_);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  auto dup_email = users_->Create(*UserService::ParseNewUser({{"username", "autre"},
                                                              {"display_name", "Autre"},
                                                              {"role", "teacher"},
                                                              {"email", "C@LYCEE.FR"}}),
                                  ctx_);
  ASSERT_FALSE(dup_email.ok());
  EXPECT_EQ(AuditCount(), before + 1);
}

TEST_F(UserServiceTest, AdminChosenPasswordFollowsThePolicy) {
  auto in = UserService::ParseNewUser({{"username", "cmartin"},
                                       {"display_name", "Claire Martin"},
                                       {"role", "teacher"},
                                       {"credential", "password"},
                                       {"password", "azerty123456"}});
  ASSERT_TRUE(in.ok());
  auto created = users_->Create(*in, ctx_);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().details["field"], "password");
}

TEST_F(UserServiceTest, AdminsCannotDemoteDeactivateOrDeleteThemselvesNorTheLastAdmin) {
  auto self_demote = users_->Update(admin_.id, {.role = std::string("teacher")}, admin_.id, ctx_);
  EXPECT_EQ(self_demote.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(users_->Update(admin_.id, {.active = false}, admin_.id, ctx_).error().code,
            core::ErrorCode::kConflict);
  EXPECT_EQ(users_->Delete(admin_.id, admin_.id, ctx_).error().code, core::ErrorCode::kConflict);
  auto other = users_->CreateWithPassword({.username = "admin2",
                                           .email = std::nullopt,
                                           .display_name = "Admin Deux",
                                           .role = "admin",
                                           .credential = "password",
                                           .password = "trombone-violet-42x"},
                                          false, false, ctx_);
  ASSERT_TRUE(other.ok());
  // admin2 may demote admin1 now that two admins exist, but then cannot demote itself (last admin).
  ASSERT_TRUE(users_->Update(admin_.id, {.role = std::string("teacher")}, other->id, ctx_).ok());
  EXPECT_EQ(users_->Update(other->id, {.active = false}, admin_.id, ctx_).error().code,
            core::ErrorCode::kConflict);
  EXPECT_EQ(users_->Delete(other->id, admin_.id, ctx_).error().code, core::ErrorCode::kConflict);
}

TEST_F(UserServiceTest, DeletionGuardTurnsDeleteInto409WithAReason) {
  auto teacher = users_->CreateWithPassword({.username = "cmartin",
                                             .email = std::nullopt,
                                             .display_name = "Claire Martin",
                                             .role = "teacher",
                                             .credential = "password",
                                             .password = "trombone-violet-42x"},
                                            false, false, ctx_);
  ASSERT_TRUE(teacher.ok());
  users_->AddDeletionGuard(
      [id = teacher->id](soci::session&, int64_t user_id) -> std::optional<std::string> {
        if (user_id == id) return std::string("a corrigé 12 copies");
        return std::nullopt;
      });
  auto refused = users_->Delete(teacher->id, admin_.id, ctx_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("12 copies"), std::string::npos);
  EXPECT_EQ(audit_->Query({.action = "user.deleted"}, 0, 10)->total, 0);
  EXPECT_TRUE(users_->Get(teacher->id).ok());
}

TEST_F(UserServiceTest, ListSearchesWithoutAccentsAndPaginates) {
  for (auto [u, n] : std::vector<std::pair<std::string, std::string>>{
           {"eloise", "Éloïse Dupont"}, {"anais", "Anaïs Le Gall"}, {"pierre", "Pierre Martin"}}) {
    ASSERT_TRUE(users_
                    ->CreateWithPassword({.username = u,
                                          .email = std::nullopt,
                                          .display_name = n,
                                          .role = "teacher",
                                          .credential = "password",
                                          .password = "trombone-violet-42x"},
                                         false, true, ctx_)
                    .ok());
  }
  auto found = users_->List({.search = "ELOISE"}, 1, 10);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->users[0].display_name, "Éloïse Dupont");
  EXPECT_EQ(users_->List({.search = "le gall"}, 1, 10)->total, 1);
  EXPECT_EQ(users_->List({.search = "%"}, 1, 10)->total, 0);
  auto page2 = users_->List({.role = "teacher"}, 2, 2);
  EXPECT_EQ(page2->total, 3);
  EXPECT_EQ(page2->users.size(), 1u);
}

}  // namespace
}  // namespace korrigo::auth
