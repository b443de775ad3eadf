// Liveness and readiness as a load balancer or an orchestrator sees them, including readiness
// following a PostgreSQL outage and recovery.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace korrigo::itest {
namespace {

TEST(HealthTest, LiveAnswersOkWithVersionAndUptime) {
  TestServer server;
  ASSERT_TRUE(server.Start());
  auto r = server.Get("/api/v1/health/live");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Content-Type").rfind("application/json", 0), 0u)
      << r->Header("Content-Type");
  auto body = r->Json();
  EXPECT_EQ(body.value("status", ""), "ok") << r->body;
  EXPECT_FALSE(body.value("version", "").empty()) << r->body;
  EXPECT_TRUE(body.contains("uptime_s") && body["uptime_s"].is_number()) << r->body;
}

TEST(HealthTest, ReadyReportsEveryCheck) {
  TestServer server;
  server.env()["KORRIGO_WORKERS"] = "1";  // the embedded worker pool is part of readiness
  ASSERT_TRUE(server.Start());
  auto r = server.Get("/api/v1/health/ready");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200) << r->body;
  auto body = r->Json();
  EXPECT_EQ(body.value("status", ""), "ready") << r->body;
  for (const char* check : {"database", "migrations", "file_store", "workers"}) {
    ASSERT_TRUE(body["checks"].contains(check)) << check << " missing in " << r->body;
    EXPECT_EQ(body["checks"][check].value("ok", false), true) << check << ": " << r->body;
  }
  EXPECT_EQ(body["checks"]["workers"].value("embedded", false), true) << r->body;
}

TEST(HealthTest, ReadyWithoutEmbeddedWorkers) {
  TestServer server;  // KORRIGO_WORKERS=0
  ASSERT_TRUE(server.Start());
  auto r = server.Get("/api/v1/health/ready");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->Json()["checks"]["workers"].value("embedded", true), false) << r->body;
}

// The pool must drop broken PostgreSQL sessions and open fresh ones once the database accepts
// connections again.
TEST(HealthTest, ReadyFollowsDatabaseOutageAndRecovery) {
  TestServer server;
  if (!server.database().is_postgres()) {
    GTEST_SKIP() << "needs PostgreSQL (set KORRIGO_TEST_DATABASE_URL): SQLite cannot be taken away";
  }
  ASSERT_TRUE(server.Start());
  const std::string name = server.database().name();
  std::string last_body;
  auto ready_status = [&server, &last_body] {
    // Longer than Database::Acquire's 10 s wait, so a slow 503 is still seen as a 503.
    HttpClient client(server.port(), std::chrono::seconds(15));
    auto r = client.Get("/api/v1/health/ready");
    last_body = r.ok() ? r->body : r.error().message;
    return r.ok() ? r->status : 0;
  };
  ASSERT_EQ(ready_status(), 200);

  server.database().AdminExec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
  server.database().AdminExec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
  int last = 0;
  EXPECT_TRUE(Eventually([&] { return (last = ready_status()) == 503; }, std::chrono::seconds(10)))
      << "last status " << last << ": " << last_body;
  auto down = server.Get("/api/v1/health/ready");
  if (down.ok() && down->status == 503) {
    auto body = down->Json();
    EXPECT_EQ(body.value("status", ""), "not_ready") << down->body;
    EXPECT_EQ(body["checks"]["database"].value("ok", true), false) << down->body;
    EXPECT_TRUE(body["checks"]["database"].contains("error")) << down->body;
  }
  // Liveness does not depend on the database.
  auto live = server.Get("/api/v1/health/live");
  ASSERT_TRUE(live.ok()) << live.error().message;
  EXPECT_EQ(live->status, 200);

  server.database().AdminExec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  bool recovered =
      Eventually([&] { return (last = ready_status()) == 200; }, std::chrono::seconds(10));
  EXPECT_TRUE(recovered) << "last status " << last << ": " << last_body;
  if (!recovered) {
    auto errors = server.process().LogLines("db.error");
    for (size_t i = errors.size() > 6 ? errors.size() - 6 : 0; i < errors.size(); ++i) {
      ADD_FAILURE() << "server log: " << errors[i];
    }
  }
}

}  // namespace
}  // namespace korrigo::itest
