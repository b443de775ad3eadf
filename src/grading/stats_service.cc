// Gathering an exam's copies and scores for the statistics, on one session.
#include "grading/stats_service.h"

#include "core/json_fields.h"

namespace korrigo::grading {

core::Result<nlohmann::json> StatsService::ExamStats(int64_t exam_id, const exams::Viewer& viewer,
                                                     std::optional<exams::Points> bin_width) {
  auto exam = exams_.Get(exam_id, viewer);  // not_found for a teacher who does not correct it
  if (!exam) return exam.take_error();
  StatsOptions options;
  options.scale = exams::Points::FromMilli(exam->scale_milli);
  options.bin_width =
      bin_width.value_or(exams::Points::FromMilli(std::max<int64_t>(1, exam->scale_milli / 10)));
  if (!options.bin_width.is_positive() || options.bin_width > options.scale)
    return core::FieldError("bin_width", "« bin_width » : entre 0 (exclu) et la note maximale.");
  if (!viewer.is_admin()) options.own_corrector = viewer.user_id;
  return db_.WithSession([&](soci::session& s) -> core::Result<nlohmann::json> {
    auto scheme = schemes_.Current(s, exam_id);
    if (!scheme) return scheme.take_error();
    auto scores = store_.ScoresByExam(s, exam_id);
    std::vector<CopyFigures> figures;
    for (const scans::Copy& c : copies_.ListIn(s, exam_id, {})) {
      CopyFigures f{.copy_id = c.id,
                    .status = c.status,
                    .corrector_id = c.corrector_id,
                    .corrector_name = c.corrector_name};
      if (auto it = scores.find(c.id); it != scores.end()) f.scores = std::move(it->second);
      if (c.status == scans::kCopyGraded && c.mark_milli)
        f.mark = exams::Points::FromMilli(*c.mark_milli);
      figures.push_back(std::move(f));
    }
    nlohmann::json out = ComputeExamStats(*scheme, figures, options);
    out["exam_id"] = exam_id;
    out["scale"] = options.scale.ToJson();
    out["bin_width"] = options.bin_width.ToJson();
    return out;
  });
}

}  // namespace korrigo::grading
