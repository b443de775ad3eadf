// Server: the HTTP/1.1 server on Boost.Beast with C++20 coroutines. I/O threads read requests,
// enforce header and body limits and timeouts, stream uploads to disk, and hand each request to the
// handler pool (blocking work such as SQL never runs on an I/O thread). Shutdown is graceful: stop
// accepting, close idle connections, let in-flight requests finish within the configured bound.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "core/result.h"
#include "http/router.h"
#include "http/server_options.h"
#include "http/static_files.h"

namespace korrigo::http {

class HttpSession;

class Server {
 public:
  // `router` and `static_files` must outlive the server.
  Server(ServerOptions options, const Router& router, const StaticFiles& static_files);
  ~Server();

  // Binds and listens. Errors: unavailable (address in use, permission).
  core::Status Listen();
  // The bound port (after Listen).
  uint16_t port() const { return port_; }

  // Serves until Shutdown() (or SIGTERM/SIGINT when handle_signals) and every connection has ended
  // or the shutdown bound has passed. Runs io_threads - 1 extra threads plus the caller's.
  void Run();

  // Begins a graceful shutdown. Thread-safe, idempotent.
  void Shutdown();

  // For sessions: whether the server is draining (responses then carry Connection: close).
  bool draining() const { return draining_.load(); }
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  const StaticFiles& static_files() const { return static_files_; }
  boost::asio::thread_pool& handler_pool() { return handler_pool_; }
  boost::asio::thread_pool& crypto_pool() { return crypto_pool_; }

  // Connection bookkeeping used by HttpSession.
  void Register(HttpSession* session);
  void Unregister(HttpSession* session);

 private:
  void CloseIdleSessions();

  ServerOptions options_;
  const Router& router_;
  const StaticFiles& static_files_;
  // Declared before the event loop: destroying ioc_ destroys unfinished sessions, which unregister
  // here.
  std::mutex mu_;
  std::condition_variable all_closed_;
  std::set<HttpSession*> sessions_;
  std::thread shutdown_thread_;  // waits for connections to end, then stops the event loop
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::thread_pool handler_pool_;
  boost::asio::thread_pool crypto_pool_;
  uint16_t port_ = 0;
  std::atomic<bool> draining_{false};
};

}  // namespace korrigo::http
