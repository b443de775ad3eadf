// The per-connection coroutine. Order of work for one request: read the header (bounded time and
// size), decode and route the target, check the host and the route's policy, check the declared
// body size, then read or stream the body, run the handler (on the handler pool unless the route is
// inline), add standard headers, write, log. Errors answered before the body was read close the
// connection after a short lingering read, so the client receives the response instead of a reset.
#include "http/http_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "http/access_control.h"
#include "http/multipart_parser.h"
#include "http/server.h"
#include "http/standard_headers.h"

namespace korrigo::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using net::awaitable;
constexpr auto kAsTuple = net::as_tuple(net::use_awaitable);

namespace {

bool IsQuietDisconnect(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
         ec == net::error::operation_aborted || ec == net::error::connection_reset ||
         ec == net::error::eof || ec == net::error::broken_pipe ||
         ec == bhttp::error::partial_message;
}

}  // namespace

HttpSession::HttpSession(Server& server, net::ip::tcp::socket socket)
    : server_(server), stream_(std::move(socket)) {
  boost::system::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ip_ = endpoint.address().to_string();
  server_.Register(this);
}

HttpSession::~HttpSession() { server_.Unregister(this); }

void HttpSession::CloseIfIdle() {
  net::post(stream_.get_executor(), [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self || !self->idle_) return;
    boost::system::error_code ec;
    self->stream_.socket().cancel(ec);
  });
}

awaitable<bool> HttpSession::WaitForRequest() {
  if (buffer_.size() > 0) co_return true;
  if (server_.draining()) co_return false;
  idle_ = true;
  auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(8192), kAsTuple);
  idle_ = false;
  if (ec) co_return false;
  buffer_.commit(n);
  co_return true;
}

awaitable<void> HttpSession::Run() {
  auto self = shared_from_this();
  const ServerOptions& opt = server_.options();
  bool first = true;
  for (;;) {
    stream_.expires_after(std::chrono::seconds(first ? opt.header_timeout_s : opt.idle_timeout_s));
    first = false;
    if (!co_await WaitForRequest()) break;
    HeaderParser parser;
    parser.header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
    parser.body_limit(boost::none);  // limits are per route, checked in Handle
    stream_.expires_after(std::chrono::seconds(opt.header_timeout_s));
    auto [ec, header_bytes] = co_await bhttp::async_read_header(stream_, buffer_, parser, kAsTuple);
    (void)header_bytes;
    double start = core::MonotonicSeconds();
    Request request;
    request.remote_ip = remote_ip_;
    Outcome outcome;
    unsigned version = 11;
    bool keep_alive = false;
    if (ec) {
      if (IsQuietDisconnect(ec)) break;
      request.request_id = ChooseRequestId("");
      outcome.close = true;
      outcome.response =
          ec == bhttp::error::header_limit
              ? Response::ProtocolError(431, "header_too_large",
                                        "En-têtes de requête trop volumineux.")
              : Response::ProtocolError(400, "bad_request", "Requête HTTP mal formée.");
    } else {
      version = parser.get().version();
      keep_alive = parser.get().keep_alive();
      outcome = co_await Handle(parser, request);
    }
    bool close = outcome.close || !keep_alive || server_.draining();
    size_t bytes = co_await Write(request, outcome.response, close, version);
    double seconds = core::MonotonicSeconds() - start;
    int status = outcome.response.status;
    auto& metrics = core::Metrics::Global();
    metrics.Increment(
        "korrigo_http_requests_total", "HTTP requests by method, route template and status.",
        {{"method", request.method}, {"route", outcome.route}, {"status", std::to_string(status)}});
    metrics.Observe("korrigo_http_request_duration_seconds",
                    "HTTP request duration by route template.", {{"route", outcome.route}}, seconds,
                    core::Metrics::LatencyBuckets());
    core::LogInfo("http.request", {{"method", request.method},
                                   {"route", outcome.route},
                                   {"status", status},
                                   {"duration_ms", std::round(seconds * 1e5) / 100},
                                   {"bytes", bytes},
                                   {"request_id", request.request_id}});
    if (close) {
      if (outcome.close) co_await LingeringClose();
      break;
    }
  }
  boost::system::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

awaitable<HttpSession::Outcome> HttpSession::Handle(HeaderParser& parser, Request& request) {
  const ServerOptions& opt = server_.options();
  auto& msg = parser.get();
  request.method = std::string(msg.method_string());
  for (const auto& field : msg) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  request.request_id = ChooseRequestId(request.Header("x-request-id"));

  const bool has_body = msg.chunked() || (msg.has_content_length() && *parser.content_length() > 0);
  Outcome out;
  auto reject = [&](Response response) {
    out.response = std::move(response);
    out.close = has_body;  // the body stays unread
    return out;
  };

  std::string_view target = msg.target();
  std::string_view raw_path = target.substr(0, target.find('?'));
  if (target.find('?') != std::string_view::npos)
    request.query = ParseQuery(target.substr(target.find('?') + 1));
  auto decoded = PercentDecode(raw_path);
  bool encoded_slash = raw_path.find("%2F") != std::string_view::npos ||
                       raw_path.find("%2f") != std::string_view::npos;
  if (raw_path.empty() || raw_path[0] != '/' || !decoded || encoded_slash) {
    co_return reject(Response::ProtocolError(400, "bad_request", "Chemin de requête invalide."));
  }
  request.path = *decoded;

  bool operational = request.path.rfind("/api/v1/health/", 0) == 0 || request.path == "/metrics";
  if (!operational && !HostAllowed(opt.allowed_hosts, request.Header("host"))) {
    co_return reject(Response::ProtocolError(400, "bad_request", "Nom d'hôte non autorisé."));
  }

  RouteMatch match = server_.router().Match(request.method, request.path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) {
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      Response r = Response::ProtocolError(405, "method_not_allowed",
                                           "Méthode non autorisée pour cette adresse.");
      r.headers["Allow"] = allow;
      co_return reject(std::move(r));
    }
    if (request.method == "GET" || request.method == "HEAD") {
      if (auto page = server_.static_files().Serve(request.path)) {
        out.route = "static";
        co_return reject(std::move(*page));
      }
    }
    co_return reject(Response::ProtocolError(404, "not_found", "Ressource introuvable."));
  }
  const Route& route = *match.route;
  out.route = route.pattern;
  request.route = route.pattern;
  request.path_params = std::move(match.params);

  if (route.policy.kind != Policy::Kind::kPublic || route.rate_limit.max_hits > 0) {
    // Session lookup and rate limiting touch the database: run them on the handler pool.
    auto checked = co_await net::co_spawn(
        server_.handler_pool(),
        [&]() -> awaitable<std::optional<Response>> { co_return ResolveCaller(route, request); },
        net::use_awaitable);
    if (checked) co_return reject(std::move(*checked));
  }
  if (auto denied = CheckAccess(route, request, opt.access)) co_return reject(std::move(*denied));

  int64_t limit = route.max_body_bytes > 0             ? route.max_body_bytes
                  : route.body == BodyKind::kMultipart ? opt.max_upload_bytes
                                                       : opt.max_body_bytes;
  if (msg.has_content_length() && *parser.content_length() > static_cast<uint64_t>(limit)) {
    co_return reject(Response::FromError(
        {core::ErrorCode::kPayloadTooLarge, "Requête trop volumineuse.", {{"max_bytes", limit}}}));
  }
  if (has_body) {
    // Not a conditional expression: GCC 12 destroys the result of co_await inside ?: twice.
    core::Status read;
    if (route.body == BodyKind::kMultipart) {
      read = co_await ReadMultipartBody(parser, request, limit, route.max_file_bytes);
    } else {
      read = co_await ReadBufferedBody(parser, request, limit);
    }
    if (!read) {
      out.response = Response::FromError(read.error());
      out.close = true;
      co_return out;
    }
  } else if (route.body == BodyKind::kMultipart) {
    co_return reject(Response::ProtocolError(422, "invalid_argument",
                                             "Aucun fichier reçu (corps multipart attendu)."));
  }
  if (route.body == BodyKind::kNone) request.body.clear();

  out.response = co_await RunHandler(route, request);
  if (request.form) {
    // Files the handler did not move away are temporary: remove them.
    std::error_code ec;
    for (const UploadedFile& f : request.form->files) std::filesystem::remove(f.path, ec);
  }
  co_return out;
}

std::optional<Response> HttpSession::ResolveCaller(const Route& route, Request& request) {
  const ServerOptions& opt = server_.options();
  std::string token = request.Cookie(auth::kSessionCookieName);
  if (!token.empty() && opt.authenticate && route.policy.kind != Policy::Kind::kPublic) {
    auto principal = opt.authenticate(token);
    if (!principal) return Response::FromError(principal.error());
    request.principal = std::move(*principal);
  }
  if (route.rate_limit.max_hits > 0 && opt.rate_limit) {
    std::string subject = request.principal ? "user:" + std::to_string(request.principal->user_id)
                                            : "ip:" + request.remote_ip;
    auto wait = opt.rate_limit(route.rate_limit, subject);
    if (!wait) return Response::FromError(wait.error());
    if (*wait) {
      return Response::FromError({core::ErrorCode::kTooManyRequests,
                                  "Trop de demandes : réessayez plus tard.",
                                  {{"retry_after_s", **wait}}});
    }
  }
  return std::nullopt;
}

awaitable<void> HttpSession::SendContinueIfExpected(HeaderParser& parser) {
  auto expect = parser.get()[bhttp::field::expect];
  if (!beast::iequals(expect, "100-continue")) co_return;
  bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, parser.get().version()};
  co_await bhttp::async_write(stream_, cont, kAsTuple);
}

awaitable<core::Status> HttpSession::ReadBufferedBody(HeaderParser& parser, Request& request,
                                                      int64_t limit) {
  co_await SendContinueIfExpected(parser);
  bhttp::request_parser<bhttp::string_body> body_parser(std::move(parser));
  body_parser.body_limit(static_cast<uint64_t>(limit));
  stream_.expires_after(std::chrono::seconds(server_.options().body_timeout_s));
  auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, body_parser, kAsTuple);
  if (ec == bhttp::error::body_limit) {
    co_return core::Error{
        core::ErrorCode::kPayloadTooLarge, "Requête trop volumineuse.", {{"max_bytes", limit}}};
  }
  if (ec) co_return core::Error::InvalidArgument("Corps de requête incomplet ou mal formé.");
  request.body = std::move(body_parser.get().body());
  co_return core::Status{};
}

awaitable<core::Status> HttpSession::ReadMultipartBody(HeaderParser& parser, Request& request,
                                                       int64_t limit, int64_t file_limit) {
  auto boundary = MultipartParser::BoundaryFromContentType(request.Header("content-type"));
  if (!boundary) co_return boundary.take_error();
  co_await SendContinueIfExpected(parser);
  bhttp::request_parser<bhttp::buffer_body> body_parser(std::move(parser));
  body_parser.body_limit(static_cast<uint64_t>(limit));
  DiskMultipartSink sink(server_.options().upload_dir, file_limit > 0 ? file_limit : limit, limit);
  MultipartParser multipart(*boundary, sink);
  buffer_.reserve(256 * 1024);  // the socket read size follows the buffer's free capacity
  std::vector<char> chunk(256 * 1024);
  while (!body_parser.is_done()) {
    body_parser.get().body().data = chunk.data();
    body_parser.get().body().size = chunk.size();
    stream_.expires_after(std::chrono::seconds(server_.options().body_timeout_s));
    auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, body_parser, kAsTuple);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec == bhttp::error::body_limit) {
      co_return core::Error{
          core::ErrorCode::kPayloadTooLarge, "Envoi trop volumineux.", {{"max_bytes", limit}}};
    }
    if (ec) co_return core::Error::InvalidArgument("Envoi interrompu ou mal formé.");
    size_t got = chunk.size() - body_parser.get().body().size;
    if (core::Status s = multipart.Feed({chunk.data(), got}); !s) co_return s;
  }
  if (core::Status s = multipart.Finish(); !s) co_return s;
  request.form = sink.TakeForm();
  co_return core::Status{};
}

awaitable<Response> HttpSession::RunHandler(const Route& route, Request& request) {
  auto call = [&route, &request]() -> Response {
    try {
      return route.handler(request);
    } catch (const std::exception& e) {
      core::LogError(
          "http.handler_exception",
          {{"route", route.pattern}, {"request_id", request.request_id}, {"error", e.what()}});
    } catch (...) {
      core::LogError(
          "http.handler_exception",
          {{"route", route.pattern}, {"request_id", request.request_id}, {"error", "unknown"}});
    }
    return Response::FromError({core::ErrorCode::kInternal,
                                "Erreur interne. Communiquez l'identifiant de requête au support.",
                                {{"request_id", request.request_id}}});
  };
  if (route.executor == Executor::kInline) co_return call();
  auto& pool = route.executor == Executor::kCrypto ? server_.crypto_pool() : server_.handler_pool();
  co_return co_await net::co_spawn(
      pool, [&call]() -> awaitable<Response> { co_return call(); }, net::use_awaitable);
}

awaitable<size_t> HttpSession::Write(const Request& request, Response& response, bool close,
                                     unsigned version) {
  ApplyStandardHeaders(response, request.path, request.request_id, server_.options().production);
  stream_.expires_after(std::chrono::seconds(server_.options().body_timeout_s));
  const bool head = request.method == "HEAD";
  auto fill = [&](auto& res) {
    for (const auto& [name, value] : response.headers) res.set(name, value);
    res.keep_alive(!close);
  };
  if (response.file_path) {
    bhttp::file_body::value_type file;
    beast::error_code ec;
    file.open(response.file_path->c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      size_t size = static_cast<size_t>(file.size());
      if (head) {
        bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(response.status),
                                               version};
        fill(res);
        res.content_length(size);
        co_await bhttp::async_write(stream_, res, kAsTuple);
        co_return 0;
      }
      bhttp::response<bhttp::file_body> res{static_cast<bhttp::status>(response.status), version};
      fill(res);
      res.body() = std::move(file);
      res.prepare_payload();
      co_await bhttp::async_write(stream_, res, kAsTuple);
      co_return size;
    }
    core::LogError("http.file_unreadable",
                   {{"request_id", request.request_id}, {"error", ec.message()}});
    response = Response::ProtocolError(404, "not_found", "Ressource introuvable.");
    ApplyStandardHeaders(response, request.path, request.request_id, server_.options().production);
  }
  size_t size = response.body.size();
  if (head) {
    bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(response.status), version};
    fill(res);
    res.content_length(size);
    co_await bhttp::async_write(stream_, res, kAsTuple);
    co_return 0;
  }
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), version};
  fill(res);
  res.body() = std::move(response.body);
  res.prepare_payload();
  co_await bhttp::async_write(stream_, res, kAsTuple);
  co_return size;
}

awaitable<void> HttpSession::LingeringClose() {
  boost::system::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::chrono::seconds(2));
  std::vector<char> sink(64 * 1024);
  size_t total = 0;
  while (total < (8u << 20)) {
    auto [read_ec, n] = co_await stream_.async_read_some(net::buffer(sink), kAsTuple);
    if (read_ec) break;
    total += n;
  }
}

}  // namespace korrigo::http
