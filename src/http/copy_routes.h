// Route table of copies (admin): list and read them, validate, identify by hand, absents, the pool
// of unassigned pages, the identity zone, and the page repairs with their history and undo.
#pragma once

#include <vector>

#include "http/route.h"
#include "scans/copy_service.h"
#include "scans/page_repair_service.h"

namespace korrigo::http {

std::vector<Route> CopyRoutes(scans::CopyService* copies, scans::PageRepairService* repairs);

}  // namespace korrigo::http
