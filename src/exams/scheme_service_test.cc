// SchemeService against a real database: versions and stale edits, and the confirmation asked
// before a change touches scores already given (through a fake ScoredLeavesProvider, the seam
// grading fills in).
#include "exams/scheme_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "testing/test_database.h"

namespace korrigo::exams {
namespace {

class SchemeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tdb_.Open();
    audit_ = std::make_unique<audit::AuditStore>(*db_, clock_);
    users_ = std::make_unique<auth::UserService>(*db_, clock_, hasher_, *audit_, 3600 * 1000,
                                                 600 * 1000);
    exams_ = std::make_unique<ExamService>(*db_, clock_, *audit_, *users_);
    schemes_ = std::make_unique<SchemeService>(*db_, clock_, *audit_, *exams_);
    auto admin = users_->CreateWithPassword({.username = "admin1",
                                             .email = std::nullopt,
                                             .display_name = "Admin",
                                             .role = "admin",
                                             .credential = "password",
                                             .password = "cheval-agrafe-batterie"},
                                            false, false, ctx_);
    ASSERT_TRUE(admin.ok());
    admin_id_ = admin->id;
    ExamFields fields;
    fields.name = "Bac blanc";
    auto exam = exams_->Create(fields, admin_id_, ctx_);
    ASSERT_TRUE(exam.ok()) << exam.error().message;
    exam_id_ = exam->id;
    auto saved = schemes_->Replace(exam_id_, nlohmann::json::parse(R"([
        {"label": "Exercice 1", "children": [{"label": "1.a", "max_points": 2}, {"label": "1.b", "max_points": 1}]},
        {"label": "Exercice 2", "max_points": 3}])"),
                                   SchemeSource::kEdit, {.base_version = 1}, ctx_);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    scheme_ = *saved;
  }
  int64_t LeafId(const std::string& path) {
    for (const SchemeLeaf& leaf : Leaves(scheme_)) {
      if (leaf.path == path) return leaf.id;
    }
    return 0;
  }
  // The stored nodes with one leaf's max changed (or removed when max is empty).
  nlohmann::json Edited(int64_t leaf_id, std::optional<double> max) {
    nlohmann::json nodes = SchemeNodesToJson(scheme_);
    std::function<void(nlohmann::json&)> walk = [&](nlohmann::json& list) {
      for (auto it = list.begin(); it != list.end();) {
        if ((*it)["id"] == leaf_id && !max) {
          it = list.erase(it);
          continue;
        }
        if ((*it)["id"] == leaf_id) (*it)["max_points"] = *max;
        if (it->contains("children")) walk((*it)["children"]);
        ++it;
      }
    };
    walk(nodes);
    return nodes;
  }
  int64_t AuditCount(const std::string& action) {
    return audit_->Query({.action = action}, 0, 1)->total;
  }

  korrigo::testing::TestDatabase tdb_{korrigo::testing::TestDatabase::Schema::kMigrated};
  std::unique_ptr<storage::Database> db_;
  core::FakeClock clock_;
  auth::PasswordHasher hasher_{auth::PasswordHasher::ForTests()};
  std::unique_ptr<audit::AuditStore> audit_;
  std::unique_ptr<auth::UserService> users_;
  std::unique_ptr<ExamService> exams_;
  std::unique_ptr<SchemeService> schemes_;
  audit::AuditContext ctx_ = audit::AuditContext::System("test");
  int64_t exam_id_ = 0;
  int64_t admin_id_ = 0;
  Scheme scheme_;
};

TEST_F(SchemeServiceTest, SavesVersionsAndRefusesStaleEdits) {
  EXPECT_EQ(scheme_.version, 2);
  EXPECT_EQ(SchemeMax(scheme_), Points::Whole(6));
  auto stale = schemes_->Replace(exam_id_, Edited(LeafId("Exercice 2"), 4), SchemeSource::kEdit,
                                 {.base_version = 1}, ctx_);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, core::ErrorCode::kConflict);
  EXPECT_TRUE(stale.error().details.contains("current"));
  auto v1 = schemes_->GetVersion(exam_id_, 1, {.user_id = 0, .role = "admin"});
  ASSERT_TRUE(v1.ok());
  EXPECT_TRUE(v1->roots.empty());
  // The same tree again is not a new version.
  auto same = schemes_->Replace(exam_id_, SchemeNodesToJson(scheme_), SchemeSource::kEdit,
                                {.base_version = 2}, ctx_);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, 2);
  EXPECT_EQ(AuditCount("exam.scheme.updated"), 1);
}

TEST_F(SchemeServiceTest, ChangesTouchingScoresNeedConfirmation) {
  int64_t scored = LeafId("Exercice 1 > 1.a"), unscored = LeafId("Exercice 1 > 1.b");
  schemes_->SetScoredLeavesProvider([&](soci::session&, int64_t exam_id) {
    EXPECT_EQ(exam_id, exam_id_);
    return std::map<int64_t, std::vector<int64_t>>{{scored, {11, 12}}};
  });
  // Changing the max of a scored question: refused with the affected copies, nothing saved.
  auto refused = schemes_->Replace(exam_id_, Edited(scored, 3), SchemeSource::kEdit,
                                   {.base_version = 2}, ctx_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(refused.error().details["requires_confirmation"], true);
  EXPECT_EQ(refused.error().details["copies"], 2);
  EXPECT_EQ(refused.error().details["affected"][0]["node_id"], scored);
  EXPECT_EQ(refused.error().details["affected"][0]["path"], "Exercice 1 > 1.a");
  EXPECT_EQ(schemes_->Get(exam_id_, {.user_id = 0, .role = "admin"})->version, 2);

  // Deleting the scored question: refused too.
  auto deleted = schemes_->Replace(exam_id_, Edited(scored, std::nullopt), SchemeSource::kEdit,
                                   {.base_version = 2}, ctx_);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().details["requires_confirmation"], true);

  // Changing an unscored question needs nothing.
  auto free = schemes_->Replace(exam_id_, Edited(unscored, 1.5), SchemeSource::kEdit,
                                {.base_version = 2}, ctx_);
  ASSERT_TRUE(free.ok()) << free.error().message;
  EXPECT_EQ(free->version, 3);
  scheme_ = *free;

  // Confirmed: applied, and the audit entry says scores were affected.
  auto confirmed = schemes_->Replace(exam_id_, Edited(scored, 3), SchemeSource::kEdit,
                                     {.base_version = 3, .confirm = true}, ctx_);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->version, 4);
  auto entries = audit_->Query({.action = "exam.scheme.updated"}, 0, 1);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->entries.front().details["confirmed_affecting_scores"], true);
}

TEST_F(SchemeServiceTest, CopyFromAnotherExamGivesFreshIds) {
  ExamFields fields;
  fields.name = "Autre examen";
  auto other = exams_->Create(fields, admin_id_, ctx_);
  ASSERT_TRUE(other.ok());
  auto copied = schemes_->CopyFrom(other->id, exam_id_, {.base_version = 1}, ctx_);
  ASSERT_TRUE(copied.ok()) << copied.error().message;
  EXPECT_EQ(copied->version, 2);
  EXPECT_EQ(SchemeMax(*copied), SchemeMax(scheme_));
  ASSERT_EQ(Leaves(*copied).size(), Leaves(scheme_).size());
  for (size_t i = 0; i < Leaves(scheme_).size(); ++i)
    EXPECT_EQ(Leaves(*copied)[i].path, Leaves(scheme_)[i].path);
  auto missing = schemes_->CopyFrom(other->id, 999999, {.base_version = 2}, ctx_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_F(SchemeServiceTest, TeachersReadOnlyTheSchemesOfTheirExams) {
  auto teacher = users_->CreateWithPassword({.username = "prof1",
                                             .email = std::nullopt,
                                             .display_name = "Prof Un",
                                             .role = "teacher",
                                             .credential = "password",
                                             .password = "cheval-agrafe-batterie"},
                                            false, false, ctx_);
  ASSERT_TRUE(teacher.ok());
  Viewer viewer{.user_id = teacher->id, .role = "teacher"};
  auto hidden = schemes_->Get(exam_id_, viewer);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(exams_->SetCorrectors(exam_id_, {teacher->id}, ctx_).ok());
  EXPECT_TRUE(schemes_->Get(exam_id_, viewer).ok());
}

}  // namespace
}  // namespace korrigo::exams
