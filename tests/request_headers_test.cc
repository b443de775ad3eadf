// Headers every response carries: the request id (echoed when safe, generated otherwise), the
// security headers, and Cache-Control: no-store on the API.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_server.h"

namespace korrigo::itest {
namespace {

bool IsGeneratedId(const std::string& id) {
  return std::regex_match(id, std::regex("[0-9a-f]{16,64}"));
}

class RequestHeadersTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start()); }
  TestServer server_;
};

TEST_F(RequestHeadersTest, SafeRequestIdIsEchoed) {
  auto r = server_.Get("/api/v1/health/live", {{"X-Request-ID", "client-req_42.a"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->Header("X-Request-ID"), "client-req_42.a");
  // ... and it is the id the access log records, so support can find the request.
  bool logged = Eventually(
      [&] {
        for (const auto& line : server_.process().LogLines("http.request")) {
          if (line.find("client-req_42.a") != std::string::npos) return true;
        }
        return false;
      },
      std::chrono::seconds(3));
  EXPECT_TRUE(logged) << server_.process().Stdout();
}

TEST_F(RequestHeadersTest, MissingRequestIdIsGeneratedAndUnique) {
  auto a = server_.Get("/api/v1/health/live");
  auto b = server_.Get("/api/v1/health/live");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(IsGeneratedId(a->Header("X-Request-ID"))) << a->Header("X-Request-ID");
  EXPECT_TRUE(IsGeneratedId(b->Header("X-Request-ID"))) << b->Header("X-Request-ID");
  EXPECT_NE(a->Header("X-Request-ID"), b->Header("X-Request-ID"));
}

TEST_F(RequestHeadersTest, UnsafeRequestIdIsReplaced) {
  for (const std::string& unsafe : {std::string("<script>alert(1)</script>"), std::string("a b"),
                                    std::string("id\"quote"), std::string(200, 'a')}) {
    auto r = server_.Get("/api/v1/health/live", {{"X-Request-ID", unsafe}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NE(r->Header("X-Request-ID"), unsafe);
    EXPECT_TRUE(IsGeneratedId(r->Header("X-Request-ID"))) << r->Header("X-Request-ID");
  }
}

TEST_F(RequestHeadersTest, SecurityHeadersOnApiPagesAndErrors) {
  for (const std::string target :
       {"/api/v1/health/live", "/", "/api/v1/nothing-here", "/some/page"}) {
    auto r = server_.Get(target);
    ASSERT_TRUE(r.ok()) << r.error().message;
    SCOPED_TRACE(target);
    EXPECT_NE(r->Header("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << r->Header("Content-Security-Policy");
    EXPECT_EQ(r->Header("X-Content-Type-Options"), "nosniff");
    EXPECT_FALSE(r->Header("Referrer-Policy").empty());
    EXPECT_FALSE(r->Header("Permissions-Policy").empty());
    // Development server: no HSTS (it would pin a plain-http localhost to https).
    EXPECT_FALSE(r->HasHeader("Strict-Transport-Security"));
  }
}

TEST_F(RequestHeadersTest, ApiResponsesAreNotCached) {
  for (const std::string target :
       {"/api/v1/health/live", "/api/v1/health/ready", "/api/v1/nothing-here"}) {
    auto r = server_.Get(target);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->Header("Cache-Control"), "no-store") << target;
  }
}

}  // namespace
}  // namespace korrigo::itest
