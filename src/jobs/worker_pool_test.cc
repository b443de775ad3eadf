// WorkerPool end to end on the test database, with a real registry and short real intervals: runs,
// retries, failures, time limits, cancellation, reclaim of a dead worker's job, metrics, and Stop
// within its deadline.
#include "jobs/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "core/clock.h"
#include "core/metrics.h"
#include "testing/test_database.h"

namespace korrigo::jobs {
namespace {

using std::chrono::milliseconds;

class WorkerPoolTest : public ::testing::Test {
 protected:
  WorkerPool::Options FastOptions(int workers = 2) {
    WorkerPool::Options o;
    o.workers = workers;
    o.poll_interval_ms = 10;
    o.heartbeat_interval_ms = 20;
    o.reclaim_after_ms = 60'000;
    o.node_name = "test";
    return o;
  }
  int64_t Enqueue(const std::string& kind, nlohmann::json payload = nlohmann::json::object(),
                  int max_attempts = 3) {
    JobSpec spec;
    spec.kind = kind;
    spec.payload = std::move(payload);
    spec.max_attempts = max_attempts;
    auto id = store_.Enqueue(spec);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }
  Job Get(int64_t id) {
    auto job = store_.Get(id);
    EXPECT_TRUE(job.ok());
    return job.ok() ? *job : Job{};
  }
  // Polls until `done` holds for job `id` (5 s at most, far above what any test needs).
  Job WaitFor(int64_t id, const std::function<bool(const Job&)>& done) {
    int64_t give_up = core::MonotonicMs() + 5000;
    Job job = Get(id);
    while (!done(job) && core::MonotonicMs() < give_up) {
      std::this_thread::sleep_for(milliseconds(5));
      job = Get(id);
    }
    EXPECT_TRUE(done(job)) << "job " << id << " still " << JobStateName(job.state);
    return job;
  }
  Job WaitForState(int64_t id, JobState state) {
    return WaitFor(id, [state](const Job& j) { return j.state == state; });
  }

  // One fresh database per suite (creating one per test dominates the run time on PostgreSQL);
  // every test starts from an empty jobs table, the only state these tests touch.
  static void SetUpTestSuite() {
    tdb_ = std::make_unique<korrigo::testing::TestDatabase>();
    db_ = tdb_->Open(8);
  }
  static void TearDownTestSuite() {
    db_.reset();
    tdb_.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(db_->WithSession([](soci::session& s) -> core::Status {
                     s << "DELETE FROM jobs";
                     return {};
                   })
                    .ok());
  }

  static inline std::unique_ptr<korrigo::testing::TestDatabase> tdb_;
  static inline std::unique_ptr<storage::Database> db_;
  JobStore store_{*db_, core::SystemClock::Instance(), RetryPolicy{.base_ms = 5, .max_ms = 20}};
  JobRegistry registry_;
};

// Runs until ShouldStop() and returns an error, the way a long cooperative kind does.
core::Result<nlohmann::json> RunUntilStopped(JobContext& context) {
  context.ReportProgress(50, "Page 5 sur 10");
  while (!context.ShouldStop()) std::this_thread::sleep_for(milliseconds(2));
  return core::Error::Unavailable("Traitement interrompu.");
}

TEST_F(WorkerPoolTest, RunsEveryJobOnceAndRecordsMetrics) {
  std::atomic<int> calls{0};
  registry_.Register(
      {.name = "test.count", .run = [&](JobContext& c) -> core::Result<nlohmann::json> {
         ++calls;
         return nlohmann::json{{"double", c.payload()["n"].get<int>() * 2}};
       }});
  std::vector<int64_t> ids;
  for (int n = 0; n < 20; ++n) ids.push_back(Enqueue("test.count", {{"n", n}}));
  JobSpec keyed = registry_.NewSpec("test.count", {{"n", 100}});
  keyed.idempotency_key = "count:100";
  int64_t first = *store_.Enqueue(keyed);
  EXPECT_EQ(*store_.Enqueue(keyed), first);

  WorkerPool pool(store_, registry_, FastOptions(3));
  EXPECT_FALSE(pool.running());
  pool.Start();
  EXPECT_TRUE(pool.running());
  for (size_t n = 0; n < ids.size(); ++n) {
    Job job = WaitForState(ids[n], JobState::kSucceeded);
    EXPECT_EQ((*job.result)["double"], 2 * static_cast<int>(n));
    EXPECT_EQ(job.attempts, 1);
  }
  EXPECT_EQ((*WaitForState(first, JobState::kSucceeded).result)["double"], 200);
  EXPECT_TRUE(pool.Stop(core::MonotonicMs() + 2000));
  EXPECT_FALSE(pool.running());
  EXPECT_EQ(pool.busy(), 0);
  EXPECT_EQ(calls.load(), 21);
  std::string metrics = core::Metrics::Global().Render({});
  EXPECT_NE(metrics.find("korrigo_jobs_finished_total{kind=\"test.count\",outcome=\"succeeded\"}"),
            std::string::npos);
  EXPECT_NE(metrics.find("korrigo_job_duration_seconds_count{kind=\"test.count\"}"),
            std::string::npos);
}

TEST_F(WorkerPoolTest, RetriesRetryableErrorsThenFailsWithTheMessage) {
  std::atomic<int> calls{0};
  registry_.Register(
      {.name = "test.flaky", .run = [&](JobContext&) -> core::Result<nlohmann::json> {
         ++calls;
         return core::Error::Unavailable("Le stockage ne répond pas.");
       }});
  int64_t id = Enqueue("test.flaky", {}, 3);
  WorkerPool pool(store_, registry_, FastOptions());
  pool.Start();
  Job job = WaitForState(id, JobState::kFailed);
  pool.Stop(core::MonotonicMs() + 2000);
  EXPECT_EQ(job.attempts, 3);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(job.error, "Le stockage ne répond pas.");
}

TEST_F(WorkerPoolTest, InvalidArgumentAndUnknownKindFailWithoutRetry) {
  std::atomic<int> calls{0};
  registry_.Register(
      {.name = "test.invalid", .run = [&](JobContext&) -> core::Result<nlohmann::json> {
         ++calls;
         return core::Error::InvalidArgument("Le lot de copies est vide.");
       }});
  int64_t invalid = Enqueue("test.invalid");
  int64_t unknown = Enqueue("test.nobody_knows_me");
  WorkerPool pool(store_, registry_, FastOptions());
  pool.Start();
  Job a = WaitForState(invalid, JobState::kFailed);
  Job b = WaitForState(unknown, JobState::kFailed);
  pool.Stop(core::MonotonicMs() + 2000);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(a.error, "Le lot de copies est vide.");
  EXPECT_EQ(b.attempts, 1);
  EXPECT_EQ(b.error, "Type de tâche inconnu : test.nobody_knows_me");
}

TEST_F(WorkerPoolTest, ExceptionsAreRetriedAsInternalErrors) {
  std::atomic<int> calls{0};
  registry_.Register(
      {.name = "test.throws", .run = [&](JobContext&) -> core::Result<nlohmann::json> {
         if (++calls < 2) throw std::runtime_error("segment 3 illisible");
         return nlohmann::json{{"ok", true}};
       }});
  int64_t retried = Enqueue("test.throws", {}, 3);
  WorkerPool pool(store_, registry_, FastOptions(1));
  pool.Start();
  Job job = WaitForState(retried, JobState::kSucceeded);
  EXPECT_EQ(job.attempts, 2);
  calls = -100;  // throws from now on
  int64_t exhausted = Enqueue("test.throws", {}, 1);
  Job failed = WaitForState(exhausted, JobState::kFailed);
  pool.Stop(core::MonotonicMs() + 2000);
  EXPECT_EQ(failed.error, "Erreur interne pendant le traitement de la tâche.");
}

TEST_F(WorkerPoolTest, TimeLimitStopsCooperativeJobsAndFailsLateOnes) {
  registry_.Register({.name = "test.cooperative", .run = RunUntilStopped, .time_limit_ms = 50});
  registry_.Register({.name = "test.late",
                      .run = [](JobContext&) -> core::Result<nlohmann::json> {
                        std::this_thread::sleep_for(milliseconds(80));
                        return nlohmann::json::object();
                      },
                      .time_limit_ms = 30});
  int64_t cooperative = Enqueue("test.cooperative");
  int64_t late = Enqueue("test.late");
  WorkerPool pool(store_, registry_, FastOptions());
  pool.Start();
  Job a = WaitForState(cooperative, JobState::kFailed);
  Job b = WaitForState(late, JobState::kFailed);
  pool.Stop(core::MonotonicMs() + 2000);
  EXPECT_EQ(a.error, "Délai dépassé (0.05 s)");
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(b.error, "Délai dépassé (0.03 s)");
  EXPECT_FALSE(b.result.has_value());
}

TEST_F(WorkerPoolTest, CancellingARunningJobStopsIt) {
  registry_.Register({.name = "test.long", .run = RunUntilStopped});
  int64_t id = Enqueue("test.long");
  WorkerPool pool(store_, registry_, FastOptions());
  pool.Start();
  Job running = WaitFor(
      id, [](const Job& j) { return j.state == JobState::kRunning && j.progress_percent == 50; });
  EXPECT_EQ(running.progress_message, "Page 5 sur 10");
  EXPECT_EQ(pool.busy(), 1);
  ASSERT_TRUE(store_.RequestCancel(id).ok());
  Job cancelled = WaitForState(id, JobState::kCancelled);
  EXPECT_TRUE(cancelled.finished_at.has_value());
  EXPECT_TRUE(pool.Stop(core::MonotonicMs() + 2000));
}

TEST_F(WorkerPoolTest, ReclaimsTheJobOfADeadWorker) {
  std::atomic<int> calls{0};
  registry_.Register(
      {.name = "test.count", .run = [&](JobContext&) -> core::Result<nlohmann::json> {
         ++calls;
         return nlohmann::json::object();
       }});
  int64_t id = Enqueue("test.count");
  auto claimed = store_.Claim("crashed-node/w0", {});  // claims, then never heartbeats
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  WorkerPool::Options options = FastOptions(1);
  options.reclaim_after_ms = 100;
  WorkerPool pool(store_, registry_, options);
  pool.Start();
  Job job = WaitForState(id, JobState::kSucceeded);
  pool.Stop(core::MonotonicMs() + 2000);
  EXPECT_EQ(job.attempts, 2);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(store_.Complete(id, "crashed-node/w0", {}).error().code, core::ErrorCode::kConflict);
}

TEST_F(WorkerPoolTest, StopReleasesCooperativeJobsWithinTheDeadline) {
  registry_.Register({.name = "test.long", .run = RunUntilStopped});
  int64_t id = Enqueue("test.long");
  WorkerPool pool(store_, registry_, FastOptions());
  pool.Start();
  WaitForState(id, JobState::kRunning);
  int64_t before = core::MonotonicMs();
  EXPECT_TRUE(pool.Stop(before + 5000));
  EXPECT_LT(core::MonotonicMs() - before, 1000);
  EXPECT_FALSE(pool.running());
  Job job = Get(id);
  EXPECT_EQ(job.state,
            JobState::kQueued);  // released: another worker picks it up, attempt not counted
  EXPECT_EQ(job.attempts, 0);
}

TEST_F(WorkerPoolTest, StopAbandonsJobsThatIgnoreIt) {
  registry_.Register(
      {.name = "test.stubborn", .run = [](JobContext&) -> core::Result<nlohmann::json> {
         std::this_thread::sleep_for(milliseconds(300));
         return nlohmann::json{{"late", true}};
       }});
  int64_t id = Enqueue("test.stubborn");
  WorkerPool pool(store_, registry_, FastOptions(1));
  pool.Start();
  WaitForState(id, JobState::kRunning);
  int64_t before = core::MonotonicMs();
  EXPECT_FALSE(pool.Stop(before + 50));
  EXPECT_LT(core::MonotonicMs() - before, 250);
  std::this_thread::sleep_for(milliseconds(400));  // the abandoned thread returns meanwhile
  Job job = Get(id);
  EXPECT_EQ(job.state, JobState::kRunning);  // left for reclaim; the late result was not recorded
  EXPECT_FALSE(job.result.has_value());
}

}  // namespace
}  // namespace korrigo::jobs
