// Turning request parts into typed values, with French validation messages: the JSON body,
// pagination parameters, and the audit context (who, from where) of the request.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "audit/audit_entry.h"
#include "core/result.h"
#include "exams/exam_service.h"
#include "http/request.h"

namespace korrigo::http {

// The body as a JSON object. Errors: invalid_argument when it is empty, not JSON, or not an object.
core::Result<nlohmann::json> JsonObjectBody(const Request& request);

struct Pagination {
  int64_t page = 1;
  int64_t page_size = 25;
};
// ?page=&page_size= (page ≥ 1, 1 ≤ page_size ≤ max_page_size). Errors: invalid_argument naming the
// parameter.
core::Result<Pagination> PaginationFrom(const Request& request, int64_t max_page_size = 100);

// An optional integer query parameter. Errors: invalid_argument when present but not an integer.
core::Result<std::optional<int64_t>> IntQuery(const Request& request, const std::string& name);

// ?archived=false (default) | true | all → only active, only archived, or both (nullopt).
core::Result<std::optional<bool>> ArchivedQuery(const Request& request);

// The envelope of every paginated list: {"items", "total", "page", "page_size"}.
nlohmann::json PageJson(nlohmann::json items, int64_t total, const Pagination& page);

audit::AuditContext AuditContextFrom(const Request& request);

// Who is asking, for services' object-level checks. The route must require a session.
exams::Viewer ViewerOf(const Request& request);

}  // namespace korrigo::http
