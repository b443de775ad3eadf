// WorkerPool: threads that claim jobs from the JobStore and run them through the JobRegistry, plus
// one maintenance thread that heartbeats the jobs this pool runs, passes cancellation requests on
// to them, and takes back jobs of workers elsewhere that went silent (ReclaimStale). `korrigo
// serve` embeds one; `korrigo worker` runs only this. Workers claim every kind: a job of a kind
// this binary does not know fails (not retried) with a readable error instead of waiting forever.
//
// What is recorded when a job's function returns, first match wins:
//   job taken from this worker meanwhile        → nothing (the new owner records)
//   ran past the kind's time limit              → failed "Délai dépassé (N s)", not retried
//   returned a value                            → succeeded
//   cancellation requested                      → cancelled
//   pool stopping                               → released (queued again; the attempt is not
//   counted) invalid_argument / failed_precondition      → failed, not retried any other error, or
//   an exception            → retried with backoff until max_attempts, then failed
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jobs/job_registry.h"
#include "jobs/job_store.h"

namespace korrigo::jobs {

struct WorkerPoolState;  // what the pool's threads share; defined in worker_pool.cc

class WorkerPool {
 public:
  struct Options {
    int workers = 1;                       // job threads (≥ 1)
    int64_t poll_interval_ms = 500;        // how long an idle worker waits before looking again
    int64_t heartbeat_interval_ms = 5000;  // must be well below reclaim_after_ms
    int64_t reclaim_after_ms = 60000;      // a running job silent this long is taken back
    std::string node_name;  // identifies this process in jobs.worker_id, e.g. "host:pid"
  };

  // `store` and `registry` must outlive the pool, and the registry must be complete before Start.
  WorkerPool(JobStore& store, const JobRegistry& registry, Options options);
  // Calls Stop(now) when still running: running jobs are abandoned at once (see Stop).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Starts the threads. No effect when already running. Not to be called concurrently with Stop.
  void Start();

  // Stops claiming, makes ShouldStop() true for running jobs, and waits for them until
  // `deadline_ms`, a time on the monotonic clock (core::MonotonicMs). Jobs that return in time are
  // recorded as usual (an error returned because of the stop releases the job back to the queue).
  // Jobs still running at the deadline are abandoned: they stay 'running' in the database and, no
  // longer heartbeated, are reclaimed after reclaim_after_ms by another worker; their threads are
  // detached and never touch the store again, whatever their function eventually returns. Returns
  // true when every thread was joined. No effect when not running.
  bool Stop(int64_t deadline_ms);

  // From Start until Stop begins. Thread-safe.
  bool running() const;
  // Jobs running now. Thread-safe.
  int busy() const;

 private:
  JobStore& store_;
  const JobRegistry& registry_;
  Options options_;
  mutable std::mutex mu_;  // guards shared_ (running()/busy() are called from other threads)
  // Null when not running. Shared with the threads, so it outlives the pool while abandoned threads
  // finish.
  std::shared_ptr<WorkerPoolState> shared_;
  std::vector<std::thread> workers_;
  std::thread maintenance_;
};

}  // namespace korrigo::jobs
