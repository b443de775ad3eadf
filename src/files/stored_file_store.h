// StoredFileStore: the SQL for the stored_files table, which records every file kept in the
// FileStore. A row is written in the same transaction as the row that uses the file, so a file
// without a row is an orphan that FileStore::FindUnreferenced can report (driven by Exists).
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "files/file_store.h"

namespace korrigo::files {

// Stateless. Run the methods inside storage::Database::InTransaction or WithSession, which turn the
// SOCI exceptions they may throw into Errors.
class StoredFileStore {
 public:
  // Inserts the row for `file`. A key recorded twice is a conflict.
  core::Status Record(soci::session& tx, const StoredFile& file, std::string content_type,
                      int64_t now) const;

  // Whether `key` has a row.
  core::Result<bool> Exists(soci::session& session, const std::string& key) const;

  // The recorded file and its content type, or nullopt.
  struct Row {
    StoredFile file;
    std::string content_type;
    int64_t created_at = 0;
  };
  core::Result<std::optional<Row>> Find(soci::session& session, const std::string& key) const;

  // Deletes the row; false when there was none. Delete the file only after this commits.
  core::Result<bool> Remove(soci::session& tx, const std::string& key) const;
};

}  // namespace korrigo::files
