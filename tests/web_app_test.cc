// Serving the web application: the built-in page when none is installed, files from KORRIGO_WEB_DIR
// with their MIME types and caching policy, the index.html fallback for page routes, and no way out
// of the directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/raw_connection.h"
#include "support/test_server.h"

namespace korrigo::itest {
namespace {

namespace fs = std::filesystem;

constexpr char kIndex[] = "<!doctype html><title>Korrigo web app</title><div id=app></div>\n";
constexpr char kSecret[] = "TOP-SECRET-OUTSIDE-WEB-DIR";
constexpr char kImmutable[] = "public, max-age=31536000, immutable";

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

TEST(BuiltinPageTest, RootServesBuiltinPageWithoutWebDir) {
  TestServer server;
  ASSERT_TRUE(server.Start());
  auto r = server.Get("/");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Content-Type").rfind("text/html", 0), 0u) << r->Header("Content-Type");
  EXPECT_NE(r->body.find("Korrigo"), std::string::npos) << r->body;
  EXPECT_EQ(r->Header("Cache-Control"), "no-cache");
}

class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // <data>/web is the web dir; <data>/secret.txt and <data>/etc/passwd sit just outside it.
    web_ = fs::path(server_.data_dir()) / "web";
    WriteFile(web_ / "index.html", kIndex);
    WriteFile(web_ / "assets/app-3f9a8b7c.js", "console.log('app');\n");
    WriteFile(web_ / "assets/worker-1a2b3c4d.mjs", "export default 1;\n");
    WriteFile(web_ / "assets/decoder-9f8e7d6c.wasm", std::string("\0asm\1\0\0\0", 8));
    WriteFile(web_ / "robots.txt", "User-agent: *\n");
    WriteFile(fs::path(server_.data_dir()) / "secret.txt", kSecret);
    WriteFile(fs::path(server_.data_dir()) / "etc/passwd", kSecret);
    fs::create_symlink(fs::path(server_.data_dir()) / "secret.txt",
                       web_ / "assets/link-12345678.txt");
    server_.env()["KORRIGO_WEB_DIR"] = web_.string();
    ASSERT_TRUE(server_.Start());
  }
  fs::path web_;
  TestServer server_;
};

TEST_F(WebAppTest, RootServesIndexHtmlRevalidated) {
  auto r = server_.Get("/");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, kIndex);
  EXPECT_EQ(r->Header("Content-Type").rfind("text/html", 0), 0u);
  EXPECT_EQ(r->Header("Cache-Control"), "no-cache");
}

TEST_F(WebAppTest, HashedAssetIsJavascriptCachedForever) {
  auto r = server_.Get("/assets/app-3f9a8b7c.js");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "console.log('app');\n");
  EXPECT_EQ(r->Header("Content-Type").rfind("text/javascript", 0), 0u) << r->Header("Content-Type");
  EXPECT_EQ(r->Header("Cache-Control"), kImmutable);
}

TEST_F(WebAppTest, ModuleAndWasmMimeTypes) {
  auto mjs = server_.Get("/assets/worker-1a2b3c4d.mjs");
  ASSERT_TRUE(mjs.ok()) << mjs.error().message;
  EXPECT_EQ(mjs->status, 200);
  EXPECT_EQ(mjs->Header("Content-Type").rfind("text/javascript", 0), 0u)
      << mjs->Header("Content-Type");
  auto wasm = server_.Get("/assets/decoder-9f8e7d6c.wasm");
  ASSERT_TRUE(wasm.ok()) << wasm.error().message;
  EXPECT_EQ(wasm->status, 200);
  EXPECT_EQ(wasm->Header("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->body.size(), 8u);
}

TEST_F(WebAppTest, UnhashedFileIsRevalidated) {
  auto r = server_.Get("/robots.txt");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Cache-Control"), "no-cache");
}

TEST_F(WebAppTest, PageRoutesFallBackToIndexHtml) {
  for (const std::string target : {"/exams", "/exams/12/grading", "/login?next=%2Fexams"}) {
    auto r = server_.Get(target);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200) << target;
    EXPECT_EQ(r->body, kIndex) << target;
    EXPECT_EQ(r->Header("Cache-Control"), "no-cache") << target;
  }
}

TEST_F(WebAppTest, MissingAssetIs404NotIndex) {
  auto r = server_.Get("/assets/app-00000000.js");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body, kIndex);
}

TEST_F(WebAppTest, UnknownApiPathIsJson404NotIndex) {
  for (const std::string target : {"/api/unknown", "/api/v1/exams-that-do-not-exist", "/api"}) {
    auto r = server_.Get(target);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 404) << target;
    EXPECT_EQ(r->Header("Content-Type").rfind("application/json", 0), 0u) << target;
    EXPECT_EQ(r->Json()["error"].value("code", ""), "not_found") << target << ": " << r->body;
  }
}

TEST_F(WebAppTest, HeadReturnsLengthWithoutBody) {
  auto r =
      Fetch(server_.port(),
            {.method = "HEAD", .target = "/assets/app-3f9a8b7c.js", .headers = {}, .body = ""});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Content-Length"), "20");
  EXPECT_TRUE(r->body.empty());
}

// Targets are sent byte for byte on a raw socket: an HTTP library would normalise them.
TEST_F(WebAppTest, TraversalNeverLeavesTheWebDir) {
  const std::vector<std::string> targets = {
      "/../secret.txt",
      "/../etc/passwd",
      "/../../../../../../etc/passwd",
      "/%2e%2e/secret.txt",
      "/%2e%2e/etc/passwd",
      "/%2E%2E/%2E%2E/etc/passwd",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/..%2f..%2fetc/passwd",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/..%5c..%5csecret.txt",
      "/..%00/secret.txt",
      "/assets/link-12345678.txt",  // a symlink pointing outside
      "//etc/passwd",
      "/./../secret.txt",
  };
  for (const std::string& target : targets) {
    RawConnection conn(server_.port());
    ASSERT_TRUE(conn.connected());
    ASSERT_TRUE(
        conn.Send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    std::string raw = conn.ReadUntilClosed(std::chrono::seconds(5));
    SCOPED_TRACE(target);
    EXPECT_EQ(raw.find(kSecret), std::string::npos) << raw;
    EXPECT_EQ(raw.find("root:"), std::string::npos) << raw;
    auto r = ParseResponse(raw);
    ASSERT_TRUE(r.ok()) << raw;
    if (r->status == 200) {
      EXPECT_EQ(r->body, kIndex);  // at most the app's own page
    } else {
      EXPECT_TRUE(r->status == 400 || r->status == 404) << r->status;
    }
  }
}

}  // namespace
}  // namespace korrigo::itest
