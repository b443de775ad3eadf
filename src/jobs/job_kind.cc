// JobContext: forwards progress and stop checks to the callbacks the worker pool (or a test) gave
// it.
#include "jobs/job_kind.h"

#include <algorithm>

namespace korrigo::jobs {

JobContext::JobContext(int64_t job_id, int attempt, nlohmann::json payload, ProgressSink progress,
                       StopCheck should_stop)
    : job_id_(job_id),
      attempt_(attempt),
      payload_(std::move(payload)),
      progress_(std::move(progress)),
      should_stop_(std::move(should_stop)) {}

void JobContext::ReportProgress(int percent, const std::string& message) {
  if (progress_) progress_(std::clamp(percent, 0, 100), message);
}

bool JobContext::ShouldStop() const { return should_stop_ ? should_stop_() : false; }

}  // namespace korrigo::jobs
