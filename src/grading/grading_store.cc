// Grading data SQL. Annotations keep their database id only for ordering: the client's uid is the
// stable name. A score row with neither points nor remark is removed rather than kept empty.
#include "grading/grading_store.h"

#include <fmt/format.h>

#include "grading/grading_rows.h"
#include "storage/query_rows.h"

namespace korrigo::grading {
namespace {
using rows::AnnotationRow;
using rows::AnnotationTextRow;
using rows::kAnnotationColumns;
using rows::ScoreRow;

struct BatchRow {
  long long id = 0, copy = 0, version = 0, user = 0, created = 0;
  std::string name, ops;
  soci::indicator u_ind = soci::i_null;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(copy));
    st.exchange(soci::into(version));
    st.exchange(soci::into(user, u_ind));
    st.exchange(soci::into(name));
    st.exchange(soci::into(ops));
    st.exchange(soci::into(created));
  }
  GradingBatch Get() const {
    GradingBatch b{.id = id, .copy_id = copy, .version = version, .user_name = name};
    if (u_ind == soci::i_ok) b.user_id = user;
    b.ops = nlohmann::json::parse(ops, nullptr, false);
    b.created_at = created;
    return b;
  }
};

}  // namespace

GradingState GradingStore::Load(soci::session& s, int64_t copy_id, Annotations annotations) const {
  long long id = copy_id, version = 0;
  GradingState state;
  s << "SELECT grading_version, appreciation FROM copies WHERE id = :id", soci::use(id),
      soci::into(version), soci::into(state.appreciation);
  state.version = version;
  auto bind = [&](soci::statement& st) { st.exchange(soci::use(id)); };
  if (annotations == Annotations::kFull) {
    state.annotations = storage::SelectRows<AnnotationRow>(s, kAnnotationColumns, bind);
  }
  for (auto& [q, score] : storage::SelectRows<ScoreRow>(
           s,
           "SELECT question_id, points_milli, remark, updated_by, updated_at FROM scores WHERE "
           "copy_id = :id",
           bind)) {
    state.scores[q] = std::move(score);
  }
  return state;
}

std::string GradingStore::AnnotationsText(soci::session& s, int64_t copy_id) const {
  long long id = copy_id;
  std::string out = "[";
  for (const std::string& a : storage::SelectRows<AnnotationTextRow>(
           s, kAnnotationColumns, [&](soci::statement& st) { st.exchange(soci::use(id)); })) {
    if (out.size() > 1) out += ',';
    out += a;
  }
  return out + "]";
}

std::vector<GradingBatch> GradingStore::History(soci::session& s, int64_t copy_id) const {
  long long copy = copy_id;
  return storage::SelectRows<BatchRow>(
      s,
      "SELECT b.id, b.copy_id, b.version, b.user_id, COALESCE(u.display_name, ''), b.ops, "
      "b.created_at FROM grading_batches b LEFT JOIN users u ON u.id = b.user_id WHERE "
      "b.copy_id = :c ORDER BY b.version",
      [&](soci::statement& st) { st.exchange(soci::use(copy)); });
}

std::map<int64_t, std::map<int64_t, exams::Points>> GradingStore::ScoresByExam(
    soci::session& s, int64_t exam_id) const {
  long long exam = exam_id, copy = 0, question = 0, points = 0;
  std::map<int64_t, std::map<int64_t, exams::Points>> out;
  soci::statement st =
      (s.prepare << "SELECT sc.copy_id, sc.question_id, sc.points_milli FROM scores sc JOIN "
                    "copies c ON c.id = sc.copy_id WHERE c.exam_id = :e AND c.removed = 0 AND "
                    "sc.points_milli IS NOT NULL",
       soci::use(exam), soci::into(copy), soci::into(question), soci::into(points));
  st.execute();
  while (st.fetch()) out[copy][question] = exams::Points::FromMilli(points);
  return out;
}

std::map<int64_t, std::vector<int64_t>> GradingStore::ScoredLeaves(soci::session& s,
                                                                   int64_t exam_id) const {
  long long exam = exam_id, copy = 0, question = 0;
  std::map<int64_t, std::vector<int64_t>> out;
  soci::statement st =
      (s.prepare << "SELECT sc.question_id, sc.copy_id FROM scores sc JOIN copies c ON c.id = "
                    "sc.copy_id WHERE c.exam_id = :e AND sc.points_milli IS NOT NULL ORDER BY "
                    "sc.question_id, sc.copy_id",
       soci::use(exam), soci::into(question), soci::into(copy));
  st.execute();
  while (st.fetch()) out[question].push_back(copy);
  return out;
}

}  // namespace korrigo::grading
