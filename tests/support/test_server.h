// TestServer: what most integration tests need — a scratch data directory, a fresh database
// (SQLite, or PostgreSQL when KORRIGO_TEST_DATABASE_URL is set) and a `korrigo serve` child
// configured for both. Tests adjust env() before Start(). Destruction kills the server before the
// database is dropped.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "support/http_client.h"
#include "support/server_process.h"
#include "testing/test_database.h"

namespace korrigo::itest {

class TestServer {
 public:
  TestServer();

  // The child's environment (BaseServerEnv to begin with); change it before Start().
  Env& env() { return env_; }
  ::testing::AssertionResult Start() { return process_.Start(env_); }

  uint16_t port() const { return process_.port(); }
  ServerProcess& process() { return process_; }
  const korrigo::testing::TestDatabase& database() const { return database_; }
  const std::string& data_dir() const { return data_.path(); }

  // GET `target` on a fresh connection.
  core::Result<HttpResponse> Get(
      const std::string& target,
      std::vector<std::pair<std::string, std::string>> headers = {}) const;

 private:
  korrigo::testing::TempDir data_;
  korrigo::testing::TestDatabase database_;
  Env env_;
  ServerProcess process_;  // last: destroyed (killed) first
};

// Calls `condition` every 100 ms until it returns true or `timeout` passes; returns its last
// answer.
bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace korrigo::itest
