// Scratch directories and per-test databases on SQLite or PostgreSQL.
#include "testing/test_database.h"

#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include "core/log.h"
#include "core/random.h"
#include "storage/migration.h"

namespace korrigo::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::filesystem::path dir =
      std::filesystem::path(base && *base ? base : "/tmp") / ("korrigo-test-" + core::RandomHex(8));
  std::filesystem::create_directories(dir);
  path_ = dir.string();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

// "postgresql://u@h:p/old?x" with the database name replaced.
std::string WithDatabase(const std::string& url, const std::string& name) {
  std::string base = url;
  std::string params;
  if (size_t q = base.find('?'); q != std::string::npos) {
    params = base.substr(q);
    base = base.substr(0, q);
  }
  size_t slash = base.rfind('/');
  if (slash == std::string::npos || slash < base.find("://") + 3) return base + "/" + name + params;
  return base.substr(0, slash + 1) + name + params;
}

void Exec(const std::string& url, const std::string& sql) {
  auto db = storage::Database::Open(url, 1);
  if (!db) throw std::runtime_error("cannot reach PostgreSQL: " + db.error().message);
  auto done = (*db)->WithSession([&](soci::session& s) -> core::Status {
    s << sql;
    return {};
  });
  if (!done) throw std::runtime_error("statement failed: " + done.error().message);
}

// The migrated template of this process, created on first use and dropped at exit.
const std::string& MigratedTemplate(const std::string& admin_url) {
  static std::string name;
  static std::once_flag once;
  std::call_once(once, [&] {
    name = "korrigo_tpl_" + core::RandomHex(6);
    Exec(admin_url, "CREATE DATABASE " + name);
    {
      auto db = storage::Database::Open(WithDatabase(admin_url, name), 1);
      if (!db) throw std::runtime_error("cannot open template: " + db.error().message);
      storage::Migrator migrator(**db, storage::BuiltinMigrations());
      if (!migrator.ApplyPending()) throw std::runtime_error("cannot migrate template");
    }  // closed: a template must have no connection while it is copied
    static std::string admin = admin_url;
    std::atexit([] {
      try {
        Exec(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (...) {
      }
    });
  });
  return name;
}

}  // namespace

TestDatabase::TestDatabase(Schema schema) {
  // Tests print only warnings and errors unless asked (KORRIGO_TEST_LOG=debug|info).
  const char* level = std::getenv("KORRIGO_TEST_LOG");
  core::InitLogging(level && *level ? level : "warn");
  const char* pg = std::getenv("KORRIGO_TEST_DATABASE_URL");
  if (pg == nullptr || *pg == '\0') {
    url_ = "sqlite:" + dir_.path() + "/test.db";
    return;
  }
  admin_url_ = pg;
  name_ = "korrigo_test_" + core::RandomHex(6);
  if (schema == Schema::kMigrated) {
    AdminExec("CREATE DATABASE " + name_ + " TEMPLATE " + MigratedTemplate(admin_url_));
  } else {
    AdminExec("CREATE DATABASE " + name_);
  }
  url_ = WithDatabase(admin_url_, name_);
}

TestDatabase::~TestDatabase() {
  if (!is_postgres()) return;
  try {
    AdminExec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << "could not drop test database " << name_ << ": " << e.what() << "\n";
  }
}

void TestDatabase::AdminExec(const std::string& sql) const { Exec(admin_url_, sql); }

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
