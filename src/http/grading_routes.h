// Route table of grading: dispatch, the grading screen's data and autosave, history, finalize /
// retry / reopen, final PDFs, statistics and the comment bank.
#pragma once

#include <vector>

#include "grading/comment_bank_service.h"
#include "grading/dispatch_service.h"
#include "grading/finalize_service.h"
#include "grading/grading_service.h"
#include "grading/stats_service.h"
#include "http/route.h"

namespace korrigo::http {

struct GradingRouteDeps {
  grading::DispatchService* dispatch;
  grading::GradingService* grading;
  grading::FinalizeService* finalize;
  grading::StatsService* stats;
  grading::CommentBankService* comments;
  scans::CopyService* copies;
};

std::vector<Route> GradingRoutes(const GradingRouteDeps& deps);

}  // namespace korrigo::http
