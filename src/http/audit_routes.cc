// Handlers of /api/v1/audit-log. Filters: actor_id, action (exact, or a prefix ending in '*'),
// target_type, target_id, from and to (ISO dates or ms since epoch). The CSV export follows the
// same filters, newest first, capped at 100,000 rows (with a header telling when the cap was hit).
#include "http/audit_routes.h"

#include <ctime>

#include "core/clock.h"
#include "core/csv_writer.h"
#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

constexpr int64_t kExportMaxRows = 100'000;

// "2026-11-28", "2026-11-28T10:15:00Z" or milliseconds since the epoch.
std::optional<int64_t> ParseTime(const std::string& v) {
  if (!v.empty() &&
      std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return v.size() <= 15 ? std::optional<int64_t>(std::stoll(v)) : std::nullopt;
  }
  std::tm tm{};
  const char* end = strptime(v.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) {
    tm = {};
    end = strptime(v.c_str(), "%Y-%m-%d", &tm);
  }
  if (!end || (*end != '\0' && std::string(end) != "Z")) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

core::Result<audit::AuditFilter> FilterFrom(const Request& r) {
  audit::AuditFilter f;
  auto actor = IntQuery(r, "actor_id");
  if (!actor) return actor.take_error();
  f.actor_user_id = *actor;
  f.action = r.Query("action").value_or("");
  f.target_type = r.Query("target_type").value_or("");
  f.target_id = r.Query("target_id").value_or("");
  for (const std::string* s : {&f.action, &f.target_type, &f.target_id}) {
    if (s->size() > 200) return core::Error::InvalidArgument("Filtre trop long.");
  }
  for (auto [name, field] : {std::pair{"from", &f.from_ms}, std::pair{"to", &f.to_ms}}) {
    if (auto v = r.Query(name); v && !v->empty()) {
      auto t = ParseTime(*v);
      if (!t) {
        return core::Error::InvalidArgument(
            std::string("Paramètre « ") + name + " » : date AAAA-MM-JJ attendue.",
            {{"field", name}});
      }
      *field = *t;
    }
  }
  return f;
}

Response List(audit::AuditStore* audit, Request& r) {
  auto filter = FilterFrom(r);
  if (!filter) return Response::FromError(filter.error());
  auto page = PaginationFrom(r, 500);
  if (!page) return Response::FromError(page.error());
  auto result = audit->Query(*filter, (page->page - 1) * page->page_size, page->page_size);
  if (!result) return Response::FromError(result.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : result->entries) items.push_back(e.ToJson());
  return Response::Json(200, PageJson(std::move(items), result->total, *page));
}

Response Export(audit::AuditStore* audit, Request& r) {
  auto filter = FilterFrom(r);
  if (!filter) return Response::FromError(filter.error());
  std::string csv = core::kCsvBom;  // BOM: spreadsheets then read the file as UTF-8
  csv += "id;date;utilisateur;role;action;type_cible;id_cible;ip;navigateur;requete;details\r\n";
  int64_t written = 0, total = 0;
  for (int64_t offset = 0; written < kExportMaxRows; offset += 500) {
    auto page = audit->Query(*filter, offset, 500);
    if (!page) return Response::FromError(page.error());
    total = page->total;
    for (const auto& e : page->entries) {
      csv += std::to_string(e.id) + ";" + core::CsvCell(core::FormatIso8601(e.occurred_at)) + ";" +
             (e.actor_user_id ? std::to_string(*e.actor_user_id) : "") + ";" +
             core::CsvCell(e.actor_role) + ";" + core::CsvCell(e.action) + ";" +
             core::CsvCell(e.target_type) + ";" + core::CsvCell(e.target_id) + ";" +
             core::CsvCell(e.ip) + ";" + core::CsvCell(e.user_agent) + ";" +
             core::CsvCell(e.request_id) + ";" + core::CsvCell(e.details.dump()) + "\r\n";
      if (++written >= kExportMaxRows) break;
    }
    if (page->entries.size() < 500) break;
  }
  Response resp = Response::Text(200, std::move(csv), "text/csv; charset=utf-8");
  resp.headers["Content-Disposition"] = "attachment; filename=\"journal-audit.csv\"";
  resp.headers["X-Total-Count"] = std::to_string(total);
  if (total > written) resp.headers["X-Truncated"] = "true";
  return resp;
}

}  // namespace

std::vector<Route> AuditRoutes(audit::AuditStore* audit) {
  const Policy admin = Policy::Roles({"admin"});
  return {
      {.method = "GET",
       .pattern = "/api/v1/audit-log",
       .policy = admin,
       .handler = [audit](Request& r) { return List(audit, r); }},
      {.method = "GET",
       .pattern = "/api/v1/audit-log/export.csv",
       .policy = admin,
       .handler = [audit](Request& r) { return Export(audit, r); },
       .rate_limit = {.bucket = "audit.export", .max_hits = 30, .window_ms = 60 * 60 * 1000}},
  };
}

}  // namespace korrigo::http
