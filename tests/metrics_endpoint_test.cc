// GET /metrics as Prometheus scrapes it: protected by a bearer token when one is configured, and
// exposing the request counters, latency histograms and process gauges that the dashboards and
// alerts use.
#include <gtest/gtest.h>

#include <sstream>

#include "support/test_server.h"

namespace korrigo::itest {
namespace {

constexpr char kToken[] = "metrics-token-0123456789abcdef";

// The value of the first sample line that starts with `prefix` (name plus labels), or -1 when there
// is none.
double SampleValue(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

bool HasLineStartingWith(const std::string& text, const std::string& prefix) {
  return SampleValue(text, prefix) >= 0;
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.env()["KORRIGO_METRICS_TOKEN"] = kToken;
    ASSERT_TRUE(server_.Start());
  }
  core::Result<HttpResponse> Scrape(const std::string& authorization) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
    return server_.Get("/metrics", headers);
  }
  TestServer server_;
};

TEST_F(MetricsEndpointTest, TokenIsRequired) {
  const std::vector<std::string> refused = {"", "Bearer wrong-token",
                                            std::string("Bearer ") + kToken + "x",
                                            std::string("Basic ") + kToken, std::string(kToken)};
  for (const std::string& auth : refused) {
    auto r = Scrape(auth);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 401) << "Authorization: " << auth;
    EXPECT_EQ(r->Json()["error"].value("code", ""), "unauthenticated") << r->body;
    EXPECT_EQ(r->body.find("korrigo_http_requests_total"), std::string::npos);
  }
  auto r = Scrape("");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->Header("WWW-Authenticate").find("Bearer"), std::string::npos);

  auto ok = Scrape(std::string("Bearer ") + kToken);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->Header("Content-Type").rfind("text/plain", 0), 0u) << ok->Header("Content-Type");
}

TEST_F(MetricsEndpointTest, ExposesRequestProcessAndLatencyMetrics) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(server_.Get("/api/v1/health/live").ok());
  ASSERT_TRUE(server_.Get("/api/v1/nothing-here").ok());
  auto r = Scrape(std::string("Bearer ") + kToken);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->status, 200);
  const std::string& text = r->body;

  EXPECT_NE(text.find("# TYPE korrigo_http_requests_total counter"), std::string::npos) << text;
  double live = SampleValue(
      text,
      "korrigo_http_requests_total{method=\"GET\",route=\"/api/v1/health/live\",status=\"200\"}");
  EXPECT_GE(live, 3) << text;
  EXPECT_TRUE(HasLineStartingWith(
                  text, "korrigo_http_requests_total{method=\"GET\",route=\"\",status=\"404\"}") ||
              text.find("status=\"404\"") != std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE korrigo_http_request_duration_seconds histogram"), std::string::npos)
      << text;
  EXPECT_TRUE(HasLineStartingWith(
      text,
      "korrigo_http_request_duration_seconds_bucket{route=\"/api/v1/health/live\",le=\"+Inf\"}"))
      << text;
  EXPECT_GE(SampleValue(
                text, "korrigo_http_request_duration_seconds_count{route=\"/api/v1/health/live\"}"),
            3)
      << text;

  EXPECT_GT(SampleValue(text, "korrigo_process_resident_memory_bytes "), 1e6) << text;
  EXPECT_GT(SampleValue(text, "korrigo_process_open_fds "), 3) << text;
  EXPECT_GE(SampleValue(text, "korrigo_process_uptime_seconds "), 0) << text;
  // korrigo_jobs is only present once jobs exist; none do in a fresh server.
}

TEST(MetricsOpenTest, WithoutTokenMetricsAreOpenInDevelopment) {
  TestServer server;
  ASSERT_TRUE(server.Start());
  auto r = server.Get("/metrics");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Cache-Control"), "no-store");
  EXPECT_NE(r->body.find("korrigo_process_uptime_seconds"), std::string::npos);
}

}  // namespace
}  // namespace korrigo::itest
