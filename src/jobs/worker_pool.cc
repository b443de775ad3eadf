// The worker pool's threads: N job threads (claim → run → record) and one maintenance thread
// (heartbeat, cancellation, reclaim). Running one claimed job is JobRunner's business
// (job_runner.h); this file only schedules. Threads share a reference-counted state so that a
// thread abandoned by Stop can finish safely.
#include "jobs/worker_pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>

#include "core/clock.h"
#include "core/log.h"
#include "core/random.h"
#include "jobs/job_runner.h"

namespace korrigo::jobs {

struct WorkerPoolState {
  WorkerPoolState(JobStore& s, const JobRegistry& r, WorkerPool::Options o)
      : store(s), registry(r), options(std::move(o)), gate(s) {}

  JobStore& store;
  const JobRegistry& registry;
  const WorkerPool::Options options;
  RunnerGate gate;  // the stop flag, busy count and the store access abandoned threads lose

  std::mutex mu;
  std::condition_variable wake;  // stopping, maintenance_stopping, a worker exited
  bool stopping = false;
  bool maintenance_stopping = false;
  std::vector<bool> exited;
  std::map<int64_t, std::shared_ptr<ActiveJob>> active;  // jobs running now, by id
};

namespace {

using Shared = WorkerPoolState;

void WaitFor(Shared& shared, int64_t ms) {
  std::unique_lock lock(shared.mu);
  shared.wake.wait_for(lock, std::chrono::milliseconds(ms), [&] { return shared.stopping; });
}

void WorkerLoop(std::shared_ptr<Shared> shared, size_t index, std::string worker_id) {
  JobRunner runner(shared->gate, shared->registry, worker_id);
  while (true) {
    {
      std::lock_guard lock(shared->mu);
      if (shared->stopping) break;
    }
    auto claimed = runner.Claim();
    if (!claimed) {
      core::LogWarn("jobs.claim_failed",
                    {{"worker_id", worker_id}, {"error", claimed.error().message}});
      WaitFor(*shared, shared->options.poll_interval_ms);
      continue;
    }
    if (!*claimed) {
      WaitFor(*shared, shared->options.poll_interval_ms);
      continue;
    }
    auto active = std::make_shared<ActiveJob>((*claimed)->id, worker_id);
    {
      std::lock_guard lock(shared->mu);
      shared->active[active->id] = active;
    }
    runner.Run(**claimed, *active);
    {
      std::lock_guard lock(shared->mu);
      shared->active.erase(active->id);
    }
  }
  {
    std::lock_guard lock(shared->mu);
    shared->exited[index] = true;
  }
  shared->wake.notify_all();
}

// Heartbeats every job of this pool, passes cancellation on, and reclaims silent jobs of any
// worker.
void MaintenanceLoop(std::shared_ptr<Shared> shared) {
  const WorkerPool::Options& o = shared->options;
  const int64_t reclaim_every = std::max(o.heartbeat_interval_ms, o.reclaim_after_ms / 2);
  int64_t next_reclaim = core::MonotonicMs();  // once at start: take back what a crash left behind
  while (true) {
    std::vector<std::shared_ptr<ActiveJob>> jobs;
    {
      std::unique_lock lock(shared->mu);
      if (shared->maintenance_stopping) break;
      for (const auto& [id, job] : shared->active) jobs.push_back(job);
    }
    for (const auto& job : jobs) {
      auto cancel = shared->store.Heartbeat(job->id, job->worker_id);
      if (cancel.ok()) {
        if (*cancel) job->cancel = true;
      } else if (cancel.error().code == core::ErrorCode::kConflict) {
        job->lost = true;
      } else {
        core::LogWarn("jobs.heartbeat_failed",
                      {{"job_id", job->id}, {"error", cancel.error().message}});
      }
    }
    if (core::MonotonicMs() >= next_reclaim) {
      if (auto reclaimed = shared->store.ReclaimStale(o.reclaim_after_ms); !reclaimed) {
        core::LogWarn("jobs.reclaim_failed", {{"error", reclaimed.error().message}});
      }
      next_reclaim = core::MonotonicMs() + reclaim_every;
    }
    std::unique_lock lock(shared->mu);
    shared->wake.wait_for(lock, std::chrono::milliseconds(o.heartbeat_interval_ms),
                          [&] { return shared->maintenance_stopping; });
  }
}

}  // namespace

WorkerPool::WorkerPool(JobStore& store, const JobRegistry& registry, Options options)
    : store_(store), registry_(registry), options_(std::move(options)) {}

WorkerPool::~WorkerPool() { Stop(core::MonotonicMs()); }

void WorkerPool::Start() {
  std::lock_guard lock(mu_);
  if (shared_) return;
  auto shared = std::make_shared<WorkerPoolState>(store_, registry_, options_);
  int workers = std::max(1, options_.workers);
  shared->exited.assign(static_cast<size_t>(workers), false);
  // Unique per Start, so that no two threads ever claim under the same id, even across restarts of
  // a node.
  std::string node = options_.node_name.empty() ? "worker" : options_.node_name;
  std::string run = core::RandomHex(3);
  for (int i = 0; i < workers; ++i) {
    workers_.emplace_back(WorkerLoop, shared, static_cast<size_t>(i),
                          fmt::format("{}/{}-{}", node, run, i));
  }
  maintenance_ = std::thread(MaintenanceLoop, shared);
  shared_ = std::move(shared);
  core::LogInfo("jobs.pool_started", {{"workers", workers}, {"node", node}});
}

bool WorkerPool::Stop(int64_t deadline_ms) {
  std::shared_ptr<WorkerPoolState> shared;
  {
    std::lock_guard lock(mu_);
    shared = shared_;
  }
  if (!shared) return true;
  shared->gate.stopping = true;
  {
    std::unique_lock lock(shared->mu);
    shared->stopping = true;
    shared->wake.notify_all();
    auto deadline = std::chrono::steady_clock::time_point(std::chrono::milliseconds(deadline_ms));
    shared->wake.wait_until(lock, deadline, [&] {
      for (bool done : shared->exited) {
        if (!done) return false;
      }
      return true;
    });
    shared->maintenance_stopping = true;
    shared->wake.notify_all();
  }
  maintenance_.join();
  shared->gate.Abandon();  // from here on, no thread of this pool touches the store

  bool all_joined = true;
  {
    std::lock_guard lock(shared->mu);
    for (size_t i = 0; i < workers_.size(); ++i) {
      if (shared->exited[i]) continue;
      all_joined = false;
      workers_[i].detach();
    }
    for (const auto& [id, job] : shared->active) {
      core::LogWarn("jobs.abandoned", {{"job_id", id}, {"worker_id", job->worker_id}});
    }
  }
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
  {
    std::lock_guard lock(mu_);
    shared_.reset();
  }
  core::LogInfo("jobs.pool_stopped", {{"all_joined", all_joined}});
  return all_joined;
}

bool WorkerPool::running() const {
  std::lock_guard lock(mu_);
  return shared_ != nullptr && !shared_->gate.stopping;
}

int WorkerPool::busy() const {
  std::lock_guard lock(mu_);
  return shared_ ? shared_->gate.busy.load() : 0;
}

}  // namespace korrigo::jobs
