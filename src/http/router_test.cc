// Route matching: literals, typed parameters, 404 versus 405, HEAD, and percent-decoding helpers.
#include "http/router.h"

#include <gtest/gtest.h>

namespace korrigo::http {
namespace {

Route R(std::string method, std::string pattern) {
  return {.method = std::move(method),
          .pattern = std::move(pattern),
          .policy = Policy::Public(),
          .handler = [](Request&) { return Response::NoContent(); }};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.AddAll({R("GET", "/api/v1/exams"), R("POST", "/api/v1/exams"),
                    R("GET", "/api/v1/exams/{exam_id:int}"),
                    R("GET", "/api/v1/exams/{exam_id:int}/copies/{code}"),
                    R("DELETE", "/api/v1/exams/{exam_id:int}"), R("GET", "/api/v1/exams/stats")});
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralRoutesByMethod) {
  auto m = router_.Match("POST", "/api/v1/exams");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "POST");
}

TEST_F(RouterTest, ExtractsTypedParameters) {
  auto m = router_.Match("GET", "/api/v1/exams/42/copies/K7Q-014");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["exam_id"], "42");
  EXPECT_EQ(m.params["code"], "K7Q-014");
}

TEST_F(RouterTest, IntParametersRejectNonNumbersZeroLeadingZerosAndOverflow) {
  for (const char* bad :
       {"/api/v1/exams/abc", "/api/v1/exams/0", "/api/v1/exams/007", "/api/v1/exams/-1",
        "/api/v1/exams/99999999999999999999", "/api/v1/exams/1.5", "/api/v1/exams/"}) {
    auto m = router_.Match("DELETE", bad);
    EXPECT_EQ(m.route, nullptr) << bad;
    EXPECT_TRUE(m.allowed_methods.empty()) << bad;
  }
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameterOnlyWhenTyped) {
  auto m = router_.Match("GET", "/api/v1/exams/stats");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/exams/stats");
}

TEST_F(RouterTest, WrongMethodListsAllowedMethods) {
  auto m = router_.Match("PUT", "/api/v1/exams/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"DELETE", "GET"}));
}

TEST_F(RouterTest, HeadUsesGetRoutes) {
  auto m = router_.Match("HEAD", "/api/v1/exams/7");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
}

TEST_F(RouterTest, UnknownPathsAndTrailingSlashesDoNotMatch) {
  for (const char* p : {"/api/v1/exam", "/api/v1/exams/", "/api/v1", "", "api/v1/exams",
                        "/api/v1/exams/7/copies"}) {
    auto m = router_.Match("GET", p);
    EXPECT_EQ(m.route, nullptr) << p;
    EXPECT_TRUE(m.allowed_methods.empty()) << p;
  }
}

TEST(PercentDecodeTest, DecodesAndRejectsMalformedOrNul) {
  EXPECT_EQ(PercentDecode("/a%20b%C3%A9").value(), "/a b\xC3\xA9");
  EXPECT_EQ(PercentDecode("a+b").value(), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true).value(), "a b");
  EXPECT_FALSE(PercentDecode("%").has_value());
  EXPECT_FALSE(PercentDecode("%4").has_value());
  EXPECT_FALSE(PercentDecode("%zz").has_value());
  EXPECT_FALSE(PercentDecode("%00").has_value());
}

TEST(ParseQueryTest, ParsesPairsAndSkipsBrokenOnes) {
  auto q = ParseQuery("search=%C3%A9l%C3%A8ve+X&page=2&flag&=x&bad=%zz");
  EXPECT_EQ(q["search"], "\xC3\xA9l\xC3\xA8ve X");
  EXPECT_EQ(q["page"], "2");
  EXPECT_EQ(q["flag"], "");
  EXPECT_EQ(q.count(""), 0u);
  EXPECT_EQ(q.count("bad"), 0u);
}

TEST(PolicyTest, DescribesItself) {
  EXPECT_EQ(Policy::Public().Describe(), "public");
  EXPECT_EQ(Policy::Authenticated().Describe(), "authenticated");
  EXPECT_EQ(Policy::Roles({"admin", "teacher"}).Describe(), "roles:admin,teacher");
}

}  // namespace
}  // namespace korrigo::http
