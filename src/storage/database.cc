// Opening, pooling and reconnecting database sessions, and the dialect-specific session settings.
#include "storage/database.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "core/log.h"
#include "storage/statement_cache.h"

namespace korrigo::storage {
namespace {

constexpr int kLeaseTimeoutMs = 10'000;

// SQLite accepts "sqlite:PATH" (also sqlite://PATH); the path may be relative.
std::string SqlitePath(const std::string& url) {
  std::string path = url.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  return path;
}

// SOCI passes its own parameter syntax to libpq, not URIs, so a postgresql:// URL is turned into
// libpq's keyword='value' form here, by libpq's own parser.
core::Result<std::string> PostgresConnInfo(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string message = error ? error : "";
    PQfreemem(error);
    return core::Error::InvalidArgument("URL PostgreSQL invalide : " + message);
  }
  std::string conninfo;
  bool has_connect_timeout = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    if (std::string_view(o->keyword) == "connect_timeout") has_connect_timeout = true;
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\'' || *c == '\\') value += '\\';
      value += *c;
    }
    conninfo += fmt::format("{}{}='{}'", conninfo.empty() ? "" : " ", o->keyword, value);
  }
  PQconninfoFree(options);
  // A server that does not answer must not hold a request (or the readiness probe) for minutes.
  if (!has_connect_timeout) conninfo += " connect_timeout='5'";
  return conninfo;
}

}  // namespace

Database::Database(std::string url, Dialect dialect, int pool_size)
    : url_(std::move(url)),
      dialect_(dialect),
      pool_(static_cast<size_t>(pool_size)),
      pool_size_(pool_size) {}

Database::~Database() {
  for (int i = 0; i < pool_size_; ++i) ForgetStatementsOf(pool_.at(static_cast<size_t>(i)));
}

core::Result<std::unique_ptr<Database>> Database::Open(const std::string& url, int pool_size) {
  Dialect dialect;
  if (url.rfind("sqlite:", 0) == 0) {
    if (SqlitePath(url).empty())
      return core::Error::InvalidArgument("Chemin SQLite vide dans l'URL de la base.");
    dialect = Dialect::kSqlite;
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    dialect = Dialect::kPostgres;
    if (auto conninfo = PostgresConnInfo(url); !conninfo) return conninfo.take_error();
  } else {
    return core::Error::InvalidArgument(
        "URL de base de données non reconnue (sqlite: ou postgresql://).");
  }
  std::unique_ptr<Database> db(new Database(url, dialect, pool_size));
  for (int i = 0; i < pool_size; ++i) {
    soci::session& session = db->pool_.at(static_cast<size_t>(i));
    if (core::Status s = db->Connect(session); !s) return s.take_error();
    KeepStatementsOf(session);
  }
  return db;
}

core::Status Database::Connect(soci::session& s) {
  ClearStatementsOf(s);  // they belong to the connection being replaced
  try {
    // A session whose connection broke still holds its backend (is_connected() is false, but open()
    // would refuse with "already connected"): always release it before opening again.
    if (s.get_backend() != nullptr) {
      try {
        s.close();
      } catch (...) {
      }
    }
    if (dialect_ == Dialect::kSqlite) {
      s.open("sqlite3", fmt::format("db={} timeout=30", SqlitePath(url_)));
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA synchronous=NORMAL";
      s << "PRAGMA busy_timeout=30000";
    } else {
      s.open("postgresql", PostgresConnInfo(url_).value());
      s << "SET client_min_messages = warning";
      s << "SET lock_timeout = '5s'";
      s << "SET statement_timeout = '30s'";
      s << "SET idle_in_transaction_session_timeout = '60s'";
    }
    return {};
  } catch (...) {
    return ErrorFromException(std::current_exception(), "connect");
  }
}

Database::Lease::~Lease() {
  if (db_) db_->pool_.give_back(pos_);
}

soci::session& Database::Lease::operator*() const { return db_->pool_.at(pos_); }

core::Result<Database::Lease> Database::Acquire() {
  size_t pos = 0;
  if (!pool_.try_lease(pos, kLeaseTimeoutMs)) {
    core::LogWarn("db.pool_exhausted", {{"pool_size", pool_size_}});
    return core::Error::Unavailable("La base de données est saturée ; réessayez dans un instant.");
  }
  Lease lease(this, pos);
  soci::session& s = pool_.at(pos);
  if (!s.is_connected() || s.get_backend() == nullptr) {
    if (core::Status st = Connect(s); !st) return st.take_error();
  }
  return lease;
}

void Database::Begin(soci::session& s) {
  if (dialect_ == Dialect::kSqlite) {
    s << "BEGIN IMMEDIATE";
  } else {
    s << "BEGIN";
  }
}

void Database::LockRow(soci::session& tx, const char* table, int64_t id) const {
  if (dialect_ != Dialect::kPostgres) return;
  long long key = id, found = 0;
  tx << fmt::format("SELECT id FROM {} WHERE id = :id FOR UPDATE", table), soci::use(key),
      soci::into(found);
}

core::Status Database::Ping() {
  return WithSession([](soci::session& s) -> core::Status {
    int one = 0;
    s << "SELECT 1", soci::into(one);
    if (one != 1) return core::Error::Unavailable("La base de données ne répond pas correctement.");
    return {};
  });
}

core::Error Database::ErrorFromException(std::exception_ptr e, const char* context) {
  std::string what = "unknown exception";
  bool connection_lost = false;
  try {
    std::rethrow_exception(e);
  } catch (const soci::soci_error& ex) {
    what = ex.what();
    connection_lost = ex.get_error_category() == soci::soci_error::connection_error;
  } catch (const std::exception& ex) {
    what = ex.what();
  } catch (...) {
  }
  // A dropped PostgreSQL connection surfaces as various categories; libpq's message says it
  // plainly.
  if (what.find("server closed the connection") != std::string::npos ||
      what.find("connection to server") != std::string::npos ||
      what.find("no connection to the server") != std::string::npos ||
      what.find("terminating connection") != std::string::npos ||
      what.find("Connection refused") != std::string::npos ||
      what.find("could not connect") != std::string::npos ||
      what.find("Cannot establish connection") != std::string::npos ||
      what.find("does not allow connections") != std::string::npos ||
      what.find("not accepting connections") != std::string::npos ||
      what.find("the database system is") != std::string::npos) {
    connection_lost = true;
  }
  if (what.find("UNIQUE constraint failed") != std::string::npos ||
      what.find("duplicate key value violates unique constraint") != std::string::npos) {
    core::LogWarn("db.unique_violation", {{"context", context}, {"error", what}});
    return core::Error::Conflict("Cette valeur existe déjà.");
  }
  core::LogError("db.error", {{"context", context}, {"error", what}});
  if (connection_lost) {
    // libpq now reports the session as CONNECTION_BAD, so the next Acquire of it reconnects.
    return core::Error::Unavailable(
        "La base de données est injoignable ; réessayez dans un instant.");
  }
  return core::Error::Internal("Erreur interne de la base de données.");
}

std::string Database::Translate(const std::string& sql) const {
  std::string out = sql;
  auto replace = [&out](const std::string& from, const std::string& to) {
    for (size_t pos = out.find(from); pos != std::string::npos;
         pos = out.find(from, pos + to.size())) {
      out.replace(pos, from.size(), to);
    }
  };
  if (dialect_ == Dialect::kSqlite) {
    replace("{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT");
    replace("{{blob}}", "BLOB");
  } else {
    replace("{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace("{{blob}}", "BYTEA");
  }
  return out;
}

}  // namespace korrigo::storage
