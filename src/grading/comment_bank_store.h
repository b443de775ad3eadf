// CommentBankStore: SQL for an exam's bank of reusable comments (shared with the exam's correctors
// or personal to one of them) and for finding the annotations made from an item. Methods run on
// the caller's session or transaction; SOCI exceptions propagate.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exams/points.h"

namespace korrigo::grading {

struct BankItem {
  int64_t id = 0;
  int64_t exam_id = 0;
  std::optional<int64_t> owner_id;  // nullopt: shared
  std::string text;
  std::optional<int64_t> question_id;
  std::optional<exams::Points> points;
  int64_t usage_count = 0;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool shared() const { return !owner_id; }
  nlohmann::json ToJson() const;
};

// An annotation made from a bank item.
struct BankUse {
  int64_t copy_id = 0;
  std::string anonymous_id;
  std::string copy_status;
  std::string annotation_uid;
};

class CommentBankStore {
 public:
  int64_t Insert(soci::session& s, const BankItem& item) const;
  std::optional<BankItem> Find(soci::session& s, int64_t id) const;
  // Writes text, question, points and updated_at.
  void Update(soci::session& s, const BankItem& item) const;
  void Delete(soci::session& s, int64_t id) const;
  // The exam's shared items and those owned by `user_id`.
  std::vector<BankItem> ListVisible(soci::session& s, int64_t exam_id, int64_t user_id) const;
  void AddUsage(soci::session& s, int64_t id, int64_t count) const;
  std::vector<BankUse> Uses(soci::session& s, int64_t id) const;
};

}  // namespace korrigo::grading
