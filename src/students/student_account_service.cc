// Issuing student accounts in one transaction per batch: the accounts, their codes, the roster
// links and one audit entry for the batch (ids and counts, never codes) commit together or not at
// all.
#include "students/student_account_service.h"

#include <fmt/format.h>

#include <set>

#include "core/json_fields.h"
#include "core/text_fold.h"

namespace korrigo::students {
namespace {

constexpr size_t kMaxBatch = 5000;

// Keeps ASCII letters, digits, '.', '-' of folded text; spaces and apostrophes become '-'
// (collapsed).
std::string UsernamePart(const std::string& text) {
  std::string out;
  for (char c : core::FoldText(text)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
    char put = keep ? c : '-';
    if (put == '-' && (out.empty() || out.back() == '-' || out.back() == '.')) continue;
    out += put;
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out;
}

}  // namespace

std::string UsernameBase(const Student& student, bool from_email) {
  std::string base;
  if (from_email && student.email) base = core::FoldText(*student.email);
  if (base.empty()) base = UsernamePart(student.first_name) + "." + UsernamePart(student.last_name);
  std::string clean;
  for (char c : base) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
        c == '@')
      clean += c;
  }
  while (!clean.empty() && !std::isalnum(static_cast<unsigned char>(clean.front())))
    clean.erase(0, 1);
  if (clean.size() > 48) clean.resize(48);
  while (clean.size() < 3) clean += "0";
  return clean;
}

core::Result<AccountSelection> ParseAccountSelection(const nlohmann::json& body) {
  if (core::Status s = core::RejectUnknownFields(
          body, {"student_ids", "class_name", "group_name", "all", "username_from"});
      !s) {
    return s.take_error();
  }
  AccountSelection sel;
  int selectors = 0;
  if (body.contains("student_ids")) {
    ++selectors;
    const auto& ids = body["student_ids"];
    if (!ids.is_array() || ids.empty() || ids.size() > kMaxBatch) {
      return core::FieldError("student_ids",
                              "« student_ids » : une liste de 1 à 5 000 identifiants d'élèves.");
    }
    std::set<int64_t> seen;
    for (const auto& id : ids) {
      if (!id.is_number_integer() || id.get<int64_t>() <= 0) {
        return core::FieldError("student_ids",
                                "« student_ids » ne doit contenir que des identifiants d'élèves.");
      }
      if (seen.insert(id.get<int64_t>()).second) sel.student_ids.push_back(id.get<int64_t>());
    }
  }
  auto class_name = core::OptionalStringField(body, "class_name");
  if (!class_name) return class_name.take_error();
  if (*class_name) {
    ++selectors;
    sel.class_name = core::Trim(**class_name);
    if (sel.class_name.empty()) return core::FieldError("class_name", "Indiquez la classe.");
  }
  auto group = core::OptionalStringField(body, "group_name");
  if (!group) return group.take_error();
  if (*group) {
    if (sel.class_name.empty())
      return core::FieldError("group_name", "Un groupe se choisit avec sa classe.");
    sel.group_name = core::Trim(**group);
  }
  auto all = core::OptionalBoolField(body, "all");
  if (!all) return all.take_error();
  if (all->value_or(false)) {
    ++selectors;
    sel.all = true;
  }
  if (selectors != 1) {
    return core::Error::InvalidArgument(
        "Choisissez les élèves : une liste (student_ids), une classe (class_name) ou tous (all).");
  }
  auto from = core::OptionalStringField(body, "username_from");
  if (!from) return from.take_error();
  if (*from && **from != "name" && **from != "email") {
    return core::FieldError("username_from", "« username_from » : name ou email.");
  }
  sel.username_from_email = *from && **from == "email";
  return sel;
}

IssuedSlip StudentAccountService::IssueOne(soci::session& tx, const Student& student,
                                           bool from_email, const audit::AuditContext& context) {
  IssuedSlip slip{.student = student};
  std::optional<auth::IssuedCode> issued;
  if (student.user_id) issued = users_.ReissueCode(tx, *student.user_id, context);
  if (!issued) {
    issued = users_.CreateStudentAccount(tx, UsernameBase(student, from_email), student.email,
                                         student.DisplayName(), context);
    store_.LinkAccount(tx, student.id, issued->user.id, clock_.NowMs());
    slip.student.user_id = issued->user.id;
  }
  slip.username = issued->user.username;
  slip.student.username = issued->user.username;
  slip.code = issued->code;
  slip.purpose = auth::CodePurposeName(issued->purpose);
  slip.expires_at = issued->expires_at;
  slip.account_created = issued->created;
  return slip;
}

core::Result<AccountBatch> StudentAccountService::Issue(const AccountSelection& sel,
                                                        const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<AccountBatch> {
    StudentFilter filter;
    filter.ids = sel.student_ids;
    filter.class_name = sel.class_name;
    filter.group_name = sel.group_name;
    filter.archived = sel.student_ids.empty() ? std::optional<bool>(false) : std::nullopt;
    int64_t total = 0;
    std::vector<Student> students = store_.List(tx, filter, 0, kMaxBatch + 1, &total);
    if (total > static_cast<int64_t>(kMaxBatch)) {
      return core::Error::InvalidArgument("Trop d'élèves à la fois : 5 000 au plus par envoi.");
    }
    if (!sel.student_ids.empty() && students.size() != sel.student_ids.size()) {
      return core::Error::NotFound("Un des élèves choisis est introuvable.");
    }
    if (students.empty())
      return core::Error::InvalidArgument("Aucun élève ne correspond à ce choix.");
    AccountBatch batch;
    nlohmann::json created = nlohmann::json::array(), reissued = nlohmann::json::array();
    for (const Student& student : students) {
      if (student.archived) {
        batch.skipped.push_back({student, "Élève archivé."});
      } else if (student.account_activated) {
        batch.skipped.push_back(
            {student, "Compte déjà activé : générez un nouveau code pour cet élève seul."});
      } else {
        batch.slips.push_back(IssueOne(tx, student, sel.username_from_email, context));
        (batch.slips.back().account_created ? created : reissued).push_back(student.id);
      }
    }
    audit_.Append(tx, context, "student.accounts.issued", "", "",
                  {{"accounts_created", created.size()},
                   {"codes_reissued", reissued.size()},
                   {"skipped", batch.skipped.size()},
                   {"created_for", created},
                   {"reissued_for", reissued}});
    return batch;
  });
}

core::Result<IssuedSlip> StudentAccountService::Reissue(int64_t student_id, bool from_email,
                                                        const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<IssuedSlip> {
    auto student = store_.FindById(tx, student_id);
    if (!student) return core::Error::NotFound("Élève introuvable.");
    if (student->archived) return core::Error::FailedPrecondition("Cet élève est archivé.");
    IssuedSlip slip = IssueOne(tx, *student, from_email, context);
    audit_.Append(tx, context, "student.account.code_issued", "student", std::to_string(student_id),
                  {{"purpose", slip.purpose}, {"account_created", slip.account_created}});
    return slip;
  });
}

}  // namespace korrigo::students
