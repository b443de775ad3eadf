// SQL for stored_files. Plain parameterised statements that run unchanged on SQLite and PostgreSQL.
#include "files/stored_file_store.h"

namespace korrigo::files {

core::Status StoredFileStore::Record(soci::session& tx, const StoredFile& file,
                                     std::string content_type, int64_t now) const {
  if (Exists(tx, file.key).value()) {
    return core::Error::Conflict("Ce fichier est déjà enregistré.");
  }
  long long size = file.size_bytes;
  long long created_at = now;
  tx << "INSERT INTO stored_files (storage_key, sha256, size_bytes, content_type, created_at) "
        "VALUES (:key, :sha, :size, :type, :created)",
      soci::use(file.key), soci::use(file.sha256_hex), soci::use(size), soci::use(content_type),
      soci::use(created_at);
  return {};
}

core::Result<bool> StoredFileStore::Exists(soci::session& session, const std::string& key) const {
  long long count = 0;
  session << "SELECT COUNT(*) FROM stored_files WHERE storage_key = :key", soci::use(key),
      soci::into(count);
  return count > 0;
}

core::Result<std::optional<StoredFileStore::Row>> StoredFileStore::Find(
    soci::session& session, const std::string& key) const {
  Row row;
  long long size = 0;
  long long created_at = 0;
  session << "SELECT storage_key, sha256, size_bytes, content_type, created_at FROM stored_files "
             "WHERE storage_key = :key",
      soci::use(key), soci::into(row.file.key), soci::into(row.file.sha256_hex), soci::into(size),
      soci::into(row.content_type), soci::into(created_at);
  if (!session.got_data()) return std::optional<Row>();
  row.file.size_bytes = size;
  row.created_at = created_at;
  return std::optional<Row>(std::move(row));
}

core::Result<bool> StoredFileStore::Remove(soci::session& tx, const std::string& key) const {
  soci::statement st =
      (tx.prepare << "DELETE FROM stored_files WHERE storage_key = :key", soci::use(key));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace korrigo::files
