// Schema migrations: append-only numbered SQL files (src/storage/migrations/NNNN_name.sql) embedded
// in the binary and applied in order, each in its own transaction, recorded in schema_migrations. A
// database whose schema is newer than this binary knows is refused, so an old server never writes
// into a newer schema.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace korrigo::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;  // portable SQL; see Database::Translate for the {{…}} placeholders
};

// The migrations compiled into this binary, ascending by version.
const std::vector<Migration>& BuiltinMigrations();

struct SchemaStatus {
  int current = 0;           // highest applied version (0: empty database)
  int latest = 0;            // highest version this binary knows
  std::vector<int> pending;  // known but not applied, ascending
  bool too_new() const { return current > latest; }
  bool up_to_date() const { return pending.empty() && !too_new(); }
};

// Splits a script into statements at semicolons outside quotes and comments; drops empty
// statements.
std::vector<std::string> SplitSqlStatements(const std::string& sql);

class Migrator {
 public:
  Migrator(Database& db, const std::vector<Migration>& migrations)
      : db_(db), migrations_(migrations) {}

  core::Result<SchemaStatus> Status();

  // Applies every pending migration; returns the versions applied (empty when up to date). Safe
  // when several processes start at once (a lock serialises them; each re-checks what is applied).
  // Errors: failed_precondition when the schema is newer than this binary; internal when a
  // migration fails (that migration is rolled back entirely).
  core::Result<std::vector<int>> ApplyPending();

 private:
  core::Status EnsureTable();
  Database& db_;
  const std::vector<Migration>& migrations_;
};

}  // namespace korrigo::storage
