// Migrations on the test database (SQLite, or PostgreSQL under `make test`): apply, re-apply,
// refuse newer schema.
#include "storage/migration.h"

#include <gtest/gtest.h>

#include "testing/test_database.h"

namespace korrigo::storage {
namespace {

TEST(SplitSqlStatementsTest, SplitsOutsideQuotesAndComments) {
  auto parts = SplitSqlStatements(
      "CREATE TABLE a (x TEXT DEFAULT ';');\n-- a comment; with a semicolon\nINSERT INTO a VALUES "
      "('x;y');"
      "/* block; */ SELECT 1;  \n\n");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "CREATE TABLE a (x TEXT DEFAULT ';')");
  EXPECT_EQ(parts[1], "INSERT INTO a VALUES ('x;y')");
  EXPECT_EQ(parts[2], "SELECT 1");
}

TEST(MigratorTest, AppliesBuiltinMigrationsOnceAndReportsUpToDate) {
  korrigo::testing::TestDatabase tdb;
  auto db = tdb.Open(2, /*migrate=*/false);
  Migrator migrator(*db, BuiltinMigrations());
  auto before = migrator.Status();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->current, 0);
  EXPECT_EQ(before->pending.size(), BuiltinMigrations().size());

  auto applied = migrator.ApplyPending();
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->size(), BuiltinMigrations().size());
  auto again = migrator.ApplyPending();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto after = migrator.Status();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->up_to_date());
  EXPECT_EQ(after->current, BuiltinMigrations().back().version);
}

TEST(MigratorTest, FailingMigrationIsRolledBackEntirely) {
  korrigo::testing::TestDatabase tdb;
  auto db = tdb.Open(2, false);
  std::vector<Migration> migrations{
      {1, "good", "CREATE TABLE things (id {{id}}, label TEXT NOT NULL)"},
      {2, "bad", "CREATE TABLE others (id INTEGER); INSERT INTO missing_table VALUES (1)"},
  };
  Migrator migrator(*db, migrations);
  auto result = migrator.ApplyPending();
  ASSERT_FALSE(result.ok());
  auto status = migrator.Status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->current, 1);
  // "others" must not exist: the failed migration left nothing behind.
  auto probe = db->WithSession([](soci::session& s) -> core::Status {
    int n = 0;
    s << "SELECT COUNT(*) FROM others", soci::into(n);
    return {};
  });
  EXPECT_FALSE(probe.ok());
}

TEST(MigratorTest, RefusesSchemaNewerThanBinary) {
  korrigo::testing::TestDatabase tdb;
  auto db = tdb.Open(2, true);
  std::vector<Migration> older{BuiltinMigrations().front()};
  Migrator migrator(*db, older);
  auto status = migrator.Status();
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->too_new());
  auto result = migrator.ApplyPending();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace korrigo::storage
