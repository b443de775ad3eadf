// Cached statements on the test database (SQLite, or PostgreSQL under `make test`): reused per
// pooled session, never kept for other sessions, dropped after a failure, and never holding a read
// snapshot past their use.
#include "storage/statement_cache.h"

#include <gtest/gtest.h>

#include <vector>

#include "testing/test_database.h"

namespace korrigo::storage {
namespace {

struct LabelsFrom : CachedStatement {
  long long from = 0;
  std::string label;
  soci::statement st;
  explicit LabelsFrom(soci::session& s)
      : st((s.prepare << "SELECT label FROM things WHERE id >= :f ORDER BY id", soci::use(from),
            soci::into(label))) {}
};

struct LabelOf : CachedStatement {
  long long id = 0;
  std::string label;
  soci::statement st;
  explicit LabelOf(soci::session& s)
      : st((s.prepare << "SELECT label FROM things WHERE id = :i", soci::use(id),
            soci::into(label))) {}
};

struct InsertThing : CachedStatement {
  long long id = 0;
  std::string label;
  soci::statement st;
  explicit InsertThing(soci::session& s)
      : st((s.prepare << "INSERT INTO things (id, label) VALUES (:i, :l)", soci::use(id),
            soci::use(label))) {}
};

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tdb_.Open(2, /*migrate=*/false);
    ASSERT_TRUE(db_->WithSession([](soci::session& s) -> core::Status {
                     s << "CREATE TABLE things (id BIGINT PRIMARY KEY, label TEXT NOT NULL)";
                     s << "INSERT INTO things (id, label) VALUES (1, 'un'), (2, 'deux'), (3, "
                          "'trois')";
                     return {};
                   })
                    .ok());
  }

  std::vector<std::string> Labels(soci::session& s, long long from) {
    std::vector<std::string> out;
    auto q = Cached<LabelsFrom>(s);
    q->from = from;
    ForEachRow(q->st, [&] { out.push_back(q->label); });
    return out;
  }

  korrigo::testing::TestDatabase tdb_;
  std::unique_ptr<Database> db_;
};

TEST_F(StatementCacheTest, PooledSessionReusesItsStatementWithNewValues) {
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  soci::session& s = **lease;
  LabelsFrom* first = &*Cached<LabelsFrom>(s);
  EXPECT_EQ(Labels(s, 2), (std::vector<std::string>{"deux", "trois"}));
  EXPECT_EQ(Labels(s, 1), (std::vector<std::string>{"un", "deux", "trois"}));
  EXPECT_EQ(Labels(s, 9), std::vector<std::string>{});
  EXPECT_EQ(&*Cached<LabelsFrom>(s), first);
  auto one = Cached<LabelOf>(s);
  one->id = 3;
  EXPECT_TRUE(ExecuteOne(one->st));
  EXPECT_EQ(one->label, "trois");
  one->id = 4;
  EXPECT_FALSE(ExecuteOne(one->st));
  // ExecuteOne is for lookups by key: a second row is a programming error, not a silent overwrite.
  auto many = Cached<LabelsFrom>(s);
  many->from = 1;
  EXPECT_THROW(ExecuteOne(many->st), std::logic_error);
  EXPECT_EQ(Labels(s, 3), std::vector<std::string>{"trois"});
}

TEST_F(StatementCacheTest, SessionOutsideAPoolGetsAFreshStatementEachTime) {
  soci::session own;
  if (tdb_.is_postgres()) GTEST_SKIP() << "the own session below is SQLite only";
  own.open("sqlite3", "db=:memory:");
  own << "CREATE TABLE things (id BIGINT PRIMARY KEY, label TEXT NOT NULL)";
  own << "INSERT INTO things (id, label) VALUES (5, 'cinq')";
  auto a = Cached<LabelsFrom>(own);
  auto b = Cached<LabelsFrom>(own);
  EXPECT_NE(&*a, &*b);
  EXPECT_EQ(Labels(own, 0), std::vector<std::string>{"cinq"});
}

TEST_F(StatementCacheTest, ReadsSeeOtherSessionsCommitsAndLeaveWritesPossible) {
  auto reader = db_->Acquire();
  ASSERT_TRUE(reader.ok());
  soci::session& r = **reader;
  // A read by key: the statement must not keep its snapshot open once the row is read.
  auto q = Cached<LabelOf>(r);
  q->id = 1;
  ASSERT_TRUE(ExecuteOne(q->st));
  EXPECT_EQ(q->label, "un");
  {
    auto writer = db_->Acquire();
    ASSERT_TRUE(writer.ok());
    **writer << "UPDATE things SET label = 'UN' WHERE id = 1";
  }
  // The reader's own connection can start a write transaction on the newest data.
  r << (db_->dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  auto insert = Cached<InsertThing>(r);
  insert->id = 4;
  insert->label = "quatre";
  insert->st.execute(true);
  r << "COMMIT";
  ASSERT_TRUE(ExecuteOne(q->st));
  EXPECT_EQ(q->label, "UN");
  EXPECT_EQ(Labels(r, 4), std::vector<std::string>{"quatre"});
}

TEST_F(StatementCacheTest, FailedTransactionDropsTheSessionsStatementsAndChangesNothing) {
  auto failed = db_->InTransaction([](soci::session& s) -> core::Status {
    auto insert = Cached<InsertThing>(s);
    insert->id = 10;
    insert->label = "dix";
    insert->st.execute(true);
    insert->id = 1;  // duplicate key: throws
    insert->label = "encore";
    insert->st.execute(true);
    return {};
  });
  EXPECT_FALSE(failed.ok());
  // The same statements work again afterwards (rebuilt), and the failed batch left nothing.
  for (int round = 0; round < 4; ++round) {
    auto ok = db_->InTransaction([&](soci::session& s) -> core::Status {
      auto insert = Cached<InsertThing>(s);
      insert->id = 20 + round;
      insert->label = "ok";
      insert->st.execute(true);
      return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
  }
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ(Labels(**lease, 10), (std::vector<std::string>{"ok", "ok", "ok", "ok"}));
}

}  // namespace
}  // namespace korrigo::storage
