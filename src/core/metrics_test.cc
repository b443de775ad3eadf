// Prometheus rendering of counters, histograms and scrape-time samples.
#include "core/metrics.h"

#include <gtest/gtest.h>

namespace korrigo::core {
namespace {

TEST(MetricsTest, RendersCountersWithEscapedLabels) {
  Metrics m;
  m.Increment("req_total", "Requests.", {{"route", "/a"}, {"status", "200"}});
  m.Increment("req_total", "Requests.", {{"route", "/a"}, {"status", "200"}}, 2);
  m.Increment("req_total", "Requests.", {{"route", "say \"hi\"\n"}, {"status", "500"}});
  std::string text = m.Render({});
  EXPECT_NE(text.find("# TYPE req_total counter"), std::string::npos);
  EXPECT_NE(text.find("req_total{route=\"/a\",status=\"200\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("route=\"say \\\"hi\\\"\\n\""), std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  std::vector<double> buckets{0.1, 1};
  for (double v : {0.05, 0.5, 0.5, 5.0}) m.Observe("lat", "Latency.", {{"r", "x"}}, v, buckets);
  std::string text = m.Render({});
  EXPECT_NE(text.find("lat_bucket{r=\"x\",le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_bucket{r=\"x\",le=\"1\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_bucket{r=\"x\",le=\"+Inf\"} 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_count{r=\"x\"} 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_sum{r=\"x\"} 6.05\n"), std::string::npos) << text;
}

TEST(MetricsTest, AppendsScrapeTimeSamplesWithOneHeaderPerName) {
  Metrics m;
  std::string text = m.Render({{"jobs", "Jobs.", "gauge", {{"state", "queued"}}, 2},
                               {"jobs", "Jobs.", "gauge", {{"state", "running"}}, 1}});
  EXPECT_EQ(text,
            "# HELP jobs Jobs.\n# TYPE jobs gauge\njobs{state=\"queued\"} "
            "2\njobs{state=\"running\"} 1\n");
}

}  // namespace
}  // namespace korrigo::core
