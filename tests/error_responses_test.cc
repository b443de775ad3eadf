// What clients receive when a request cannot be served: the status, the common error envelope
// {"error": {"code", "message", "details"}}, and for protocol-level errors, a response rather than
// a reset.
#include <gtest/gtest.h>

#include "support/raw_connection.h"
#include "support/test_server.h"

namespace korrigo::itest {
namespace {

// The envelope every API error uses; `code` is the stable English word.
void ExpectEnvelope(const HttpResponse& r, const std::string& code) {
  EXPECT_EQ(r.Header("Content-Type").rfind("application/json", 0), 0u) << r.Header("Content-Type");
  auto body = r.Json();
  ASSERT_TRUE(body.is_object()) << r.body;
  ASSERT_TRUE(body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
  EXPECT_TRUE(body["error"].contains("message") && body["error"]["message"].is_string() &&
              !body["error"]["message"].get<std::string>().empty())
      << r.body;
  EXPECT_TRUE(body["error"].contains("details") && body["error"]["details"].is_object()) << r.body;
}

class ErrorResponsesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.env()["KORRIGO_MAX_HEADER_BYTES"] = "2048";
    server_.env()["KORRIGO_MAX_BODY_BYTES"] = "4096";
    ASSERT_TRUE(server_.Start());
  }
  // Sends raw bytes on a new connection and decodes the single response (the server closes
  // afterwards).
  HttpResponse RawExchange(const std::string& bytes) {
    RawConnection conn(server_.port());
    EXPECT_TRUE(conn.connected());
    EXPECT_TRUE(conn.Send(bytes));
    std::string raw = conn.ReadResponse(std::chrono::seconds(5));
    auto r = ParseResponse(raw);
    EXPECT_TRUE(r.ok()) << "raw response: " << raw;
    return r.ok() ? *r : HttpResponse{};
  }
  TestServer server_;
};

TEST_F(ErrorResponsesTest, UnknownApiPathIs404) {
  auto r = server_.Get("/api/v1/no-such-thing");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 404);
  ExpectEnvelope(*r, "not_found");
}

TEST_F(ErrorResponsesTest, WrongMethodIs405WithAllow) {
  auto r = Fetch(server_.port(),
                 {.method = "POST", .target = "/api/v1/health/live", .headers = {}, .body = ""});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->Header("Allow"), "GET");
  ExpectEnvelope(*r, "method_not_allowed");

  auto d =
      Fetch(server_.port(), {.method = "DELETE", .target = "/metrics", .headers = {}, .body = ""});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->status, 405);
  EXPECT_EQ(d->Header("Allow"), "GET");
}

TEST_F(ErrorResponsesTest, DeclaredBodyOverLimitIs413WithoutReadingIt) {
  // Only the header is sent: the server must answer from the declared length alone.
  RawConnection conn(server_.port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.Send(
      "GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999\r\n\r\n"));
  std::string raw = conn.ReadResponse(std::chrono::seconds(5));
  auto r = ParseResponse(raw);
  ASSERT_TRUE(r.ok()) << "raw response: " << raw;
  EXPECT_EQ(r->status, 413);
  ExpectEnvelope(*r, "payload_too_large");
  EXPECT_EQ(r->Json()["error"]["details"].value("max_bytes", 0), 4096) << r->body;
  EXPECT_FALSE(r->keep_alive);  // the unread body makes the connection unusable
}

TEST_F(ErrorResponsesTest, BodyJustUnderLimitIsReadAndIgnored) {
  auto r = Fetch(server_.port(), {.method = "GET",
                                  .target = "/api/v1/health/live",
                                  .headers = {{"Content-Type", "text/plain"}},
                                  .body = std::string(4000, 'x')});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
}

TEST_F(ErrorResponsesTest, MalformedRequestLineIs400) {
  HttpResponse r = RawExchange("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  ExpectEnvelope(r, "bad_request");
}

TEST_F(ErrorResponsesTest, MalformedPercentEscapeIs400) {
  HttpResponse r = RawExchange("GET /api/v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  ExpectEnvelope(r, "bad_request");
}

TEST_F(ErrorResponsesTest, OversizedHeadersAre431) {
  std::string request = "GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " +
                        std::string(8000, 'a') + "\r\n\r\n";
  HttpResponse r = RawExchange(request);
  EXPECT_EQ(r.status, 431);
  ExpectEnvelope(r, "header_too_large");
}

TEST_F(ErrorResponsesTest, ErrorsStillCarryRequestIdAndSecurityHeaders) {
  HttpResponse r = RawExchange("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_FALSE(r.Header("X-Request-ID").empty());
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace korrigo::itest
