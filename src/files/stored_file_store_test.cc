// StoredFileStore on the test database (SQLite, or PostgreSQL with KORRIGO_TEST_DATABASE_URL), and
// orphan detection driven by the stored_files table.
#include "files/stored_file_store.h"

#include <gtest/gtest.h>

#include "files/local_file_store.h"
#include "testing/test_database.h"

namespace korrigo::files {
namespace {

constexpr int64_t kNow = 1'794'800'000'000;

class StoredFileStoreTest : public ::testing::Test {
 protected:
  StoredFileStoreTest() : db_(tdb_.Open()) {}

  core::Status Record(const StoredFile& file) {
    return db_->InTransaction(
        [&](soci::session& tx) { return rows_.Record(tx, file, "application/pdf", kNow); });
  }
  bool Exists(const std::string& key) {
    auto r = db_->WithSession([&](soci::session& s) { return rows_.Exists(s, key); });
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  }

  korrigo::testing::TestDatabase tdb_;
  std::unique_ptr<storage::Database> db_;
  StoredFileStore rows_;
};

TEST_F(StoredFileStoreTest, RecordFindExistsRemove) {
  StoredFile file{NewKey(kNow, "pdf"), std::string(64, 'c'), 5'000'000'000};
  ASSERT_TRUE(Record(file).ok());
  EXPECT_TRUE(Exists(file.key));
  EXPECT_FALSE(Exists(NewKey(kNow, "pdf")));

  auto row = db_->WithSession([&](soci::session& s) { return rows_.Find(s, file.key); });
  ASSERT_TRUE(row.ok()) << row.error().message;
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->file.key, file.key);
  EXPECT_EQ((*row)->file.sha256_hex, file.sha256_hex);
  EXPECT_EQ((*row)->file.size_bytes, 5'000'000'000);  // BIGINT, beyond 32 bits
  EXPECT_EQ((*row)->content_type, "application/pdf");
  EXPECT_EQ((*row)->created_at, kNow);
  auto none =
      db_->WithSession([&](soci::session& s) { return rows_.Find(s, NewKey(kNow, "pdf")); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto removed = db_->InTransaction([&](soci::session& tx) { return rows_.Remove(tx, file.key); });
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(Exists(file.key));
  auto again = db_->InTransaction([&](soci::session& tx) { return rows_.Remove(tx, file.key); });
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

TEST_F(StoredFileStoreTest, DuplicateKeyIsAConflictAndRollbackLeavesNoRow) {
  StoredFile file{NewKey(kNow, "pdf"), std::string(64, 'a'), 1};
  ASSERT_TRUE(Record(file).ok());
  core::Status dup = Record(file);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);

  StoredFile rolled_back{NewKey(kNow, "pdf"), std::string(64, 'b'), 2};
  core::Status st = db_->InTransaction([&](soci::session& tx) -> core::Status {
    if (core::Status recorded = rows_.Record(tx, rolled_back, "image/png", kNow); !recorded)
      return recorded;
    return core::Error::Conflict("la suite de la transaction échoue");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(Exists(rolled_back.key));
}

TEST_F(StoredFileStoreTest, DrivesFindUnreferenced) {
  korrigo::testing::TempDir dir;
  core::FakeClock clock(kNow);
  LocalFileStore store(dir.path(), clock);
  auto recorded = store.PutBytes("recorded", "pdf");
  auto orphan = store.PutBytes("orphan", "pdf");
  ASSERT_TRUE(recorded.ok() && orphan.ok());
  ASSERT_TRUE(Record(*recorded).ok());
  // File mtimes are real time: put the fake clock two hours later, past the one-hour grace period.
  clock.Set(core::SystemClock::Instance().NowMs() + 2 * 3'600'000);
  auto is_referenced = [&](const std::string& key) {
    auto found = db_->WithSession([&](soci::session& s) { return rows_.Exists(s, key); });
    return !found.ok() || *found;  // when in doubt, keep the file
  };
  auto unreferenced = store.FindUnreferenced(is_referenced, 3'600'000);
  ASSERT_TRUE(unreferenced.ok());
  EXPECT_EQ(*unreferenced, std::vector<std::string>{orphan->key});
}

}  // namespace
}  // namespace korrigo::files
