// Parsing of bodies and query parameters shared by the route tables.
#include "http/request_parsing.h"

#include <charconv>

namespace korrigo::http {

core::Result<nlohmann::json> JsonObjectBody(const Request& request) {
  if (request.body.empty()) return core::Error::InvalidArgument("Corps de requête JSON attendu.");
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return core::Error::InvalidArgument("Corps de requête : JSON invalide.");
  if (!body.is_object())
    return core::Error::InvalidArgument("Corps de requête : un objet JSON est attendu.");
  return body;
}

core::Result<std::optional<int64_t>> IntQuery(const Request& request, const std::string& name) {
  auto raw = request.Query(name);
  if (!raw || raw->empty()) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
  if (ec != std::errc() || end != raw->data() + raw->size()) {
    return core::Error::InvalidArgument("Paramètre « " + name + " » : nombre entier attendu.",
                                        {{"field", name}});
  }
  return std::optional<int64_t>(value);
}

core::Result<Pagination> PaginationFrom(const Request& request, int64_t max_page_size) {
  Pagination p;
  auto page = IntQuery(request, "page");
  if (!page) return page.take_error();
  auto size = IntQuery(request, "page_size");
  if (!size) return size.take_error();
  if (*page) p.page = **page;
  if (*size) p.page_size = **size;
  if (p.page < 1 || p.page > 1'000'000) {
    return core::Error::InvalidArgument("Paramètre « page » : 1 ou plus.", {{"field", "page"}});
  }
  if (p.page_size < 1 || p.page_size > max_page_size) {
    return core::Error::InvalidArgument(
        "Paramètre « page_size » : entre 1 et " + std::to_string(max_page_size) + ".",
        {{"field", "page_size"}});
  }
  return p;
}

core::Result<std::optional<bool>> ArchivedQuery(const Request& request) {
  std::string archived = request.Query("archived").value_or("false");
  if (archived == "all") return std::optional<bool>();
  if (archived == "true" || archived == "false") return std::optional<bool>(archived == "true");
  return core::Error::InvalidArgument("« archived » : true, false ou all.",
                                      {{"field", "archived"}});
}

nlohmann::json PageJson(nlohmann::json items, int64_t total, const Pagination& page) {
  return {{"items", std::move(items)},
          {"total", total},
          {"page", page.page},
          {"page_size", page.page_size}};
}

exams::Viewer ViewerOf(const Request& request) {
  return {.user_id = request.principal->user_id, .role = request.principal->role};
}

audit::AuditContext AuditContextFrom(const Request& request) {
  audit::AuditContext c;
  if (request.principal) {
    c.user_id = request.principal->user_id;
    c.role = request.principal->role;
  }
  c.ip = request.remote_ip;
  c.user_agent = request.Header("user-agent").substr(0, 256);
  c.request_id = request.request_id;
  return c;
}

}  // namespace korrigo::http
