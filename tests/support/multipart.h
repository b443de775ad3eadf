// Multipart/form-data bodies as a browser builds them, and uploading one with a session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/accounts.h"

namespace korrigo::itest {

inline constexpr const char* kTestBoundary = "korrigo-test-7MA4YWxkTrZu0gW";

struct FormPart {
  std::string name = "file";
  std::optional<std::string> filename;  // nullopt: an ordinary form field
  std::string content_type = "application/octet-stream";
  std::string bytes;
};

std::string MultipartBody(const std::vector<FormPart>& parts,
                          const std::string& boundary = kTestBoundary);

// POST `target` with this body as the session's same-origin browser would.
HttpResponse PostMultipart(uint16_t port, const Session& session, const std::string& target,
                           const std::vector<FormPart>& parts);

}  // namespace korrigo::itest
