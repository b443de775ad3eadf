// JobRegistry: lookup by name, sorted kinds, and specs carrying the kind's attempt limit.
#include "jobs/job_registry.h"

#include <gtest/gtest.h>

namespace korrigo::jobs {
namespace {

core::Result<nlohmann::json> Nothing(JobContext&) { return nlohmann::json::object(); }

TEST(JobRegistryTest, FindsKindsByNameAndListsThemSorted) {
  JobRegistry registry;
  registry.Register({.name = "scans.split", .run = Nothing});
  registry.Register(
      {.name = "exports.pronote", .run = Nothing, .time_limit_ms = 1000, .max_attempts = 5});
  ASSERT_NE(registry.Find("exports.pronote"), nullptr);
  EXPECT_EQ(registry.Find("exports.pronote")->time_limit_ms, 1000);
  EXPECT_EQ(registry.Find("pdf.finalize"), nullptr);
  EXPECT_EQ(registry.Kinds(), (std::vector<std::string>{"exports.pronote", "scans.split"}));
  JobSpec spec = registry.NewSpec("exports.pronote", {{"exam_id", 3}});
  EXPECT_EQ(spec.kind, "exports.pronote");
  EXPECT_EQ(spec.max_attempts, 5);
  EXPECT_EQ(spec.payload["exam_id"], 3);
}

TEST(JobContextTest, ClampsProgressAndAsksTheStopCheck) {
  std::vector<std::pair<int, std::string>> reports;
  bool stop = false;
  JobContext context(
      7, 2, {{"copy_id", 1}}, [&](int p, const std::string& m) { reports.emplace_back(p, m); },
      [&] { return stop; });
  EXPECT_EQ(context.job_id(), 7);
  EXPECT_EQ(context.attempt(), 2);
  EXPECT_EQ(context.payload()["copy_id"], 1);
  context.ReportProgress(120, "fini");
  EXPECT_EQ(reports, (std::vector<std::pair<int, std::string>>{{100, "fini"}}));
  EXPECT_FALSE(context.ShouldStop());
  stop = true;
  EXPECT_TRUE(context.ShouldStop());
}

}  // namespace
}  // namespace korrigo::jobs
