// Anonymous ids against a real database: concurrent allocations never overlap and leave no gap,
// and a rolled-back allocation gives its numbers back.
#include "scans/copy_store.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "testing/test_database.h"

namespace korrigo::scans {
namespace {

int64_t InsertExam(storage::Database& db) {
  auto id = db.WithSession([](soci::session& s) -> core::Result<int64_t> {
    long long id = 0;
    s << "INSERT INTO exams (name, search_key, created_at, updated_at) VALUES ('Bac blanc', "
         "'bac blanc', 0, 0) RETURNING id",
        soci::into(id);
    return id;
  });
  EXPECT_TRUE(id.ok());
  return *id;
}

TEST(CopyStoreTest, ConcurrentAllocationsAreDisjointAndGapless) {
  korrigo::testing::TestDatabase tdb;
  auto db = tdb.Open(8);
  const int64_t exam = InsertExam(*db);
  CopyStore store(*db);
  std::mutex mu;
  std::vector<int> firsts;
  std::set<std::string> prefixes;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto got =
            db->InTransaction([&](soci::session& tx) -> core::Result<std::pair<std::string, int>> {
              return store.AllocateSequences(tx, exam, 1 + t % 3);
            });
        ASSERT_TRUE(got.ok()) << got.error().message;
        std::lock_guard lock(mu);
        prefixes.insert(got->first);
        for (int k = 0; k < 1 + t % 3; ++k) firsts.push_back(got->second + k);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(prefixes.size(), 1u);  // one prefix per exam, created once
  EXPECT_EQ(prefixes.begin()->size(), 3u);
  std::sort(firsts.begin(), firsts.end());
  ASSERT_EQ(firsts.size(), 5u * (1 + 2 + 3 + 1 + 2 + 3));
  for (size_t i = 0; i < firsts.size(); ++i) EXPECT_EQ(firsts[i], static_cast<int>(i) + 1);
}

TEST(CopyStoreTest, RolledBackAllocationIsGivenAgain) {
  korrigo::testing::TestDatabase tdb;
  auto db = tdb.Open();
  const int64_t exam = InsertExam(*db);
  CopyStore store(*db);
  auto failed = db->InTransaction([&](soci::session& tx) -> core::Status {
    store.AllocateSequences(tx, exam, 4);
    return core::Error::Internal("rollback");
  });
  EXPECT_FALSE(failed.ok());
  auto next =
      db->InTransaction([&](soci::session& tx) -> core::Result<std::pair<std::string, int>> {
        return store.AllocateSequences(tx, exam, 1);
      });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->second, 1);
  EXPECT_EQ(FormatAnonymousId(next->first, next->second).size(), 7u);  // "K7Q-001"
  EXPECT_EQ(FormatAnonymousId("K7Q", 1234), "K7Q-1234");
}

}  // namespace
}  // namespace korrigo::scans
