// Route table of /api/v1/exams/{exam_id}/scheme: read (teachers of the exam too), edit, versions,
// export, import, copy from another exam.
#pragma once

#include <vector>

#include "exams/scheme_service.h"
#include "http/route.h"

namespace korrigo::http {

std::vector<Route> SchemeRoutes(exams::SchemeService* schemes);

}  // namespace korrigo::http
