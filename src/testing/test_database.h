// Test support: a scratch directory and a fresh, empty database per test. The database is SQLite in
// the scratch directory, or, when KORRIGO_TEST_DATABASE_URL names a PostgreSQL server
// (postgresql://user@127.0.0.1:port/db), a new database created on that server and dropped
// afterwards. `make test` runs every suite both ways.
#pragma once

#include <memory>
#include <string>

#include "storage/database.h"

namespace korrigo::testing {

// A directory under $TMPDIR removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TestDatabase {
 public:
  // kEmpty: a database with no tables. kMigrated: already at the latest schema; on PostgreSQL it is
  // copied from a template migrated once per test process, which is much faster than migrating
  // every test's database.
  enum class Schema { kEmpty, kMigrated };

  explicit TestDatabase(
      Schema schema = Schema::kEmpty);  // aborts the test binary if it cannot be created
  ~TestDatabase();

  // The URL a server or a second Database can open.
  const std::string& url() const { return url_; }
  bool is_postgres() const { return !admin_url_.empty(); }
  // A pool opened on url(), with migrations applied when `migrate` is true.
  std::unique_ptr<storage::Database> Open(int pool_size = 4, bool migrate = true) const;
  // Runs one statement on the PostgreSQL server's maintenance connection (e.g. to cut off the test
  // database).
  void AdminExec(const std::string& sql) const;
  const std::string& name() const { return name_; }

 private:
  TempDir dir_;
  std::string url_;
  std::string admin_url_;
  std::string name_;
};

}  // namespace korrigo::testing
