// Route table of /api/v1/exams: exams, their correctors and their marking scheme.
#pragma once

#include <vector>

#include "exams/exam_service.h"
#include "exams/scheme_service.h"
#include "http/route.h"
#include "http/scheme_routes.h"

namespace korrigo::http {

std::vector<Route> ExamRoutes(exams::ExamService* exams, exams::SchemeService* schemes);

}  // namespace korrigo::http
