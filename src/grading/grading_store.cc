// Grading data SQL. Annotations keep their database id only for ordering: the client's uid is the
// stable name. A score row with neither points nor remark is removed rather than kept empty.
#include "grading/grading_store.h"

#include <fmt/format.h>

#include "storage/query_rows.h"

namespace korrigo::grading {
namespace {

struct AnnotationRow {
  std::string uid, kind, data;
  long long page = 0, question = 0, points = 0, bank = 0, author = 0, created = 0, updated = 0;
  soci::indicator q_ind = soci::i_null, p_ind = soci::i_null, b_ind = soci::i_null,
                  a_ind = soci::i_null;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(uid));
    st.exchange(soci::into(page));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(data));
    st.exchange(soci::into(question, q_ind));
    st.exchange(soci::into(points, p_ind));
    st.exchange(soci::into(bank, b_ind));
    st.exchange(soci::into(author, a_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
  }
  Annotation Get() const {
    Annotation a = Common();
    a.data = nlohmann::json::parse(data, nullptr, false);
    if (!a.data.is_object()) a.data = nlohmann::json::object();
    return a;
  }
  // Everything but data, left as text.
  Annotation Common() const {
    Annotation a;
    a.uid = uid;
    a.page_id = page;
    a.kind = kind;
    if (q_ind == soci::i_ok) a.question_id = question;
    if (p_ind == soci::i_ok) a.points = exams::Points::FromMilli(points);
    if (b_ind == soci::i_ok) a.bank_item_id = bank;
    if (a_ind == soci::i_ok) a.author_id = author;
    a.created_at = created;
    a.updated_at = updated;
    return a;
  }
};

// An annotation without its data.
struct AnnotationCommonRow : AnnotationRow {
  Annotation Get() const { return Common(); }
};

// An annotation's JSON text, its data spliced in unparsed.
struct AnnotationTextRow : AnnotationRow {
  std::string Get() const { return Common().ToJsonText(data); }
};

constexpr const char* kAnnotationColumns =
    "SELECT uid, page_id, kind, data, question_id, points_milli, bank_item_id, author_id, "
    "created_at, updated_at FROM annotations WHERE copy_id = :id ORDER BY id";

struct ScoreRow {
  long long question = 0, points = 0, by = 0, updated = 0;
  std::string remark;
  soci::indicator p_ind = soci::i_null, by_ind = soci::i_null;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(question));
    st.exchange(soci::into(points, p_ind));
    st.exchange(soci::into(remark));
    st.exchange(soci::into(by, by_ind));
    st.exchange(soci::into(updated));
  }
  std::pair<int64_t, QuestionScore> Get() const {
    QuestionScore s;
    if (p_ind == soci::i_ok) s.points = exams::Points::FromMilli(points);
    s.remark = remark;
    if (by_ind == soci::i_ok) s.updated_by = by;
    s.updated_at = updated;
    return {question, s};
  }
};

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
  } else if (annotations == Annotations::kWithoutData) {
    state.annotations = storage::SelectRows<AnnotationCommonRow>(
        s,
        "SELECT uid, page_id, kind, '', question_id, points_milli, bank_item_id, author_id, "
        "created_at, updated_at FROM annotations WHERE copy_id = :id ORDER BY id",
        bind);
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

std::optional<ViewFingerprint> GradingStore::Fingerprint(soci::session& s, int64_t copy_id) const {
  long long id = copy_id, corrector = 0, grading = 0, version = 0, updated = 0, scheme = 0,
            pages = 0, page_sum = 0, student_at = 0, user_at = 0, exam_at = 0;
  int removed = 0;
  std::string status;
  soci::indicator corrector_ind = soci::i_null, status_ind = soci::i_null;
  s << "SELECT c.status, c.corrector_id, c.removed, c.grading_version, c.version, c.updated_at, "
       "e.scheme_version, e.updated_at, (SELECT COUNT(*) FROM pages p WHERE p.copy_id = c.id), "
       "(SELECT COALESCE(SUM(p.id * 7 + p.position * 131 + p.rotation), 0) FROM pages p WHERE "
       "p.copy_id = c.id), COALESCE(st.updated_at, 0), COALESCE(u.updated_at, 0) FROM copies c "
       "JOIN exams e ON e.id = c.exam_id LEFT JOIN students st ON st.id = c.student_id LEFT JOIN "
       "users u ON u.id = c.corrector_id WHERE c.id = :id",
      soci::use(id), soci::into(status, status_ind), soci::into(corrector, corrector_ind),
      soci::into(removed), soci::into(grading), soci::into(version), soci::into(updated),
      soci::into(scheme), soci::into(exam_at), soci::into(pages), soci::into(page_sum),
      soci::into(student_at), soci::into(user_at);
  if (status_ind != soci::i_ok) return std::nullopt;
  ViewFingerprint f{.status = status, .removed = removed != 0};
  if (corrector_ind == soci::i_ok) f.corrector_id = corrector;
  f.key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", status, corrector, grading, version,
                      updated, scheme, exam_at, pages, page_sum, student_at, user_at, removed);
  return f;
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

void GradingStore::Save(soci::session& s, int64_t copy_id, const GradingState& state,
                        const GradingChanges& changes) const {
  long long copy = copy_id, version = state.version;
  for (const std::string& uid : changes.deleted) {
    s << "DELETE FROM annotations WHERE copy_id = :c AND uid = :u", soci::use(copy), soci::use(uid);
  }
  for (const std::string& uid : changes.upserted) {
    const Annotation* a = state.Find(uid);
    if (!a) continue;
    std::string data = a->data.dump();
    long long page = a->page_id, question = a->question_id.value_or(0),
              points = a->points ? a->points->milli() : 0, bank = a->bank_item_id.value_or(0),
              author = a->author_id.value_or(0), created = a->created_at, updated = a->updated_at;
    soci::indicator q_ind = a->question_id ? soci::i_ok : soci::i_null,
                    p_ind = a->points ? soci::i_ok : soci::i_null,
                    b_ind = a->bank_item_id ? soci::i_ok : soci::i_null,
                    a_ind = a->author_id ? soci::i_ok : soci::i_null;
    long long n = 0;
    s << "SELECT COUNT(*) FROM annotations WHERE copy_id = :c AND uid = :u", soci::use(copy),
        soci::use(uid), soci::into(n);
    if (n == 0) {
      s << "INSERT INTO annotations (copy_id, uid, page_id, kind, data, question_id, "
           "points_milli, bank_item_id, author_id, created_at, updated_at) VALUES (:c, :u, :p, "
           ":k, :d, :q, :pm, :b, :a, :cr, :up)",
          soci::use(copy), soci::use(uid), soci::use(page), soci::use(a->kind), soci::use(data),
          soci::use(question, q_ind), soci::use(points, p_ind), soci::use(bank, b_ind),
          soci::use(author, a_ind), soci::use(created), soci::use(updated);
    } else {
      s << "UPDATE annotations SET page_id = :p, data = :d, question_id = :q, points_milli = :pm, "
           "bank_item_id = :b, updated_at = :up WHERE copy_id = :c AND uid = :u",
          soci::use(page), soci::use(data), soci::use(question, q_ind), soci::use(points, p_ind),
          soci::use(bank, b_ind), soci::use(updated), soci::use(copy), soci::use(uid);
    }
  }
  for (int64_t question : changes.questions) {
    long long q = question;
    s << "DELETE FROM scores WHERE copy_id = :c AND question_id = :q", soci::use(copy),
        soci::use(q);
    auto it = state.scores.find(question);
    if (it == state.scores.end() || (!it->second.points && it->second.remark.empty())) continue;
    const QuestionScore& sc = it->second;
    long long points = sc.points ? sc.points->milli() : 0, by = sc.updated_by.value_or(0),
              updated = sc.updated_at;
    soci::indicator p_ind = sc.points ? soci::i_ok : soci::i_null,
                    by_ind = sc.updated_by ? soci::i_ok : soci::i_null;
    s << "INSERT INTO scores (copy_id, question_id, points_milli, remark, updated_by, updated_at) "
         "VALUES (:c, :q, :p, :r, :b, :u)",
        soci::use(copy), soci::use(q), soci::use(points, p_ind), soci::use(sc.remark),
        soci::use(by, by_ind), soci::use(updated);
  }
  if (changes.appreciation) {
    s << "UPDATE copies SET grading_version = :v, appreciation = :a WHERE id = :c",
        soci::use(version), soci::use(state.appreciation), soci::use(copy);
  } else {
    s << "UPDATE copies SET grading_version = :v WHERE id = :c", soci::use(version),
        soci::use(copy);
  }
}

std::map<std::string, int64_t> GradingStore::AppliedOps(
    soci::session& s, int64_t copy_id, const std::vector<std::string>& op_ids) const {
  std::map<std::string, int64_t> out;
  long long copy = copy_id, version = 0;
  std::string op;
  soci::indicator ind = soci::i_null;
  soci::statement st =
      (s.prepare << "SELECT version FROM grading_op_ids WHERE copy_id = :c AND op_id = :o",
       soci::use(copy), soci::use(op), soci::into(version, ind));
  for (const std::string& id : op_ids) {
    op = id;
    ind = soci::i_null;
    if (st.execute(true) && ind == soci::i_ok) out[id] = version;
  }
  return out;
}

void GradingStore::RecordBatch(soci::session& s, int64_t copy_id, int64_t version, int64_t user_id,
                               const nlohmann::json& ops, const std::vector<std::string>& op_ids,
                               int64_t now) const {
  long long copy = copy_id, v = version, user = user_id, created = now;
  std::string text = ops.dump();
  s << "INSERT INTO grading_batches (copy_id, version, user_id, ops, created_at) VALUES (:c, :v, "
       ":u, :o, :t)",
      soci::use(copy), soci::use(v), soci::use(user), soci::use(text), soci::use(created);
  std::string op;
  soci::statement st =
      (s.prepare << "INSERT INTO grading_op_ids (copy_id, op_id, version) VALUES (:c, :o, :v)",
       soci::use(copy), soci::use(op), soci::use(v));
  for (const std::string& id : op_ids) {
    op = id;
    st.execute(true);
  }
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
