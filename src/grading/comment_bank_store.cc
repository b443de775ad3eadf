// Comment bank SQL. The folded text (lower case, no accents) is stored beside the text so searches
// compare like with like.
#include "grading/comment_bank_store.h"

#include "core/text_fold.h"
#include "storage/query_rows.h"

namespace korrigo::grading {
namespace {

constexpr const char* kColumns =
    "SELECT id, exam_id, owner_id, text, question_id, points_milli, usage_count, created_by, "
    "created_at, updated_at FROM comment_bank ";

struct Row {
  long long id = 0, exam = 0, owner = 0, question = 0, points = 0, usage = 0, by = 0, created = 0,
            updated = 0;
  std::string text;
  soci::indicator o_ind = soci::i_null, q_ind = soci::i_null, p_ind = soci::i_null,
                  b_ind = soci::i_null;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(exam));
    st.exchange(soci::into(owner, o_ind));
    st.exchange(soci::into(text));
    st.exchange(soci::into(question, q_ind));
    st.exchange(soci::into(points, p_ind));
    st.exchange(soci::into(usage));
    st.exchange(soci::into(by, b_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
  }
  BankItem Get() const {
    BankItem b{.id = id, .exam_id = exam, .text = text, .usage_count = usage};
    if (o_ind == soci::i_ok) b.owner_id = owner;
    if (q_ind == soci::i_ok) b.question_id = question;
    if (p_ind == soci::i_ok) b.points = exams::Points::FromMilli(points);
    if (b_ind == soci::i_ok) b.created_by = by;
    b.created_at = created;
    b.updated_at = updated;
    return b;
  }
};

}  // namespace

nlohmann::json BankItem::ToJson() const {
  using nlohmann::json;
  return {{"id", id},
          {"exam_id", exam_id},
          {"shared", shared()},
          {"owner_id", owner_id ? json(*owner_id) : json(nullptr)},
          {"text", text},
          {"question_id", question_id ? json(*question_id) : json(nullptr)},
          {"points", points ? points->ToJson() : json(nullptr)},
          {"usage_count", usage_count},
          {"created_by", created_by ? json(*created_by) : json(nullptr)},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

int64_t CommentBankStore::Insert(soci::session& s, const BankItem& b) const {
  long long exam = b.exam_id, owner = b.owner_id.value_or(0), q = b.question_id.value_or(0),
            p = b.points ? b.points->milli() : 0, by = b.created_by.value_or(0), at = b.created_at,
            id = 0;
  soci::indicator o_ind = b.owner_id ? soci::i_ok : soci::i_null,
                  q_ind = b.question_id ? soci::i_ok : soci::i_null,
                  p_ind = b.points ? soci::i_ok : soci::i_null,
                  b_ind = b.created_by ? soci::i_ok : soci::i_null;
  std::string folded = core::FoldText(b.text);
  s << "INSERT INTO comment_bank (exam_id, owner_id, text, folded, question_id, points_milli, "
       "usage_count, created_by, created_at, updated_at) VALUES (:e, :o, :t, :f, :q, :p, 0, :b, "
       ":c, :u) RETURNING id",
      soci::use(exam), soci::use(owner, o_ind), soci::use(b.text), soci::use(folded),
      soci::use(q, q_ind), soci::use(p, p_ind), soci::use(by, b_ind), soci::use(at), soci::use(at),
      soci::into(id);
  return id;
}

std::optional<BankItem> CommentBankStore::Find(soci::session& s, int64_t id) const {
  long long i = id;
  auto rows = storage::SelectRows<Row>(s, std::string(kColumns) + "WHERE id = :id",
                                       [&](soci::statement& st) { st.exchange(soci::use(i)); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void CommentBankStore::Update(soci::session& s, const BankItem& b) const {
  long long id = b.id, q = b.question_id.value_or(0), p = b.points ? b.points->milli() : 0,
            at = b.updated_at;
  soci::indicator q_ind = b.question_id ? soci::i_ok : soci::i_null,
                  p_ind = b.points ? soci::i_ok : soci::i_null;
  std::string folded = core::FoldText(b.text);
  s << "UPDATE comment_bank SET text = :t, folded = :f, question_id = :q, points_milli = :p, "
       "updated_at = :u WHERE id = :id",
      soci::use(b.text), soci::use(folded), soci::use(q, q_ind), soci::use(p, p_ind), soci::use(at),
      soci::use(id);
}

void CommentBankStore::Delete(soci::session& s, int64_t id) const {
  long long i = id;
  s << "DELETE FROM comment_bank WHERE id = :id", soci::use(i);
}

std::vector<BankItem> CommentBankStore::ListVisible(soci::session& s, int64_t exam_id,
                                                    int64_t user_id) const {
  long long e = exam_id, u = user_id;
  return storage::SelectRows<Row>(
      s,
      std::string(kColumns) +
          "WHERE exam_id = :e AND (owner_id IS NULL OR owner_id = :u) ORDER BY usage_count DESC, "
          "id",
      [&](soci::statement& st) {
        st.exchange(soci::use(e));
        st.exchange(soci::use(u));
      });
}

void CommentBankStore::AddUsage(soci::session& s, int64_t id, int64_t count) const {
  long long i = id, n = count;
  s << "UPDATE comment_bank SET usage_count = usage_count + :n WHERE id = :id", soci::use(n),
      soci::use(i);
}

std::vector<BankUse> CommentBankStore::Uses(soci::session& s, int64_t id) const {
  long long i = id, copy = 0;
  std::string anon, status, uid;
  std::vector<BankUse> out;
  soci::statement st =
      (s.prepare << "SELECT a.copy_id, c.anonymous_id, c.status, a.uid FROM annotations a JOIN "
                    "copies c ON c.id = a.copy_id WHERE a.bank_item_id = :i ORDER BY c.sequence, "
                    "a.id",
       soci::use(i), soci::into(copy), soci::into(anon), soci::into(status), soci::into(uid));
  st.execute();
  while (st.fetch()) out.push_back({copy, anon, status, uid});
  return out;
}

}  // namespace korrigo::grading
