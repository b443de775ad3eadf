// The common integration-test fixture pieces.
#include "support/test_server.h"

#include <thread>

namespace korrigo::itest {

TestServer::TestServer() : env_(BaseServerEnv(data_.path(), database_)) {}

core::Result<HttpResponse> TestServer::Get(
    const std::string& target, std::vector<std::pair<std::string, std::string>> headers) const {
  return Fetch(port(),
               {.method = "GET", .target = target, .headers = std::move(headers), .body = ""});
}

bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace korrigo::itest
