// Listening, accepting, and the graceful shutdown sequence of the HTTP server.
#include "http/server.h"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.h"
#include "http/http_session.h"

namespace korrigo::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Server::Server(ServerOptions options, const Router& router, const StaticFiles& static_files)
    : options_(std::move(options)),
      router_(router),
      static_files_(static_files),
      ioc_(options_.io_threads),
      acceptor_(ioc_),
      signals_(ioc_),
      handler_pool_(static_cast<size_t>(options_.handler_threads)),
      crypto_pool_(static_cast<size_t>(options_.crypto_threads)) {}

Server::~Server() {
  handler_pool_.join();
  crypto_pool_.join();
}

core::Status Server::Listen() {
  boost::system::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec)
    return core::Error::InvalidArgument(
        fmt::format("Adresse d'écoute invalide : {}", options_.host));
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Error::Unavailable(fmt::format("Impossible d'écouter sur {}:{} : {}",
                                                options_.host, options_.port, ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  return {};
}

void Server::Run() {
  net::co_spawn(
      ioc_,
      [this]() -> net::awaitable<void> {
        for (;;) {
          auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(ioc_),
                                                              net::as_tuple(net::use_awaitable));
          if (ec) {
            if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
            core::LogWarn("http.accept_failed", {{"error", ec.message()}});
            continue;
          }
          socket.set_option(tcp::no_delay(true), ec);
          auto session = std::make_shared<HttpSession>(*this, std::move(socket));
          net::co_spawn(session->executor(), session->Run(), net::detached);
        }
      },
      net::detached);
  if (options_.handle_signals) {
    signals_.add(SIGTERM);
    signals_.add(SIGINT);
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      core::LogInfo("server.signal", {{"signal", signal}});
      Shutdown();
    });
  }
  core::LogInfo("server.listening", {{"address", fmt::format("{}:{}", options_.host, port_)},
                                     {"io_threads", options_.io_threads},
                                     {"handler_threads", options_.handler_threads}});
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads) t.join();
  handler_pool_.join();
  crypto_pool_.join();
  std::thread shutdown;
  {
    std::lock_guard lock(mu_);
    shutdown.swap(shutdown_thread_);
  }
  if (shutdown.joinable()) shutdown.join();
  core::LogInfo("server.stopped", {});
}

void Server::Shutdown() {
  if (draining_.exchange(true)) return;
  core::LogInfo("server.draining", {{"timeout_s", options_.shutdown_timeout_s}});
  net::post(ioc_, [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
  });
  CloseIdleSessions();
  // Wait (off the I/O threads) for in-flight requests, then stop the event loop whatever remains.
  std::lock_guard lock(mu_);
  shutdown_thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    bool done = all_closed_.wait_for(lock, std::chrono::seconds(options_.shutdown_timeout_s),
                                     [this] { return sessions_.empty(); });
    if (!done) core::LogWarn("server.shutdown_timeout", {{"open_connections", sessions_.size()}});
    lock.unlock();
    ioc_.stop();
  });
}

void Server::Register(HttpSession* session) {
  std::lock_guard lock(mu_);
  sessions_.insert(session);
}

void Server::Unregister(HttpSession* session) {
  std::lock_guard lock(mu_);
  sessions_.erase(session);
  if (sessions_.empty()) all_closed_.notify_all();
}

void Server::CloseIdleSessions() {
  std::lock_guard lock(mu_);
  for (HttpSession* s : sessions_) s->CloseIfIdle();
}

}  // namespace korrigo::http
