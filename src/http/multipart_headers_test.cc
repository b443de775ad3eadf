// The header side of multipart/form-data: the request's boundary and the headers of one part.
#include "http/multipart_headers.h"

#include <gtest/gtest.h>

namespace korrigo::http {
namespace {

TEST(MultipartHeadersTest, BoundaryFromContentType) {
  auto boundary = [](std::string_view v) { return MultipartBoundary(v); };
  EXPECT_EQ(boundary("multipart/form-data; boundary=abc").value(), "abc");
  EXPECT_EQ(boundary("Multipart/Form-Data;boundary=\"a b:c\"").value(), "a b:c");
  EXPECT_EQ(
      boundary("multipart/form-data; charset=utf-8; BOUNDARY=----WebKitFormBoundary7MA4YWxkTrZu0gW")
          .value(),
      "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  EXPECT_EQ(boundary("multipart/form-data; boundary=" + std::string(70, 'x')).value(),
            std::string(70, 'x'));
  EXPECT_EQ(boundary("multipart/form-data; boundary='()+_,-./:=?").value(), "'()+_,-./:=?");
  for (std::string bad :
       {"", "text/plain; boundary=abc", "multipart/mixed; boundary=abc", "multipart/form-data",
        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"abc", "multipart/form-data; boundary=\"abc \"",
        "multipart/form-data; boundary=a\"b", "multipart/form-data; boundary=a\r\nb",
        "multipart/form-data; boundary=a;boundary=b", "multipart/form-data; boundary=a<b",
        "multipart/form-data; boundary=\"a\\\"b\"", "multipart/form-data; =abc"}) {
    auto r = boundary(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("Requête multipart invalide"), std::string::npos);
  }
  EXPECT_FALSE(boundary("multipart/form-data; boundary=" + std::string(71, 'x')).ok());
}

TEST(MultipartHeadersTest, PartHeadersGiveNameFilenameAndType) {
  auto file = ParsePartHeaders(
      "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\scans\\copie.pdf\"\r\n"
      "Content-Type: application/pdf\r\n");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->name, "file");
  EXPECT_EQ(file->filename, "copie.pdf");
  EXPECT_EQ(file->content_type, "application/pdf");
  auto field = ParsePartHeaders("content-disposition: form-data; name=token\r\n");
  ASSERT_TRUE(field.ok());
  EXPECT_FALSE(field->filename.has_value());
  EXPECT_EQ(field->content_type, "text/plain");
  EXPECT_FALSE(ParsePartHeaders("Content-Type: text/plain\r\n").ok());  // no Content-Disposition
}

}  // namespace
}  // namespace korrigo::http
