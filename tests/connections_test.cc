// Connection handling: keep-alive reuse, and the timeouts that protect the server from clients that
// trickle their headers or hold connections open without sending anything.
#include <gtest/gtest.h>

#include <thread>

#include "support/raw_connection.h"
#include "support/test_server.h"

namespace korrigo::itest {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(ConnectionsTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server;
  ASSERT_TRUE(server.Start());
  HttpClient client(server.port());
  const std::vector<std::string> targets = {
      "/api/v1/health/live", "/api/v1/health/ready", "/",
      "/api/v1/nothing",     "/api/v1/health/live",  "/api/v1/openapi.yaml"};
  for (const std::string& target : targets) {
    auto r = client.Get(target);
    ASSERT_TRUE(r.ok()) << target << ": " << r.error().message;
    EXPECT_TRUE(r->keep_alive) << target;
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(ConnectionsTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer server;
  ASSERT_TRUE(server.Start());
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  std::string two =
      "GET /api/v1/health/live HTTP/1.1\r\nHost: a\r\nX-Request-ID: first\r\n\r\n"
      "GET /api/v1/nothing HTTP/1.1\r\nHost: a\r\nX-Request-ID: second\r\nConnection: "
      "close\r\n\r\n";
  ASSERT_TRUE(conn.Send(two));
  std::string raw = conn.ReadUntilClosed(std::chrono::seconds(5));
  size_t first = raw.find("first");
  size_t second = raw.find("second");
  ASSERT_NE(first, std::string::npos) << raw;
  ASSERT_NE(second, std::string::npos) << raw;
  EXPECT_LT(first, second);
  EXPECT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw;
  EXPECT_NE(raw.find("HTTP/1.1 404"), std::string::npos) << raw;
}

TEST(ConnectionsTest, SlowHeaderClientIsDisconnected) {
  TestServer server;
  server.env()["KORRIGO_HEADER_TIMEOUT"] = "1";
  ASSERT_TRUE(server.Start());
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  const std::string request =
      "GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(100, 'x') +
      "\r\n\r\n";
  auto start = Clock::now();
  bool closed = false;
  for (size_t i = 0; i < request.size() && SecondsSince(start) < 6; ++i) {
    if (!conn.Send(request.substr(i, 1))) {
      closed = true;
      break;
    }
    // Waiting 300 ms for data doubles as the pause between bytes; a close shows up here.
    conn.ReadUntilClosed(std::chrono::milliseconds(300));
    if (conn.peer_closed()) {
      closed = true;
      break;
    }
  }
  double elapsed = SecondsSince(start);
  EXPECT_TRUE(closed) << "still connected after " << elapsed << " s";
  EXPECT_GE(elapsed, 0.7);
  EXPECT_LE(elapsed, 3.5);
}

TEST(ConnectionsTest, SilentNewConnectionIsClosedAfterHeaderTimeout) {
  TestServer server;
  server.env()["KORRIGO_HEADER_TIMEOUT"] = "1";
  ASSERT_TRUE(server.Start());
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  auto start = Clock::now();
  EXPECT_TRUE(conn.WaitForClose(std::chrono::seconds(5)));
  EXPECT_LE(SecondsSince(start), 3.5);
}

TEST(ConnectionsTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  TestServer server;
  server.env()["KORRIGO_IDLE_TIMEOUT"] = "1";
  ASSERT_TRUE(server.Start());
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.Send("GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto r = ParseResponse(conn.ReadResponse(std::chrono::seconds(5)));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->keep_alive);
  auto start = Clock::now();
  EXPECT_TRUE(conn.WaitForClose(std::chrono::seconds(6)));
  double elapsed = SecondsSince(start);
  EXPECT_GE(elapsed, 0.7);
  EXPECT_LE(elapsed, 3.5);
}

TEST(ConnectionsTest, ActiveKeepAliveConnectionOutlivesIdleTimeout) {
  TestServer server;
  server.env()["KORRIGO_IDLE_TIMEOUT"] = "2";
  ASSERT_TRUE(server.Start());
  HttpClient client(server.port());
  auto start = Clock::now();
  while (SecondsSince(start) < 4) {  // two idle periods, with a request every half second
    auto r = client.Get("/api/v1/health/live");
    ASSERT_TRUE(r.ok()) << r.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

}  // namespace
}  // namespace korrigo::itest
