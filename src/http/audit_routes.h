// Route table of /api/v1/audit-log: filtering and CSV export of the audit trail (admins only).
#pragma once

#include <vector>

#include "audit/audit_store.h"
#include "http/route.h"

namespace korrigo::http {

std::vector<Route> AuditRoutes(audit::AuditStore* audit);

}  // namespace korrigo::http
