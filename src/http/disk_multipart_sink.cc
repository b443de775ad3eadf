// Writing uploaded files to disk as they stream in. File names come from core::RandomHex only
// (never from the client) and are created with O_EXCL and mode 0600; each file is fsynced before
// its part is declared complete, so a later rename into the file store is durable.
#include "http/disk_multipart_sink.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/log.h"
#include "core/random.h"

namespace korrigo::http {
namespace {

core::Error StorageUnavailable(const char* operation, const std::string& path, int err) {
  core::LogError("upload.file_error",
                 {{"operation", operation}, {"path", path}, {"error", std::strerror(err)}});
  return core::Error::Unavailable("Le stockage de fichiers est indisponible.");
}

core::Error TooLarge(int64_t limit) {
  constexpr int64_t kMiB = 1024 * 1024;
  std::string readable =
      limit >= kMiB ? fmt::format("{} Mo", limit / kMiB) : fmt::format("{} octets", limit);
  return core::Error{core::ErrorCode::kPayloadTooLarge,
                     fmt::format("Fichier trop volumineux : la limite est de {}.", readable),
                     nlohmann::json{{"limit_bytes", limit}}};
}

}  // namespace

DiskMultipartSink::DiskMultipartSink(std::string directory, int64_t max_file_bytes,
                                     int64_t max_total_bytes)
    : directory_(std::move(directory)),
      max_file_bytes_(max_file_bytes),
      max_total_bytes_(max_total_bytes) {}

DiskMultipartSink::~DiskMultipartSink() {
  CloseCurrentFile();
  if (in_file_) ::unlink(current_file_.path.c_str());
  if (taken_) return;
  for (const UploadedFile& file : form_.files) ::unlink(file.path.c_str());
}

MultipartForm DiskMultipartSink::TakeForm() {
  taken_ = true;
  return std::move(form_);
}

void DiskMultipartSink::CloseCurrentFile() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

core::Status DiskMultipartSink::FailFile(core::Error error) {
  CloseCurrentFile();
  ::unlink(current_file_.path.c_str());
  in_file_ = false;
  return error;
}

core::Status DiskMultipartSink::OnPartBegin(const MultipartPartHeaders& headers) {
  if (!headers.filename) {
    if (form_.fields.count(headers.name) > 0) {
      return core::Error::InvalidArgument(fmt::format(
          "Requête multipart invalide : le champ « {} » est envoyé deux fois.", headers.name));
    }
    in_field_ = true;
    field_name_ = headers.name;
    field_value_.clear();
    return {};
  }
  current_file_ = UploadedFile{headers.name,
                               *headers.filename,
                               headers.content_type,
                               directory_ + "/upload-" + core::RandomHex(16) + ".part",
                               0,
                               ""};
  fd_ = ::open(current_file_.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) return StorageUnavailable("open", current_file_.path, errno);
  in_file_ = true;
  sha_ = core::Sha256Stream();
  return {};
}

core::Status DiskMultipartSink::OnPartData(std::string_view data) {
  if (in_file_) return WriteFileData(data);
  auto size = static_cast<int64_t>(data.size());
  if (static_cast<int64_t>(field_value_.size()) + size > kMaxFieldBytes) {
    return core::Error::InvalidArgument(
        fmt::format("Requête multipart invalide : le champ « {} » dépasse {} Kio.", field_name_,
                    kMaxFieldBytes / 1024));
  }
  if (total_field_bytes_ + size > kMaxTotalFieldBytes) {
    return core::Error::InvalidArgument(
        fmt::format("Requête multipart invalide : les champs dépassent {} Kio au total.",
                    kMaxTotalFieldBytes / 1024));
  }
  total_field_bytes_ += size;
  field_value_.append(data);
  return {};
}

core::Status DiskMultipartSink::WriteFileData(std::string_view data) {
  auto size = static_cast<int64_t>(data.size());
  if (current_file_.size_bytes + size > max_file_bytes_) return FailFile(TooLarge(max_file_bytes_));
  if (total_file_bytes_ + size > max_total_bytes_) return FailFile(TooLarge(max_total_bytes_));
  sha_.Update(data);
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return FailFile(StorageUnavailable("write", current_file_.path, errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  current_file_.size_bytes += size;
  total_file_bytes_ += size;
  return {};
}

core::Status DiskMultipartSink::OnPartEnd() {
  if (in_field_) {
    in_field_ = false;
    form_.fields.emplace(std::move(field_name_), std::move(field_value_));
    return {};
  }
  if (!in_file_) return {};
  if (::fsync(fd_) != 0) return FailFile(StorageUnavailable("fsync", current_file_.path, errno));
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return FailFile(StorageUnavailable("close", current_file_.path, errno));
  current_file_.sha256_hex = sha_.HexDigest();
  in_file_ = false;
  form_.files.push_back(std::move(current_file_));
  return {};
}

}  // namespace korrigo::http
