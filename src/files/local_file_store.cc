// LocalFileStore over POSIX calls. Durability follows the usual recipe: write the temp file, fsync
// it, rename it into place, fsync the directory that received it (and the parents of directories it
// had to create). Keys are validated before any path is built from them, so no caller-supplied
// string ever reaches the filesystem.
#include "files/local_file_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/digest.h"
#include "core/log.h"
#include "core/random.h"

namespace korrigo::files {
namespace {

constexpr size_t kIoBufferBytes = 1 << 20;

core::Error Unavailable(const char* operation, const std::string& path, const std::string& detail) {
  core::LogError("file_store.error", {{"operation", operation}, {"path", path}, {"error", detail}});
  return core::Error::Unavailable("Le stockage de fichiers est indisponible.");
}

core::Error Unavailable(const char* operation, const std::string& path, int err) {
  return Unavailable(operation, path, std::string(std::strerror(err)));
}

core::Error NotFound() { return core::Error::NotFound("Fichier introuvable."); }
core::Error InvalidKey() {
  return core::Error::InvalidArgument("Identifiant de fichier invalide.");
}
core::Error BadExtension() {
  return core::Error::InvalidArgument("Type de fichier non pris en charge.");
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

// Closes the descriptor on every path out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error that close may carry (deferred write errors on some
  // filesystems).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Read and write that retry on EINTR and short counts. They return 0 or an errno value.
ssize_t ReadSome(int fd, char* buffer, size_t capacity) {
  while (true) {
    ssize_t n = ::read(fd, buffer, capacity);
    if (n >= 0 || errno != EINTR) return n;
  }
}

int WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

int SyncDirectory(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  if (::fsync(fd.get()) != 0) return errno;
  return 0;
}

// mkdir that succeeds when the directory exists; syncs the parent when it created one.
int MakeDirectory(const std::string& path, const std::string& parent) {
  if (::mkdir(path.c_str(), 0700) == 0) return SyncDirectory(parent);
  return errno == EEXIST ? 0 : errno;
}

class LocalFileReader final : public FileReader {
 public:
  LocalFileReader(int fd, int64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  int64_t size_bytes() const override { return size_; }
  core::Result<size_t> Read(char* buffer, size_t capacity) override {
    ssize_t n = ReadSome(fd_.get(), buffer, capacity);
    if (n < 0) return Unavailable("read", path_, errno);
    return static_cast<size_t>(n);
  }

 private:
  Fd fd_;
  int64_t size_;
  std::string path_;
};

}  // namespace

LocalFileStore::LocalFileStore(std::string root, const core::Clock& clock)
    : root_(std::move(root)), clock_(clock) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

core::Result<StoredFile> LocalFileStore::PutBytes(std::string_view data,
                                                  std::string_view extension) {
  if (!IsAllowedExtension(extension)) return BadExtension();
  std::error_code ec;
  std::filesystem::create_directories(temp_dir(), ec);
  if (ec) return Unavailable("mkdir", temp_dir(), ec.message());
  std::string temp = temp_dir() + "/" + core::RandomHex(16) + ".tmp";
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Unavailable("open", temp, errno);
  int err = WriteAll(fd.get(), data.data(), data.size());
  if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
  if (err == 0 && fd.Close() != 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return Unavailable("write", temp, err);
  }
  core::Sha256Stream sha;
  sha.Update(data);
  std::string key = NewKey(clock_.NowMs(), extension);
  if (core::Status st = Publish(temp, key); !st) {
    ::unlink(temp.c_str());
    return st.take_error();
  }
  return StoredFile{key, sha.HexDigest(), static_cast<int64_t>(data.size())};
}

core::Result<StoredFile> LocalFileStore::PutFile(const std::string& source_path,
                                                 std::string_view extension) {
  if (!IsAllowedExtension(extension)) return BadExtension();
  Fd source(::open(source_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (source.get() < 0) {
    if (errno == ENOENT) return core::Error::NotFound("Fichier source introuvable.");
    return Unavailable("open", source_path, errno);
  }
  struct stat source_stat {};
  if (::fstat(source.get(), &source_stat) != 0) return Unavailable("stat", source_path, errno);
  if (!S_ISREG(source_stat.st_mode))
    return core::Error::InvalidArgument("La source n'est pas un fichier.");
  std::error_code ec;
  std::filesystem::create_directories(temp_dir(), ec);
  if (ec) return Unavailable("mkdir", temp_dir(), ec.message());
  struct stat temp_stat {};
  if (::stat(temp_dir().c_str(), &temp_stat) != 0) return Unavailable("stat", temp_dir(), errno);
  std::string key = NewKey(clock_.NowMs(), extension);
  std::string buffer(kIoBufferBytes, '\0');
  core::Sha256Stream sha;
  int64_t size = 0;

  if (source_stat.st_dev == temp_stat.st_dev) {
    // Same filesystem: hash in place, make the bytes durable, then rename (no copy).
    ssize_t n;
    while ((n = ReadSome(source.get(), buffer.data(), buffer.size())) > 0) {
      sha.Update({buffer.data(), static_cast<size_t>(n)});
      size += n;
    }
    if (n < 0) return Unavailable("read", source_path, errno);
    if (::fsync(source.get()) != 0) return Unavailable("fsync", source_path, errno);
    bool cross_device = false;
    core::Status moved = Publish(source_path, key, &cross_device);
    if (moved) return StoredFile{key, sha.HexDigest(), size};
    if (!cross_device) return moved.take_error();
    // Same device but another mount (bind mounts): copy instead.
    if (::lseek(source.get(), 0, SEEK_SET) != 0) return Unavailable("seek", source_path, errno);
    sha = core::Sha256Stream();
    size = 0;
  }

  std::string temp = temp_dir() + "/" + core::RandomHex(16) + ".tmp";
  Fd out(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (out.get() < 0) return Unavailable("open", temp, errno);
  int err = 0;
  const char* failed = "write";
  ssize_t n;
  while (err == 0 && (n = ReadSome(source.get(), buffer.data(), buffer.size())) != 0) {
    if (n < 0) {
      err = errno;
      failed = "read";
      break;
    }
    sha.Update({buffer.data(), static_cast<size_t>(n)});
    size += n;
    err = WriteAll(out.get(), buffer.data(), static_cast<size_t>(n));
  }
  if (err == 0 && ::fsync(out.get()) != 0) err = errno;
  if (err == 0 && out.Close() != 0) err = errno;
  if (err == 0) {
    if (core::Status st = Publish(temp, key); !st) {
      ::unlink(temp.c_str());
      return st.take_error();
    }
  } else {
    ::unlink(temp.c_str());
    return Unavailable(failed, temp, err);
  }
  if (::unlink(source_path.c_str()) != 0) {
    core::LogWarn("file_store.source_not_removed",
                  {{"path", source_path}, {"error", std::strerror(errno)}});
  }
  return StoredFile{key, sha.HexDigest(), size};
}

core::Status LocalFileStore::Publish(const std::string& from, const std::string& key,
                                     bool* cross_device) {
  std::string year_dir = root_ + "/" + key.substr(0, 4);
  std::string month_dir = root_ + "/" + key.substr(0, 7);
  if (int err = MakeDirectory(year_dir, root_); err != 0)
    return Unavailable("mkdir", year_dir, err);
  if (int err = MakeDirectory(month_dir, year_dir); err != 0)
    return Unavailable("mkdir", month_dir, err);
  std::string target = root_ + "/" + key;
  if (::rename(from.c_str(), target.c_str()) != 0) {
    if (errno == EXDEV && cross_device != nullptr) {
      *cross_device = true;
      return core::Error::Unavailable("Le stockage de fichiers est indisponible.");
    }
    return Unavailable("rename", target, errno);
  }
  if (int err = SyncDirectory(month_dir); err != 0) return Unavailable("fsync", month_dir, err);
  return {};
}

core::Result<std::string> LocalFileStore::PathOf(const std::string& key) {
  if (!IsValidKey(key)) return InvalidKey();
  std::string path = root_ + "/" + key;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return NotFound();
    return Unavailable("stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) return NotFound();
  return path;
}

core::Result<std::string> LocalFileStore::LocalPath(const std::string& key) { return PathOf(key); }

core::Result<std::unique_ptr<FileReader>> LocalFileStore::Open(const std::string& key) {
  auto path = PathOf(key);
  if (!path) return path.take_error();
  int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound();
    return Unavailable("open", *path, errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Unavailable("stat", *path, err);
  }
  return std::unique_ptr<FileReader>(std::make_unique<LocalFileReader>(fd, st.st_size, *path));
}

core::Result<std::string> LocalFileStore::ReadAll(const std::string& key) {
  auto reader = Open(key);
  if (!reader) return reader.take_error();
  std::string data(static_cast<size_t>((*reader)->size_bytes()), '\0');
  size_t filled = 0;
  while (true) {
    if (filled == data.size()) data.resize(data.size() + 64 * 1024);  // the file grew: keep reading
    auto n = (*reader)->Read(data.data() + filled, data.size() - filled);
    if (!n) return n.take_error();
    if (*n == 0) break;
    filled += *n;
  }
  data.resize(filled);
  return data;
}

core::Status LocalFileStore::Remove(const std::string& key) {
  if (!IsValidKey(key)) return InvalidKey();
  std::string path = root_ + "/" + key;
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return NotFound();
    return Unavailable("unlink", path, errno);
  }
  return {};
}

core::Result<bool> LocalFileStore::Exists(const std::string& key) {
  auto path = PathOf(key);
  if (path) return true;
  if (path.error().code == core::ErrorCode::kNotFound) return false;
  return path.take_error();
}

core::Result<std::vector<std::string>> LocalFileStore::ListKeys() {
  return FindUnreferenced([](const std::string&) { return false; }, INT64_MIN);
}

core::Result<std::vector<std::string>> LocalFileStore::FindUnreferenced(
    const std::function<bool(const std::string& key)>& is_referenced, int64_t older_than_ms) {
  std::vector<std::string> keys;
  std::error_code ec;
  if (!std::filesystem::exists(root_, ec)) {
    if (ec) return Unavailable("stat", root_, ec.message());
    return keys;  // nothing stored yet
  }
  const int64_t now = clock_.NowMs();
  std::filesystem::recursive_directory_iterator it(root_, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::string path = it->path().string();
    std::string relative = path.substr(root_.size() + 1);
    if (it.depth() == 0 && relative == "tmp") {
      it.disable_recursion_pending();
      continue;
    }
    if (it.depth() > 1) it.disable_recursion_pending();  // keys are YYYY/MM/file: nothing deeper
    if (!IsValidKey(relative)) continue;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // removed while we walked
      return Unavailable("stat", path, errno);
    }
    if (!S_ISREG(st.st_mode)) continue;
    if (older_than_ms != INT64_MIN && now - MtimeMs(st) < older_than_ms) continue;
    if (!is_referenced(relative)) keys.push_back(std::move(relative));
  }
  if (ec) return Unavailable("list", root_, ec.message());
  std::sort(keys.begin(), keys.end());
  return keys;
}

core::Status LocalFileStore::CheckWritable() {
  std::error_code ec;
  std::filesystem::create_directories(temp_dir(), ec);
  if (ec) return Unavailable("mkdir", temp_dir(), ec.message());
  std::string probe = temp_dir() + "/probe-" + core::RandomHex(8) + ".tmp";
  Fd fd(::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Unavailable("open", probe, errno);
  int err = WriteAll(fd.get(), "korrigo", 7);
  if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
  if (err == 0 && fd.Close() != 0) err = errno;
  bool removed = ::unlink(probe.c_str()) == 0;
  if (err != 0) return Unavailable("probe", probe, err);
  if (!removed) return Unavailable("unlink", probe, errno);
  return {};
}

core::Result<int> LocalFileStore::RemoveStaleTemp(int64_t older_than_ms) {
  int removed = 0;
  std::error_code ec;
  if (!std::filesystem::exists(temp_dir(), ec)) {
    if (ec) return Unavailable("stat", temp_dir(), ec.message());
    return removed;
  }
  const int64_t now = clock_.NowMs();
  std::filesystem::directory_iterator it(temp_dir(), ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::string path = it->path().string();
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (now - MtimeMs(st) < older_than_ms) continue;
    if (::unlink(path.c_str()) == 0) {
      ++removed;
    } else if (errno != ENOENT) {
      return Unavailable("unlink", path, errno);
    }
  }
  if (ec) return Unavailable("list", temp_dir(), ec.message());
  if (removed > 0) core::LogInfo("file_store.stale_temp_removed", {{"count", removed}});
  return removed;
}

}  // namespace korrigo::files
