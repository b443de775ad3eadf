// LocalFileStore: the FileStore over a local directory, the default for single-server deployments.
// Files live at <root>/<key>; writes go to <root>/tmp first and are made durable (fsync of the
// file, rename, fsync of the directory) before the key is returned, so a crash never leaves a
// partial file under a key.
#pragma once

#include <string>

#include "core/clock.h"
#include "files/file_store.h"

namespace korrigo::files {

class LocalFileStore final : public FileStore {
 public:
  // `root` need not exist yet (it is created on the first write); `clock` dates keys and ages
  // files, and must outlive the store. Nothing is checked here: see CheckWritable.
  LocalFileStore(std::string root, const core::Clock& clock);

  core::Result<StoredFile> PutBytes(std::string_view data, std::string_view extension) override;
  // Same filesystem as the root: the source is renamed (after an fsync), else copied then deleted.
  core::Result<StoredFile> PutFile(const std::string& source_path,
                                   std::string_view extension) override;
  core::Result<std::unique_ptr<FileReader>> Open(const std::string& key) override;
  core::Result<std::string> ReadAll(const std::string& key) override;
  core::Status Remove(const std::string& key) override;
  core::Result<bool> Exists(const std::string& key) override;
  core::Result<std::vector<std::string>> ListKeys() override;
  core::Status CheckWritable() override;
  core::Result<int> RemoveStaleTemp(int64_t older_than_ms) override;
  core::Result<std::vector<std::string>> FindUnreferenced(
      const std::function<bool(const std::string& key)>& is_referenced,
      int64_t older_than_ms) override;

  // The absolute path of an existing stored file, for workers that hand big files to libraries
  // wanting a path. Local store only (an object store has no path): code that must run on every
  // deployment uses Open. Callers must only read the file, never write, rename or delete it.
  core::Result<std::string> LocalPath(const std::string& key);

  const std::string& root() const { return root_; }
  // Where unfinished writes live; exposed so uploads can be received on the same filesystem.
  std::string temp_dir() const { return root_ + "/tmp"; }

 private:
  // Renames a complete, synced file to its key's place and syncs the directory. When the rename
  // fails because `from` is on another mount and `cross_device` is given, sets it and returns an
  // error without logging.
  core::Status Publish(const std::string& from, const std::string& key,
                       bool* cross_device = nullptr);
  core::Result<std::string> PathOf(
      const std::string& key);  // validated key → path of an existing file

  std::string root_;
  const core::Clock& clock_;
};

}  // namespace korrigo::files
