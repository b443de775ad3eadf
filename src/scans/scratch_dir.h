// Scratch space of a scans.process job: a directory removed when the job ends (and the ones an
// interrupted attempt left), and a local path for a stored PDF that the sandbox can open.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "files/file_store.h"

namespace korrigo::scans {

// Removes the directory when it goes out of scope, whatever happens.
class ScratchDir {
 public:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Deletes the "scan-<id>-*" directories of earlier attempts at this scan in `work_dir`.
void RemoveOldScratch(const std::string& work_dir, int64_t scan_id);

// The stored file's own path on a local store; otherwise a copy written into `scratch_dir`.
// Errors: those of the store; unavailable when the copy cannot be written.
core::Result<std::string> LocalPathOf(files::FileStore& files, const std::string& key,
                                      const std::string& scratch_dir);

}  // namespace korrigo::scans
