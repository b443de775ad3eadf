// The grading store's statements that run on every autosave and every grading read, prepared once
// per pooled connection (storage/statement_cache.h). Each statement reads or writes one row, so a
// batch costs a few executions and no SQL compilation.
#include <fmt/format.h>

#include <algorithm>

#include "grading/grading_rows.h"
#include "grading/grading_store.h"
#include "storage/statement_cache.h"

namespace korrigo::grading {
namespace {

using storage::Cached;
using storage::CachedStatement;
using storage::ExecuteOne;

soci::indicator Ind(bool set) { return set ? soci::i_ok : soci::i_null; }

// Prepares `st` to read `row` (through its Bind) for the parameters `params`.
template <typename Row, typename... Params>
void PrepareRowQuery(soci::statement& st, Row& row, const char* sql, Params&... params) {
  st.alloc();
  row.Bind(st);
  (st.exchange(soci::use(params)), ...);
  st.prepare(sql);
  st.define_and_bind();
}

struct OpsTargetQuery : CachedStatement {
  long long id = 0, corrector = 0, exam = 0, scheme = 0, version = 0, count = 0;
  int removed = 0;
  std::string status, anonymous_id, appreciation;
  soci::indicator corrector_ind = soci::i_null, status_ind = soci::i_null;
  soci::statement st;
  explicit OpsTargetQuery(soci::session& s)
      : st((s.prepare << "SELECT c.status, c.removed, c.corrector_id, c.exam_id, c.anonymous_id, "
                         "e.scheme_version, c.grading_version, c.appreciation, (SELECT COUNT(*) "
                         "FROM annotations a WHERE a.copy_id = c.id) FROM copies c JOIN exams e "
                         "ON e.id = c.exam_id WHERE c.id = :id",
            soci::use(id), soci::into(status, status_ind), soci::into(removed),
            soci::into(corrector, corrector_ind), soci::into(exam), soci::into(anonymous_id),
            soci::into(scheme), soci::into(version), soci::into(appreciation), soci::into(count))) {
  }
};

struct PageIdsQuery : CachedStatement {
  long long copy = 0, page = 0;
  soci::statement st;
  explicit PageIdsQuery(soci::session& s)
      : st((s.prepare << "SELECT id FROM pages WHERE copy_id = :c", soci::use(copy),
            soci::into(page))) {}
};

struct AnnotationQuery : CachedStatement {
  long long copy = 0;
  std::string uid;
  rows::AnnotationCommonRow row;
  soci::statement st;
  explicit AnnotationQuery(soci::session& s) : st(s) {
    PrepareRowQuery(st, row,
                    "SELECT uid, page_id, kind, '', question_id, points_milli, bank_item_id, "
                    "author_id, created_at, updated_at FROM annotations WHERE copy_id = :c AND "
                    "uid = :u",
                    copy, uid);
  }
};

struct ScoreQuery : CachedStatement {
  long long copy = 0, question = 0;
  rows::ScoreRow row;
  soci::statement st;
  explicit ScoreQuery(soci::session& s) : st(s) {
    PrepareRowQuery(st, row,
                    "SELECT question_id, points_milli, remark, updated_by, updated_at FROM scores "
                    "WHERE copy_id = :c AND question_id = :q",
                    copy, question);
  }
};

struct AppliedOpQuery : CachedStatement {
  long long copy = 0, version = 0;
  std::string op;
  soci::statement st;
  explicit AppliedOpQuery(soci::session& s)
      : st((s.prepare << "SELECT version FROM grading_op_ids WHERE copy_id = :c AND op_id = :o",
            soci::use(copy), soci::use(op), soci::into(version))) {}
};

struct DeleteAnnotation : CachedStatement {
  long long copy = 0;
  std::string uid;
  soci::statement st;
  explicit DeleteAnnotation(soci::session& s)
      : st((s.prepare << "DELETE FROM annotations WHERE copy_id = :c AND uid = :u", soci::use(copy),
            soci::use(uid))) {}
};

struct UpsertAnnotation : CachedStatement {
  long long copy = 0, page = 0, question = 0, points = 0, bank = 0, author = 0, created = 0,
            updated = 0;
  std::string uid, kind, data;
  soci::indicator q_ind = soci::i_null, p_ind = soci::i_null, b_ind = soci::i_null,
                  a_ind = soci::i_null;
  soci::statement st;
  explicit UpsertAnnotation(soci::session& s)
      : st((s.prepare << "INSERT INTO annotations (copy_id, uid, page_id, kind, data, "
                         "question_id, points_milli, bank_item_id, author_id, created_at, "
                         "updated_at) VALUES (:c, :u, :p, :k, :d, :q, :pm, :b, :a, :cr, :up) ON "
                         "CONFLICT (copy_id, uid) DO UPDATE SET page_id = excluded.page_id, kind "
                         "= excluded.kind, data = excluded.data, question_id = "
                         "excluded.question_id, points_milli = excluded.points_milli, "
                         "bank_item_id = excluded.bank_item_id, author_id = excluded.author_id, "
                         "created_at = excluded.created_at, updated_at = excluded.updated_at",
            soci::use(copy), soci::use(uid), soci::use(page), soci::use(kind), soci::use(data),
            soci::use(question, q_ind), soci::use(points, p_ind), soci::use(bank, b_ind),
            soci::use(author, a_ind), soci::use(created), soci::use(updated))) {}
};

struct DeleteScore : CachedStatement {
  long long copy = 0, question = 0;
  soci::statement st;
  explicit DeleteScore(soci::session& s)
      : st((s.prepare << "DELETE FROM scores WHERE copy_id = :c AND question_id = :q",
            soci::use(copy), soci::use(question))) {}
};

struct UpsertScore : CachedStatement {
  long long copy = 0, question = 0, points = 0, by = 0, updated = 0;
  std::string remark;
  soci::indicator p_ind = soci::i_null, by_ind = soci::i_null;
  soci::statement st;
  explicit UpsertScore(soci::session& s)
      : st((s.prepare << "INSERT INTO scores (copy_id, question_id, points_milli, remark, "
                         "updated_by, updated_at) VALUES (:c, :q, :p, :r, :b, :u) ON CONFLICT "
                         "(copy_id, question_id) DO UPDATE SET points_milli = "
                         "excluded.points_milli, remark = excluded.remark, updated_by = "
                         "excluded.updated_by, updated_at = excluded.updated_at",
            soci::use(copy), soci::use(question), soci::use(points, p_ind), soci::use(remark),
            soci::use(by, by_ind), soci::use(updated))) {}
};

struct SetGradingVersion : CachedStatement {
  long long copy = 0, version = 0;
  soci::statement st;
  explicit SetGradingVersion(soci::session& s)
      : st((s.prepare << "UPDATE copies SET grading_version = :v WHERE id = :c", soci::use(version),
            soci::use(copy))) {}
};

struct InsertBatch : CachedStatement {
  long long copy = 0, version = 0, user = 0, created = 0;
  std::string ops;
  soci::statement st;
  explicit InsertBatch(soci::session& s)
      : st((s.prepare << "INSERT INTO grading_batches (copy_id, version, user_id, ops, "
                         "created_at) VALUES (:c, :v, :u, :o, :t)",
            soci::use(copy), soci::use(version), soci::use(user), soci::use(ops),
            soci::use(created))) {}
};

struct InsertOpId : CachedStatement {
  long long copy = 0, version = 0;
  std::string op;
  soci::statement st;
  explicit InsertOpId(soci::session& s)
      : st((s.prepare << "INSERT INTO grading_op_ids (copy_id, op_id, version) VALUES (:c, :o, "
                         ":v)",
            soci::use(copy), soci::use(op), soci::use(version))) {}
};

struct FingerprintQuery : CachedStatement {
  long long id = 0, corrector = 0, grading = 0, version = 0, updated = 0, scheme = 0, pages = 0,
            page_sum = 0, student_at = 0, user_at = 0, exam_at = 0;
  int removed = 0;
  std::string status;
  soci::indicator corrector_ind = soci::i_null, status_ind = soci::i_null;
  soci::statement st;
  explicit FingerprintQuery(soci::session& s)
      : st((s.prepare << "SELECT c.status, c.corrector_id, c.removed, c.grading_version, "
                         "c.version, c.updated_at, e.scheme_version, e.updated_at, (SELECT "
                         "COUNT(*) FROM pages p WHERE p.copy_id = c.id), (SELECT "
                         "COALESCE(SUM(p.id * 7 + p.position * 131 + p.rotation), 0) FROM pages "
                         "p WHERE p.copy_id = c.id), COALESCE(st.updated_at, 0), "
                         "COALESCE(u.updated_at, 0) FROM copies c JOIN exams e ON e.id = "
                         "c.exam_id LEFT JOIN students st ON st.id = c.student_id LEFT JOIN "
                         "users u ON u.id = c.corrector_id WHERE c.id = :id",
            soci::use(id), soci::into(status, status_ind), soci::into(corrector, corrector_ind),
            soci::into(removed), soci::into(grading), soci::into(version), soci::into(updated),
            soci::into(scheme), soci::into(exam_at), soci::into(pages), soci::into(page_sum),
            soci::into(student_at), soci::into(user_at))) {}
};

}  // namespace

std::optional<OpsTarget> GradingStore::LoadOpsTarget(soci::session& s, int64_t copy_id) const {
  auto q = Cached<OpsTargetQuery>(s);
  q->id = copy_id;
  q->status_ind = soci::i_null;
  if (!ExecuteOne(q->st) || q->status_ind != soci::i_ok) return std::nullopt;
  OpsTarget t{.status = q->status,
              .removed = q->removed != 0,
              .exam_id = q->exam,
              .anonymous_id = q->anonymous_id,
              .scheme_version = q->scheme};
  if (q->corrector_ind == soci::i_ok) t.corrector_id = q->corrector;
  t.state.version = q->version;
  t.state.appreciation = q->appreciation;
  t.state.unloaded_annotations = static_cast<size_t>(q->count);
  auto pages = Cached<PageIdsQuery>(s);
  pages->copy = copy_id;
  storage::ForEachRow(pages->st, [&] { t.page_ids.insert(pages->page); });
  return t;
}

void GradingStore::LoadForOps(soci::session& s, int64_t copy_id, const std::set<std::string>& uids,
                              const std::set<int64_t>& questions, GradingState& state) const {
  if (!uids.empty()) {
    auto q = Cached<AnnotationQuery>(s);
    q->copy = copy_id;
    for (const std::string& uid : uids) {
      q->uid = uid;
      if (ExecuteOne(q->st)) state.annotations.push_back(q->row.Get());
    }
    state.unloaded_annotations -= std::min(state.unloaded_annotations, state.annotations.size());
  }
  if (!questions.empty()) {
    auto q = Cached<ScoreQuery>(s);
    q->copy = copy_id;
    for (int64_t question : questions) {
      q->question = question;
      if (ExecuteOne(q->st)) state.scores[question] = q->row.Get().second;
    }
  }
}

std::optional<ViewFingerprint> GradingStore::Fingerprint(soci::session& s, int64_t copy_id) const {
  auto q = Cached<FingerprintQuery>(s);
  q->id = copy_id;
  q->status_ind = soci::i_null;
  if (!ExecuteOne(q->st) || q->status_ind != soci::i_ok) return std::nullopt;
  ViewFingerprint f{.status = q->status, .removed = q->removed != 0};
  if (q->corrector_ind == soci::i_ok) f.corrector_id = q->corrector;
  f.key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", q->status, q->corrector, q->grading,
                      q->version, q->updated, q->scheme, q->exam_at, q->pages, q->page_sum,
                      q->student_at, q->user_at, q->removed);
  return f;
}

void GradingStore::Save(soci::session& s, int64_t copy_id, const GradingState& state,
                        const GradingChanges& changes) const {
  if (!changes.deleted.empty()) {
    auto del = Cached<DeleteAnnotation>(s);
    del->copy = copy_id;
    for (const std::string& uid : changes.deleted) {
      del->uid = uid;
      del->st.execute(true);
    }
  }
  if (!changes.upserted.empty()) {
    auto up = Cached<UpsertAnnotation>(s);
    up->copy = copy_id;
    for (const std::string& uid : changes.upserted) {
      const Annotation* a = state.Find(uid);
      if (!a) continue;
      up->uid = a->uid;
      up->kind = a->kind;
      up->data = a->data.dump();
      up->page = a->page_id;
      up->question = a->question_id.value_or(0);
      up->points = a->points ? a->points->milli() : 0;
      up->bank = a->bank_item_id.value_or(0);
      up->author = a->author_id.value_or(0);
      up->created = a->created_at;
      up->updated = a->updated_at;
      up->q_ind = Ind(a->question_id.has_value());
      up->p_ind = Ind(a->points.has_value());
      up->b_ind = Ind(a->bank_item_id.has_value());
      up->a_ind = Ind(a->author_id.has_value());
      up->st.execute(true);
    }
  }
  for (int64_t question : changes.questions) {
    auto it = state.scores.find(question);
    if (it == state.scores.end() || (!it->second.points && it->second.remark.empty())) {
      auto del = Cached<DeleteScore>(s);
      del->copy = copy_id;
      del->question = question;
      del->st.execute(true);
      continue;
    }
    const QuestionScore& sc = it->second;
    auto up = Cached<UpsertScore>(s);
    up->copy = copy_id;
    up->question = question;
    up->points = sc.points ? sc.points->milli() : 0;
    up->p_ind = Ind(sc.points.has_value());
    up->remark = sc.remark;
    up->by = sc.updated_by.value_or(0);
    up->by_ind = Ind(sc.updated_by.has_value());
    up->updated = sc.updated_at;
    up->st.execute(true);
  }
  long long copy = copy_id, version = state.version;
  if (changes.appreciation) {
    s << "UPDATE copies SET grading_version = :v, appreciation = :a WHERE id = :c",
        soci::use(version), soci::use(state.appreciation), soci::use(copy);
  } else {
    auto set = Cached<SetGradingVersion>(s);
    set->copy = copy;
    set->version = version;
    set->st.execute(true);
  }
}

std::map<std::string, int64_t> GradingStore::AppliedOps(
    soci::session& s, int64_t copy_id, const std::vector<std::string>& op_ids) const {
  std::map<std::string, int64_t> out;
  if (op_ids.empty()) return out;
  auto q = Cached<AppliedOpQuery>(s);
  q->copy = copy_id;
  for (const std::string& id : op_ids) {
    q->op = id;
    if (ExecuteOne(q->st)) out[id] = q->version;
  }
  return out;
}

void GradingStore::RecordBatch(soci::session& s, int64_t copy_id, int64_t version, int64_t user_id,
                               const nlohmann::json& ops, const std::vector<std::string>& op_ids,
                               int64_t now) const {
  auto batch = Cached<InsertBatch>(s);
  batch->copy = copy_id;
  batch->version = version;
  batch->user = user_id;
  batch->ops = ops.dump();
  batch->created = now;
  batch->st.execute(true);
  auto op = Cached<InsertOpId>(s);
  op->copy = copy_id;
  op->version = version;
  for (const std::string& id : op_ids) {
    op->op = id;
    op->st.execute(true);
  }
}

}  // namespace korrigo::grading
