// Grading statistics. Medians of an even count average the two middle values; the standard
// deviation is the population one (the copies are the whole class, not a sample).
#include "grading/exam_stats.h"

#include <algorithm>
#include <cmath>

namespace korrigo::grading {
namespace {

using nlohmann::json;

double R2(double v) { return std::round(v * 100) / 100; }
double D(exams::Points p) { return static_cast<double>(p.milli()) / 1000; }

// count, mean, median, stddev, min, max of `values` (null figures when empty).
json Summary(std::vector<double> values) {
  json j = {{"count", values.size()}};
  if (values.empty()) {
    for (const char* k : {"mean", "median", "stddev", "min", "max"}) j[k] = nullptr;
    return j;
  }
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  double sq = 0;
  for (double v : values) sq += (v - mean) * (v - mean);
  const size_t n = values.size();
  const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  j["mean"] = R2(mean);
  j["median"] = R2(median);
  j["stddev"] = R2(std::sqrt(sq / static_cast<double>(n)));
  j["min"] = R2(values.front());
  j["max"] = R2(values.back());
  return j;
}

std::vector<const CopyFigures*> Graded(const std::vector<const CopyFigures*>& copies) {
  std::vector<const CopyFigures*> out;
  for (const CopyFigures* c : copies)
    if (c->mark) out.push_back(c);
  return out;
}

json Distribution(const std::vector<const CopyFigures*>& copies, const StatsOptions& o) {
  json bins = json::array();
  const int64_t width = std::max<int64_t>(1, o.bin_width.milli());
  const int64_t scale = std::max<int64_t>(width, o.scale.milli());
  const int64_t count = (scale + width - 1) / width;
  std::vector<int64_t> counts(static_cast<size_t>(count), 0);
  for (const CopyFigures* c : copies) {
    if (!c->mark) continue;
    int64_t bin = std::clamp<int64_t>(c->mark->milli() / width, 0, count - 1);
    ++counts[static_cast<size_t>(bin)];
  }
  for (int64_t i = 0; i < count; ++i) {
    bins.push_back({{"from", D(exams::Points::FromMilli(i * width))},
                    {"to", D(exams::Points::FromMilli(std::min(scale, (i + 1) * width)))},
                    {"count", counts[static_cast<size_t>(i)]}});
  }
  return bins;
}

json Questions(const exams::Scheme& scheme, const std::vector<const CopyFigures*>& copies) {
  json out = json::array();
  for (const exams::SchemeLeaf& leaf : exams::Leaves(scheme)) {
    std::vector<double> values;
    int full = 0, zero = 0;
    for (const CopyFigures* c : copies) {
      auto it = c->scores.find(leaf.id);
      if (it == c->scores.end()) continue;
      values.push_back(D(it->second));
      if (it->second == leaf.max_points) ++full;
      if (it->second.is_zero()) ++zero;
    }
    json q = Summary(values);
    q["question_id"] = leaf.id;
    q["path"] = leaf.path;
    q["max_points"] = leaf.max_points.ToJson();
    const double n = static_cast<double>(values.size());
    q["full_share"] = values.empty() ? json(nullptr) : json(R2(full / n));
    q["zero_share"] = values.empty() ? json(nullptr) : json(R2(zero / n));
    out.push_back(std::move(q));
  }
  return out;
}

json MarksSummary(const std::vector<const CopyFigures*>& copies) {
  std::vector<double> marks;
  for (const CopyFigures* c : Graded(copies)) marks.push_back(D(*c->mark));
  return Summary(marks);
}

json ByStatus(const std::vector<const CopyFigures*>& copies) {
  json by = {{"staging", 0}, {"ready", 0}, {"grading", 0}, {"graded", 0}, {"grading_failed", 0}};
  for (const CopyFigures* c : copies) by[c->status] = by.value(c->status, 0) + 1;
  return {{"total", copies.size()}, {"by_status", by}};
}

json Block(const exams::Scheme& scheme, const std::vector<const CopyFigures*>& copies,
           const StatsOptions& o) {
  return {{"copies", ByStatus(copies)},
          {"marks", MarksSummary(copies)},
          {"distribution", Distribution(copies, o)},
          {"questions", Questions(scheme, copies)}};
}

}  // namespace

json ComputeExamStats(const exams::Scheme& scheme, const std::vector<CopyFigures>& copies,
                      const StatsOptions& options) {
  std::vector<const CopyFigures*> all;
  for (const CopyFigures& c : copies) all.push_back(&c);
  json out = Block(scheme, all, options);

  // Per corrector: their graded mean against everyone else's graded copies.
  std::map<int64_t, std::vector<const CopyFigures*>> by_corrector;
  std::map<int64_t, std::string> names;
  for (const CopyFigures* c : all) {
    if (!c->corrector_id) continue;
    by_corrector[*c->corrector_id].push_back(c);
    names[*c->corrector_id] = c->corrector_name;
  }
  json correctors = json::array();
  for (const auto& [id, mine] : by_corrector) {
    if (options.own_corrector && *options.own_corrector != id) continue;
    std::vector<const CopyFigures*> others;
    for (const CopyFigures* c : all)
      if (c->corrector_id != id) others.push_back(c);
    json m = MarksSummary(mine), rest = MarksSummary(others);
    json row = {{"corrector_id", id},      {"display_name", names[id]},
                {"assigned", mine.size()}, {"graded", Graded(mine).size()},
                {"mean", m["mean"]},       {"others_mean", rest["mean"]}};
    row["difference"] = m["mean"].is_number() && rest["mean"].is_number()
                            ? json(R2(m["mean"].get<double>() - rest["mean"].get<double>()))
                            : json(nullptr);
    correctors.push_back(std::move(row));
  }
  out["correctors"] = correctors;
  if (options.own_corrector) {
    std::vector<const CopyFigures*> mine;
    for (const CopyFigures* c : all)
      if (c->corrector_id == options.own_corrector) mine.push_back(c);
    out["mine"] = Block(scheme, mine, options);
  }
  return out;
}

}  // namespace korrigo::grading
