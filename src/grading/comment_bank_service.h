// CommentBankService: an exam's reusable comments. Any corrector of the exam (or an admin) adds
// shared comments; each corrector also keeps personal ones. Search is accent- and case-insensitive
// (prefix matches first, then "contains"), most used first, the asked question's comments before
// the others. Editing a shared comment that copies use first shows those copies; once confirmed,
// the not-yet-finalized ones are updated (a batch in each copy's history), finalized ones keep
// what they had. Changes are audited.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "exams/exam_service.h"
#include "exams/scheme_service.h"
#include "grading/comment_bank_store.h"
#include "grading/grading_store.h"
#include "storage/database.h"

namespace korrigo::grading {

struct BankQuery {
  std::string search;                  // "" for all
  std::optional<int64_t> question_id;  // its comments first
  int limit = 50;
};

class CommentBankService {
 public:
  CommentBankService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
                     exams::ExamService& exams, exams::SchemeService& schemes)
      : db_(db), clock_(clock), audit_(audit), exams_(exams), schemes_(schemes) {}

  // Errors: not_found (unknown exam, or a teacher who does not correct it).
  core::Result<std::vector<BankItem>> List(int64_t exam_id, const exams::Viewer& viewer,
                                           const BankQuery& query);
  // Body {"text", "question_id"?, "points"?, "shared"? (default true)}. Errors: not_found,
  // invalid_argument.
  core::Result<BankItem> Create(int64_t exam_id, const exams::Viewer& viewer,
                                const nlohmann::json& body, const audit::AuditContext& context);
  // Body {"text"?, "question_id"?, "points"?, "confirm"?}. Returns {"item", "updated_copies",
  // "kept_copies"}. Errors: not_found; permission_denied (another corrector's personal item, or a
  // shared item edited by a teacher who did not write it); invalid_argument; conflict when copies
  // use the item and !confirm (details.uses).
  core::Result<nlohmann::json> Update(int64_t item_id, const exams::Viewer& viewer,
                                      const nlohmann::json& body,
                                      const audit::AuditContext& context);
  // Annotations already made from it keep their text. Errors as Update.
  core::Status Delete(int64_t item_id, const exams::Viewer& viewer,
                      const audit::AuditContext& context);
  // The copies whose annotations came from the item. Errors: not_found.
  core::Result<std::vector<BankUse>> Uses(int64_t item_id, const exams::Viewer& viewer);

 private:
  // The item if `viewer` may use it (a corrector of its exam; personal ones: their owner).
  core::Result<BankItem> Visible(soci::session& s, int64_t item_id, const exams::Viewer& viewer);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  exams::ExamService& exams_;
  exams::SchemeService& schemes_;
  CommentBankStore store_;
  GradingStore grading_;
};

// For GradingService: checks that annotations made from bank items use items of the copy's exam
// visible to the writer, and counts their use. Errors: invalid_argument naming the item.
core::Status RecordBankUses(soci::session& tx, const CommentBankStore& store, int64_t exam_id,
                            const std::vector<int64_t>& item_ids, int64_t user_id);

}  // namespace korrigo::grading
