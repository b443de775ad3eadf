// From grading data to the final PDF's input. Times are written in the server's local time zone
// (the school's), and come from the grading time only, so a rebuild gives the same document.
#include "grading/final_document.h"

#include <fmt/format.h>

#include <ctime>

#include "core/calendar_date.h"

namespace korrigo::grading {
namespace {

pdf::NormPoint PointOf(const nlohmann::json& j) { return {j.value("x", 0.0), j.value("y", 0.0)}; }

pdf::NormBox BoxOf(const nlohmann::json& j) {
  return {j.value("x", 0.0), j.value("y", 0.0), j.value("w", 0.0), j.value("h", 0.0)};
}

pdf::Overlay OverlayOf(const Annotation& a) {
  const nlohmann::json& d = a.data;
  pdf::Overlay o;
  o.color = ParseHexColor(d.value("color", ""));
  if (a.kind == kKindInk) {
    o.kind = pdf::OverlayKind::kInk;
    o.width = d.value("width", 0.003);
    for (const auto& stroke : d.value("strokes", nlohmann::json::array())) {
      std::vector<pdf::NormPoint> points;
      for (const auto& p : stroke)
        if (p.is_array() && p.size() == 2)
          points.push_back({p[0].get<double>(), p[1].get<double>()});
      o.strokes.push_back(std::move(points));
    }
  } else if (a.kind == kKindHighlight || a.kind == kKindRect || a.kind == kKindText) {
    o.kind = a.kind == kKindHighlight ? pdf::OverlayKind::kHighlight
             : a.kind == kKindRect    ? pdf::OverlayKind::kRect
                                      : pdf::OverlayKind::kText;
    o.box = BoxOf(d.value("box", nlohmann::json::object()));
    o.width = d.value("width", 0.002);
    o.text = d.value("text", "");
    o.font_size = d.value("font_size", 0.016);
  } else {
    o.kind = pdf::OverlayKind::kStamp;
    o.stamp = d.value("stamp", "tick");
    o.text = d.value("label", "");
    o.anchor = PointOf(d.value("anchor", nlohmann::json::object()));
    o.size = d.value("size", 0.04);
  }
  return o;
}

std::string LocalTime(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{:02d}/{:02d}/{:04d} {:02d}:{:02d}", tm.tm_mday, tm.tm_mon + 1,
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void AddRows(const exams::SchemeNode& node, int depth,
             const std::map<int64_t, exams::Points>& scores,
             const std::map<int64_t, QuestionScore>& entries, std::vector<pdf::SummaryRow>& rows,
             exams::Points& subtotal) {
  if (node.is_leaf()) {
    auto it = scores.find(node.id);
    exams::Points got = it == scores.end() ? exams::Points() : it->second;
    subtotal += got;
    auto e = entries.find(node.id);
    rows.push_back({.label = node.label,
                    .depth = depth,
                    .points = fmt::format("{} / {}{}", got.ToFrench(), node.max_points->ToFrench(),
                                          node.bonus ? " (bonus)" : ""),
                    .remark = e == entries.end() ? "" : e->second.remark});
    return;
  }
  size_t at = rows.size();
  rows.push_back({.label = node.label, .depth = depth, .is_total = true});
  exams::Points mine;
  for (const exams::SchemeNode& child : node.children)
    AddRows(child, depth + 1, scores, entries, rows, mine);
  rows[at].points = fmt::format("{} / {}", mine.ToFrench(), exams::NodeMax(node).ToFrench());
  subtotal += mine;
}

}  // namespace

pdf::Color ParseHexColor(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return {};
  auto channel = [&](int i) {
    return static_cast<double>(std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16)) / 255.0;
  };
  try {
    return {channel(0), channel(1), channel(2)};
  } catch (...) {
    return {};
  }
}

std::string FormatMark(exams::Points mark, exams::Points scale) {
  return fmt::format("{} / {}", mark.ToFrench(), scale.ToFrench());
}

pdf::FinalPdfInput MakeFinalPdfInput(const FinalCopyData& d) {
  pdf::FinalPdfInput in;
  std::map<int64_t, int> source_of_scan;
  std::map<int64_t, size_t> page_slot;
  for (const scans::Page& p : d.pages) {
    auto [it, added] = source_of_scan.try_emplace(p.scan_id, static_cast<int>(in.sources.size()));
    if (added) {
      auto path = d.scan_paths.find(p.scan_id);
      in.sources.push_back(path == d.scan_paths.end() ? "" : path->second);
    }
    page_slot[p.id] = in.pages.size();
    in.pages.push_back({.source = it->second,
                        .source_index = p.source_index,
                        .half = p.half,
                        .auto_rotation = p.auto_rotation,
                        .rotation = p.rotation});
  }
  for (const Annotation& a : d.state.annotations) {
    auto slot = page_slot.find(a.page_id);
    if (slot != page_slot.end()) in.pages[slot->second].overlays.push_back(OverlayOf(a));
  }

  pdf::FinalSummary& s = in.summary;
  s.exam_name = d.exam.name;
  s.subject = d.exam.subject;
  if (d.exam.exam_date) {
    if (auto date = core::ParseIsoDate(*d.exam.exam_date))
      s.exam_date = core::FormatFrenchDate(*date);
  }
  s.student_name = d.student_name;
  s.class_name = d.class_name;
  s.anonymous_id = d.copy.anonymous_id;
  const exams::Points scale = exams::Points::FromMilli(d.exam.scale_milli);
  s.mark = FormatMark(d.mark, scale);
  s.raw_points =
      fmt::format("{} / {} points", d.raw.ToFrench(), exams::SchemeMax(d.scheme).ToFrench());
  const auto scores = d.state.ScoreValues();
  exams::Points total;
  for (const exams::SchemeNode& root : d.scheme.roots)
    AddRows(root, 0, scores, d.state.scores, s.rows, total);
  s.appreciation = d.state.appreciation;
  s.corrector = d.corrector_name;
  s.graded_at = LocalTime(d.graded_at_ms);
  in.title = fmt::format("{} — {}", d.exam.name,
                         d.student_name.empty() ? d.copy.anonymous_id : d.student_name);
  in.timestamp_ms = d.graded_at_ms;
  return in;
}

}  // namespace korrigo::grading
