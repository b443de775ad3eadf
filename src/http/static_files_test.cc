// Static files: MIME types, caching policy, page-route fallback, and traversal protection.
#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/test_database.h"

namespace korrigo::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() + "/web";
    std::filesystem::create_directories(root_ + "/assets");
    std::ofstream(root_ + "/index.html") << "<!doctype html><title>app</title>";
    std::ofstream(root_ + "/assets/app-3f9a8b7c.js") << "console.log(1)";
    std::ofstream(root_ + "/favicon.ico") << "ico";
    std::ofstream(dir_.path() + "/secret.txt") << "secret";
  }
  korrigo::testing::TempDir dir_;
  std::string root_;
};

TEST_F(StaticFilesTest, ServesHashedAssetsWithLongCaching) {
  StaticFiles files(root_);
  auto r = files.Serve("/assets/app-3f9a8b7c.js");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->headers["Content-Type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(r->headers["Cache-Control"], "public, max-age=31536000, immutable");
  auto icon = files.Serve("/favicon.ico");
  ASSERT_TRUE(icon.has_value());
  EXPECT_EQ(icon->headers["Cache-Control"], "no-cache");
}

TEST_F(StaticFilesTest, PageRoutesFallBackToIndexButMissingAssetsAndApiDoNot) {
  StaticFiles files(root_);
  for (const char* page : {"/", "/copies/12", "/grading"}) {
    auto r = files.Serve(page);
    ASSERT_TRUE(r.has_value()) << page;
    EXPECT_EQ(r->file_path.value_or(""),
              std::filesystem::canonical(root_).string() + "/index.html");
    EXPECT_EQ(r->headers["Cache-Control"], "no-cache");
  }
  EXPECT_FALSE(files.Serve("/assets/missing-12345678.js").has_value());
  EXPECT_FALSE(files.Serve("/api/v1/nothing").has_value());
  EXPECT_FALSE(files.Serve("/api/").has_value());
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  StaticFiles files(root_);
  std::filesystem::create_symlink(dir_.path() + "/secret.txt", root_ + "/link.txt");
  for (const char* evil :
       {"/../secret.txt", "/assets/../../secret.txt", "/./index.html/../../secret.txt", "/link.txt",
        "/..", "/assets/..\\..\\secret.txt"}) {
    auto r = files.Serve(evil);
    if (r.has_value()) {
      EXPECT_EQ(r->file_path.value_or("").find("secret"), std::string::npos) << evil;
    }
  }
}

TEST_F(StaticFilesTest, WithoutWebAppServesBuiltInPageOnly) {
  StaticFiles files("");
  auto r = files.Serve("/");
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->body.find("/api/v1/openapi.yaml"), std::string::npos);
  EXPECT_EQ(r->body.find("<script"), std::string::npos);
  EXPECT_EQ(r->body.find("style="), std::string::npos);
  EXPECT_FALSE(files.Serve("/main.js").has_value());
  StaticFiles no_index(dir_.path() + "/does-not-exist");
  EXPECT_FALSE(no_index.has_web_app());
}

TEST(MimeTypeTest, KnowsTheWebAppTypes) {
  EXPECT_EQ(MimeTypeFor("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(MimeTypeFor("a.wasm"), "application/wasm");
  EXPECT_EQ(MimeTypeFor("A.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(MimeTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(MimeTypeFor("noext"), "application/octet-stream");
  EXPECT_TRUE(IsHashedAsset("index-BdX3k9_q.js"));
  EXPECT_FALSE(IsHashedAsset("index.js"));
  EXPECT_FALSE(IsHashedAsset("favicon.ico"));
}

}  // namespace
}  // namespace korrigo::http
