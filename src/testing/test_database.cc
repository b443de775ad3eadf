// Scratch directories and per-test databases on SQLite or PostgreSQL.
#include "testing/test_database.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include <soci/soci.h>

#include "core/random.h"
#include "storage/migration.h"

namespace korrigo::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::filesystem::path dir = std::filesystem::path(base && *base ? base : "/tmp") /
                              ("korrigo-test-" + core::RandomHex(8));
  std::filesystem::create_directories(dir);
  path_ = dir.string();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestDatabase::TestDatabase() {
  const char* pg = std::getenv("KORRIGO_TEST_DATABASE_URL");
  if (pg == nullptr || *pg == '\0') {
    url_ = "sqlite:" + dir_.path() + "/test.db";
    return;
  }
  admin_url_ = pg;
  name_ = "korrigo_test_" + core::RandomHex(6);
  AdminExec("CREATE DATABASE " + name_);
  // Replace the database name at the end of the admin URL (postgresql://user@host:port/NAME[?params]).
  std::string base = admin_url_;
  std::string params;
  if (size_t q = base.find('?'); q != std::string::npos) {
    params = base.substr(q);
    base = base.substr(0, q);
  }
  size_t slash = base.rfind('/');
  if (slash == std::string::npos || slash < base.find("://") + 3) {
    url_ = base + "/" + name_ + params;
  } else {
    url_ = base.substr(0, slash + 1) + name_ + params;
  }
}

TestDatabase::~TestDatabase() {
  if (!is_postgres()) return;
  try {
    AdminExec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << "could not drop test database " << name_ << ": " << e.what() << "\n";
  }
}

void TestDatabase::AdminExec(const std::string& sql) const {
  auto admin = storage::Database::Open(admin_url_, 1);
  if (!admin) throw std::runtime_error("cannot reach PostgreSQL: " + admin.error().message);
  auto done = (*admin)->WithSession([&](soci::session& s) -> core::Status {
    s << sql;
    return {};
  });
  if (!done) throw std::runtime_error("admin statement failed: " + done.error().message);
}

std::unique_ptr<storage::Database> TestDatabase::Open(int pool_size, bool migrate) const {
  auto db = storage::Database::Open(url_, pool_size);
  if (!db) {
    std::cerr << "cannot open test database " << url_ << ": " << db.error().message << "\n";
    std::abort();
  }
  if (migrate) {
    storage::Migrator migrator(**db, storage::BuiltinMigrations());
    auto applied = migrator.ApplyPending();
    if (!applied) {
      std::cerr << "cannot migrate test database: " << applied.error().message << "\n";
      std::abort();
    }
  }
  return std::move(*db);
}

}  // namespace korrigo::testing
