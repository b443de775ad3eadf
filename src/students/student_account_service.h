// StudentAccountService: accounts for roster students. For a selection (some students, a class, a
// group, or everyone) it creates the missing accounts and issues one-time activation codes, to hand
// out on printed slips; it re-issues a code for one student. Codes exist in clear only in the
// returned values, never in storage or logs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "auth/user_service.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"
#include "students/student_store.h"

namespace korrigo::students {

// Which students: explicit ids, or a class (and optionally a group), or all active students.
struct AccountSelection {
  std::vector<int64_t> student_ids;
  std::string class_name;
  std::optional<std::string> group_name;
  bool all = false;
  bool username_from_email = false;  // else derived from the names: "eloise.dupont-martin"
};

struct IssuedSlip {
  Student student;
  std::string username;
  std::string code;
  std::string purpose;  // activation | password_reset
  int64_t expires_at = 0;
  bool account_created = false;
};

struct SkippedStudent {
  Student student;
  std::string reason;
};

struct AccountBatch {
  std::vector<IssuedSlip> slips;
  std::vector<SkippedStudent> skipped;  // e.g. already activated
};

// Parses {"student_ids": [...]} | {"class_name": "T.02", "group_name": "G1"} | {"all": true}, plus
// optional "username_from": "name" | "email". Exactly one selector. Errors: invalid_argument with
// details.field.
core::Result<AccountSelection> ParseAccountSelection(const nlohmann::json& body);

// The username an account of this student starts from: folded "first.last" (ASCII letters, digits,
// '.', '-'), or the email's local part and domain when `from_email` and there is one.
std::string UsernameBase(const Student& student, bool from_email);

class StudentAccountService {
 public:
  StudentAccountService(storage::Database& db, const core::Clock& clock, audit::AuditStore& audit,
                        auth::UserService& users)
      : db_(db), clock_(clock), audit_(audit), users_(users) {}

  // Creates accounts for the selected active students that have none and issues a code to those
  // whose account is not activated yet; students with an activated account are skipped (re-issue a
  // code one by one). At most 5,000 students per batch. Errors: invalid_argument (nothing selected,
  // too many), not_found (an unknown id).
  core::Result<AccountBatch> Issue(const AccountSelection& selection,
                                   const audit::AuditContext& context);

  // A new code for one student: creates the account when missing; activation code while it is not
  // activated, password-reset code afterwards. Errors: not_found, failed_precondition (archived
  // student).
  core::Result<IssuedSlip> Reissue(int64_t student_id, bool username_from_email,
                                   const audit::AuditContext& context);

 private:
  IssuedSlip IssueOne(soci::session& tx, const Student& student, bool from_email,
                      const audit::AuditContext& context);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditStore& audit_;
  auth::UserService& users_;
  StudentStore store_;
};

}  // namespace korrigo::students
