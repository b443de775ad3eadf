// Scratch directories and local paths for scan processing (see scratch_dir.h).
#include "scans/scratch_dir.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "files/local_file_store.h"

namespace korrigo::scans {

namespace fs = std::filesystem;

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void RemoveOldScratch(const std::string& work_dir, int64_t scan_id) {
  std::error_code ec;
  std::string prefix = fmt::format("scan-{}-", scan_id);
  for (const auto& entry : fs::directory_iterator(work_dir, ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove_all(entry.path(), ec);
  }
}

core::Result<std::string> LocalPathOf(files::FileStore& files, const std::string& key,
                                      const std::string& scratch_dir) {
  if (auto* local = dynamic_cast<files::LocalFileStore*>(&files)) return local->LocalPath(key);
  auto reader = files.Open(key);
  if (!reader) return reader.take_error();
  std::string path = scratch_dir + "/input.pdf";
  std::ofstream out(path, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  while (true) {
    auto n = (*reader)->Read(buffer.data(), buffer.size());
    if (!n) return n.take_error();
    if (*n == 0) break;
    out.write(buffer.data(), static_cast<std::streamsize>(*n));
  }
  if (!out) return core::Error::Unavailable("Espace de travail indisponible.");
  return path;
}

}  // namespace korrigo::scans
