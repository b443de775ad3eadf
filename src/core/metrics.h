// Metrics: counters and histograms with labels, rendered in the Prometheus text format. One
// process-wide registry; every method is thread-safe. Gauges that are read at scrape time (memory,
// job counts) are passed to Render by the caller.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace korrigo::core {

struct MetricSample {  // a gauge or counter value computed at scrape time
  std::string name;    // e.g. korrigo_jobs
  std::string help;
  std::string type;  // gauge | counter
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

class Metrics {
 public:
  // Adds `by` to counter `name` with the given label values (label names fixed by the first call).
  void Increment(std::string_view name, std::string_view help,
                 const std::vector<std::pair<std::string, std::string>>& labels, double by = 1);
  // Records `value` in histogram `name` with `buckets` (upper bounds, ascending; fixed by the first
  // call).
  void Observe(std::string_view name, std::string_view help,
               const std::vector<std::pair<std::string, std::string>>& labels, double value,
               const std::vector<double>& buckets);
  // Everything recorded, followed by `extra` samples, in Prometheus text exposition format 0.0.4.
  std::string Render(const std::vector<MetricSample>& extra) const;

  static Metrics& Global();
  static const std::vector<double>& LatencyBuckets();  // seconds, 1 ms … 10 s

 private:
  struct Histogram {
    std::vector<double> buckets;
    std::vector<uint64_t> counts;  // per bucket (not cumulative) + one for +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, double, std::less<>> counters;       // key: rendered label set
    std::map<std::string, Histogram, std::less<>> histograms;  // key: rendered label set
  };
  // The family `name`, created with `type` and `help` on first use. Requires mu_ held.
  Family& FamilyOf(std::string_view name, const char* type, std::string_view help);
  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
};

// {a="x",b="y"} with values escaped as Prometheus requires; "" for no labels.
std::string RenderLabels(const std::vector<std::pair<std::string, std::string>>& labels);

}  // namespace korrigo::core
