// DiskMultipartSink: receives a multipart/form-data body from MultipartParser, streaming every file
// part to a new file in a directory (SHA-256 and size computed on the way, size limits enforced as
// bytes arrive) and keeping ordinary fields in memory. Files it wrote are deleted when it is
// destroyed, unless the caller took the form.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/digest.h"
#include "http/multipart_parser.h"

namespace korrigo::http {

struct UploadedFile {
  std::string field_name;
  std::string filename;  // as sent by the client, directory stripped; display only, never a path
  std::string content_type;
  std::string path;  // where the bytes are: <directory>/upload-<32 hex>.part
  int64_t size_bytes = 0;
  std::string sha256_hex;  // lowercase
};

struct MultipartForm {
  std::map<std::string, std::string> fields;
  std::vector<UploadedFile> files;  // in the order they were sent
};

// A part with a filename (even an empty one) is a file; any other part is a field. Errors:
// - payload_too_large: a file over max_file_bytes, or all files together over max_total_bytes;
// - invalid_argument: a field over kMaxFieldBytes, fields over kMaxTotalFieldBytes in total, or a
//   field name sent twice;
// - unavailable: the directory cannot be written (details logged).
// After an error the partial file is already deleted. Not thread-safe.
class DiskMultipartSink : public MultipartSink {
 public:
  static constexpr int64_t kMaxFieldBytes = 64 * 1024;
  static constexpr int64_t kMaxTotalFieldBytes = 1024 * 1024;

  // `directory` must exist; ideally on the file store's filesystem, so that storing a file is a
  // rename.
  DiskMultipartSink(std::string directory, int64_t max_file_bytes, int64_t max_total_bytes);
  ~DiskMultipartSink() override;  // deletes every file written, unless TakeForm() was called
  DiskMultipartSink(const DiskMultipartSink&) = delete;
  DiskMultipartSink& operator=(const DiskMultipartSink&) = delete;

  core::Status OnPartBegin(const MultipartPartHeaders& headers) override;
  core::Status OnPartData(std::string_view data) override;
  core::Status OnPartEnd() override;

  // The fields and files received; call after MultipartParser::Finish succeeded. The caller now
  // owns the files (and must delete or move them).
  MultipartForm TakeForm();

 private:
  core::Status WriteFileData(std::string_view data);
  core::Status FailFile(core::Error error);  // closes and deletes the current file, returns `error`
  void CloseCurrentFile();

  std::string directory_;
  int64_t max_file_bytes_;
  int64_t max_total_bytes_;
  MultipartForm form_;
  bool taken_ = false;
  int64_t total_file_bytes_ = 0;
  int64_t total_field_bytes_ = 0;

  // The part being received.
  bool in_file_ = false;
  bool in_field_ = false;
  int fd_ = -1;
  UploadedFile current_file_;
  core::Sha256Stream sha_;
  std::string field_name_;
  std::string field_value_;
};

}  // namespace korrigo::http
