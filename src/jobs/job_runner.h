// JobRunner: runs one claimed job on a worker thread — finds its kind, calls the kind's function
// with a JobContext, catches whatever it throws, and records the outcome in the JobStore (the table
// of outcomes is in worker_pool.h). Also records the korrigo_jobs_finished_total and
// korrigo_job_duration_seconds metrics and one log line per job. Used by WorkerPool; one runner per
// worker thread.
#pragma once

#include <atomic>
#include <optional>
#include <shared_mutex>
#include <string>

#include "core/result.h"
#include "jobs/job.h"
#include "jobs/job_registry.h"
#include "jobs/job_store.h"

namespace korrigo::jobs {

// The door between a pool's job threads and the store. Once Abandon() has returned, no call made
// through With() reaches the store any more, so a thread the pool had to abandon can outlive the
// store safely.
class RunnerGate {
 public:
  explicit RunnerGate(JobStore& store) : store_(store) {}

  // Runs fn(store) and returns true, or returns false without running it once abandoned.
  template <typename F>
  bool With(F&& fn) {
    std::shared_lock lock(mu_);
    if (abandoned_) return false;
    fn(store_);
    return true;
  }
  // Waits for calls in progress to end, then closes the gate for good.
  void Abandon() {
    std::unique_lock lock(mu_);
    abandoned_ = true;
  }

  std::atomic<bool> stopping{false};  // the pool is stopping: ShouldStop() is true for every job
  std::atomic<int> busy{0};           // jobs being run now

 private:
  JobStore& store_;
  std::shared_mutex mu_;
  bool abandoned_ = false;
};

// A job being run, as the pool's maintenance thread sees it.
struct ActiveJob {
  ActiveJob(int64_t job_id, std::string worker) : id(job_id), worker_id(std::move(worker)) {}
  const int64_t id;
  const std::string worker_id;
  std::atomic<bool> cancel{false};  // cancellation was requested (seen at a heartbeat)
  std::atomic<bool> lost{
      false};  // the job is no longer this worker's (reclaimed or finished elsewhere)
};

class JobRunner {
 public:
  // `gate` and `registry` must outlive the runner's use of them; after gate.Abandon() the registry
  // is no longer used either.
  JobRunner(RunnerGate& gate, const JobRegistry& registry, std::string worker_id);

  // Claims the next due job of any kind for this runner's worker id. Errors: those of
  // JobStore::Claim; unavailable once the gate is abandoned.
  core::Result<std::optional<Job>> Claim();

  // Runs `job` (claimed by this runner) and records its outcome. Returns the outcome: succeeded,
  // failed, retrying, cancelled, timed_out, released, lost (no longer ours, or not recordable: it
  // will be reclaimed) or abandoned (the gate closed while it ran).
  std::string Run(const Job& job, ActiveJob& active);

 private:
  struct Outcome {
    std::string name;
    std::string error;  // user-facing, when the job failed or will be retried
  };
  Outcome Execute(const Job& job, ActiveJob& active, int64_t start_ms);
  Outcome Fail(const Job& job, const std::string& error, bool retryable, const char* final_name);

  RunnerGate& gate_;
  const JobRegistry& registry_;
  std::string worker_id_;
};

}  // namespace korrigo::jobs
