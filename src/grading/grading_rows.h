// Row binders shared by the grading store's statements.
#pragma once

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "grading/grading_state.h"

namespace korrigo::grading::rows {

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

inline constexpr const char* kAnnotationColumns =
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

}  // namespace korrigo::grading::rows
