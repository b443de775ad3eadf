// Applying migrations. PostgreSQL takes a transaction-scoped advisory lock; SQLite's BEGIN
// IMMEDIATE already serialises writers. Either way each process re-reads the applied versions under
// the lock.
#include "storage/migration.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/log.h"

namespace korrigo::storage {
namespace {

constexpr long long kMigrationLockId = 0x6b6f7272'69676f;  // "korrigo"

std::set<int> AppliedVersions(soci::session& s) {
  std::set<int> applied;
  soci::rowset<int> rows = (s.prepare << "SELECT version FROM schema_migrations");
  for (int v : rows) applied.insert(v);
  return applied;
}

}  // namespace

std::vector<std::string> SplitSqlStatements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  enum { kCode, kSingle, kDouble, kLineComment, kBlockComment } state = kCode;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    switch (state) {
      case kCode:
        if (c == '\'')
          state = kSingle;
        else if (c == '"')
          state = kDouble;
        else if (c == '-' && next == '-') {
          state = kLineComment;
          ++i;
          continue;
        } else if (c == '/' && next == '*') {
          state = kBlockComment;
          ++i;
          continue;
        } else if (c == ';') {
          out.push_back(current);
          current.clear();
          continue;
        }
        break;
      case kSingle:
        if (c == '\'') state = kCode;
        break;
      case kDouble:
        if (c == '"') state = kCode;
        break;
      case kLineComment:
        if (c == '\n') state = kCode;
        continue;
      case kBlockComment:
        if (c == '*' && next == '/') {
          state = kCode;
          ++i;
        }
        continue;
    }
    current += c;
  }
  out.push_back(current);
  std::vector<std::string> statements;
  for (auto& s : out) {
    auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    statements.push_back(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
  }
  return statements;
}

core::Status Migrator::EnsureTable() {
  return db_.WithSession([](soci::session& s) -> core::Status {
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
         "NULL, "
         "applied_at BIGINT NOT NULL)";
    return {};
  });
}

core::Result<SchemaStatus> Migrator::Status() {
  // Read-only, so the readiness probe can call it (also against a read-only replica).
  return db_.WithSession([this](soci::session& s) -> core::Result<SchemaStatus> {
    SchemaStatus status;
    int tables = 0;
    if (db_.dialect() == Dialect::kSqlite) {
      s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
          soci::into(tables);
    } else {
      s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' "
           "AND table_schema = current_schema()",
          soci::into(tables);
    }
    std::set<int> applied;
    if (tables > 0) applied = AppliedVersions(s);
    status.current = applied.empty() ? 0 : *applied.rbegin();
    for (const Migration& m : migrations_) {
      status.latest = std::max(status.latest, m.version);
      if (!applied.contains(m.version)) status.pending.push_back(m.version);
    }
    return status;
  });
}

core::Result<std::vector<int>> Migrator::ApplyPending() {
  if (core::Status s = EnsureTable(); !s) return s.take_error();
  auto status = Status();
  if (!status) return status.take_error();
  if (status->too_new()) {
    return core::Error::FailedPrecondition(
        fmt::format("Le schéma de la base (version {}) est plus récent que ce programme (version "
                    "{}) : mettez Korrigo à jour.",
                    status->current, status->latest));
  }
  std::vector<int> applied_now;
  for (const Migration& m : migrations_) {
    auto result = db_.InTransaction([&](soci::session& s) -> core::Result<bool> {
      if (db_.dialect() == Dialect::kPostgres)
        s << "SELECT pg_advisory_xact_lock(" << kMigrationLockId << ")";
      if (AppliedVersions(s).contains(m.version)) return false;
      for (const std::string& statement : SplitSqlStatements(db_.Translate(m.sql))) s << statement;
      int64_t now = core::SystemClock::Instance().NowMs();
      s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(m.version), soci::use(m.name), soci::use(now);
      return true;
    });
    if (!result) {
      core::LogError("db.migration_failed", {{"version", m.version}, {"name", m.name}});
      return core::Error::Internal(
          fmt::format("La migration {:04}_{} a échoué.", m.version, m.name));
    }
    if (*result) {
      core::LogInfo("db.migration_applied", {{"version", m.version}, {"name", m.name}});
      applied_now.push_back(m.version);
    }
  }
  return applied_now;
}

}  // namespace korrigo::storage
