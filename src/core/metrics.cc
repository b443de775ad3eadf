// The in-process metrics registry and its Prometheus text rendering.
#include "core/metrics.h"

#include <fmt/format.h>

#include <cmath>

namespace korrigo::core {
namespace {

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string Number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

// Adds le="x" to an already rendered label set.
std::string WithLe(const std::string& labels, const std::string& le) {
  if (labels.empty()) return fmt::format("{{le=\"{}\"}}", le);
  return fmt::format("{},le=\"{}\"}}", labels.substr(0, labels.size() - 1), le);
}

}  // namespace

std::string RenderLabels(const std::vector<std::pair<std::string, std::string>>& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first;
    out += "=\"";
    out += Escape(labels[i].second);
    out += '"';
  }
  return out + "}";
}

Metrics::Family& Metrics::FamilyOf(std::string_view name, const char* type, std::string_view help) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.type = type;
    it->second.help = help;
  }
  return it->second;
}

void Metrics::Increment(std::string_view name, std::string_view help,
                        const std::vector<std::pair<std::string, std::string>>& labels, double by) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  Family& f = FamilyOf(name, "counter", help);
  auto it = f.counters.find(key);
  if (it == f.counters.end()) it = f.counters.emplace(std::move(key), 0.0).first;
  it->second += by;
}

void Metrics::Observe(std::string_view name, std::string_view help,
                      const std::vector<std::pair<std::string, std::string>>& labels, double value,
                      const std::vector<double>& buckets) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  Family& f = FamilyOf(name, "histogram", help);
  auto it = f.histograms.find(key);
  if (it == f.histograms.end()) it = f.histograms.emplace(std::move(key), Histogram{}).first;
  Histogram& h = it->second;
  if (h.buckets.empty()) {
    h.buckets = buckets;
    h.counts.assign(buckets.size() + 1, 0);
  }
  size_t i = 0;
  while (i < h.buckets.size() && value > h.buckets[i]) ++i;
  h.counts[i]++;
  h.sum += value;
  h.count++;
}

std::string Metrics::Render(const std::vector<MetricSample>& extra) const {
  std::string out;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, f] : families_) {
      out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name, f.type);
      for (const auto& [labels, value] : f.counters)
        out += fmt::format("{}{} {}\n", name, labels, Number(value));
      for (const auto& [labels, h] : f.histograms) {
        uint64_t cumulative = 0;
        for (size_t i = 0; i < h.buckets.size(); ++i) {
          cumulative += h.counts[i];
          out += fmt::format("{}_bucket{} {}\n", name, WithLe(labels, Number(h.buckets[i])),
                             cumulative);
        }
        out += fmt::format("{}_bucket{} {}\n", name, WithLe(labels, "+Inf"), h.count);
        out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, labels, Number(h.sum), name,
                           labels, h.count);
      }
    }
  }
  std::string last_name;
  for (const MetricSample& s : extra) {
    if (s.name != last_name) {
      out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", s.name, s.help, s.name, s.type);
      last_name = s.name;
    }
    out += fmt::format("{}{} {}\n", s.name, RenderLabels(s.labels), Number(s.value));
  }
  return out;
}

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();
  return *metrics;
}

const std::vector<double>& Metrics::LatencyBuckets() {
  static const std::vector<double> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                            0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

}  // namespace korrigo::core
