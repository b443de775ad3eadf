// Multipart bodies for upload tests.
#include "support/multipart.h"

#include <gtest/gtest.h>

namespace korrigo::itest {

std::string MultipartBody(const std::vector<FormPart>& parts, const std::string& boundary) {
  std::string body;
  for (const FormPart& p : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (p.filename) body += "; filename=\"" + *p.filename + "\"\r\nContent-Type: " + p.content_type;
    body += "\r\n\r\n" + p.bytes + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

HttpResponse PostMultipart(uint16_t port, const Session& session, const std::string& target,
                           const std::vector<FormPart>& parts) {
  auto headers = BrowserHeaders(port, session);
  for (auto& [name, value] : headers) {
    if (name == "Content-Type")
      value = std::string("multipart/form-data; boundary=") + kTestBoundary;
  }
  auto response = Fetch(
      port, {.method = "POST", .target = target, .headers = headers, .body = MultipartBody(parts)});
  EXPECT_TRUE(response.ok());
  return response.ok() ? *response : HttpResponse{};
}

}  // namespace korrigo::itest
