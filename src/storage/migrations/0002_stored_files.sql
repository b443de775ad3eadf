-- Every file written to the file store is recorded here in the same transaction as the row that uses it, so a
-- file on disk without a row (a crash between write and commit) can be found and removed.
CREATE TABLE stored_files (
  storage_key TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
