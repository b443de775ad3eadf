// Database: a pool of SOCI sessions over SQLite (the embedded default) or PostgreSQL, chosen by
// URL, with one code path for both. Sessions are leased, checked and reconnected when the server
// dropped them; transactions run through InTransaction, which commits on success and rolls back on
// error or exception. SOCI exceptions never escape: they become Error values (unavailable when the
// database cannot be reached, internal otherwise).
#pragma once

#include <soci/soci.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>

#include "core/result.h"
#include "storage/statement_cache.h"

namespace korrigo::storage {

enum class Dialect { kSqlite, kPostgres };

class Database {
 public:
  // Opens `pool_size` sessions. `url` is "sqlite:PATH" or a libpq URI
  // "postgresql://user:pw@host:port/db". The parent directory of a SQLite file must exist. Errors:
  // invalid_argument (bad URL), unavailable.
  static core::Result<std::unique_ptr<Database>> Open(const std::string& url, int pool_size);
  ~Database();

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }

  // A session taken from the pool for the lifetime of the lease. Not thread-safe; one thread at a
  // time.
  class Lease {
   public:
    Lease(Database* db, size_t pos) : db_(db), pos_(pos) {}
    Lease(Lease&& other) noexcept : db_(other.db_), pos_(other.pos_) { other.db_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    soci::session& operator*() const;
    soci::session* operator->() const { return &**this; }

   private:
    Database* db_;
    size_t pos_;
  };

  // Leases a session, waiting at most 10 s for one to be free; reconnects it if it was dropped.
  core::Result<Lease> Acquire();

  // Runs fn(session) in a transaction (BEGIN IMMEDIATE on SQLite, so writers queue instead of
  // failing; a process's own SQLite writers queue on a mutex first). fn returns core::Result<T> or
  // core::Status; the transaction commits only when it is ok.
  template <typename F>
  auto InTransaction(F&& fn) -> std::invoke_result_t<F, soci::session&>;

  // Runs fn(session) without an explicit transaction (each statement autocommits). Same error
  // mapping.
  template <typename F>
  auto WithSession(F&& fn) -> std::invoke_result_t<F, soci::session&>;

  // Inside a transaction: locks row `id` of `table` (a constant of the caller, never user input)
  // until commit, so a read-modify-write cannot lose a concurrent one. PostgreSQL: SELECT … FOR
  // UPDATE; SQLite needs nothing (its BEGIN IMMEDIATE already serialises writers).
  void LockRow(soci::session& tx, const char* table, int64_t id) const;

  // SELECT 1 on a pooled session; unavailable when the database does not answer.
  core::Status Ping();

  // Turns an exception thrown by SOCI (or anything else) into an Error and logs its details.
  core::Error ErrorFromException(std::exception_ptr e, const char* context);

  // Translates portable SQL: {{id}} (auto-increment primary key), {{blob}}. Used by migrations and
  // tests.
  std::string Translate(const std::string& sql) const;

 private:
  Database(std::string url, Dialect dialect, int pool_size);
  core::Status Connect(soci::session& session);
  void Begin(soci::session& session);

  std::string url_;
  Dialect dialect_;
  soci::connection_pool pool_;
  int pool_size_;
  std::recursive_mutex sqlite_writer_;
};

template <typename F>
auto Database::InTransaction(F&& fn) -> std::invoke_result_t<F, soci::session&> {
  auto lease = Acquire();
  if (!lease) return lease.take_error();
  soci::session& s = **lease;
  // SQLite has one writer at a time: this process's writers queue here, in order, rather than in
  // SQLite's busy handler, whose growing sleeps (up to 100 ms) would stall them under load.
  std::unique_lock<std::recursive_mutex> writer(sqlite_writer_, std::defer_lock);
  if (dialect_ == Dialect::kSqlite) writer.lock();
  bool open = false;
  try {
    Begin(s);
    open = true;
    auto result = fn(s);
    if (result.ok()) {
      s << "COMMIT";
    } else {
      s << "ROLLBACK";
    }
    return result;
  } catch (...) {
    auto error = ErrorFromException(std::current_exception(), "transaction");
    ClearStatementsOf(s);  // a statement that failed may be left mid-way
    if (open) {
      try {
        s << "ROLLBACK";
      } catch (...) {
        // The connection is probably gone; the next Acquire reconnects it.
      }
    }
    return error;
  }
}

template <typename F>
auto Database::WithSession(F&& fn) -> std::invoke_result_t<F, soci::session&> {
  auto lease = Acquire();
  if (!lease) return lease.take_error();
  try {
    return fn(**lease);
  } catch (...) {
    ClearStatementsOf(**lease);  // a statement that failed may be left mid-way
    return ErrorFromException(std::current_exception(), "statement");
  }
}

}  // namespace korrigo::storage
