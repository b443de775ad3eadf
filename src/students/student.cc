// Student JSON, identity keys and validation of hand-entered fields.
#include "students/student.h"

#include <algorithm>

#include "core/calendar_date.h"
#include "core/clock.h"
#include "core/json_fields.h"
#include "core/text_fold.h"
#include "students/student_store.h"

namespace korrigo::students {
namespace {

// An optional text that a JSON null or "" clears.
core::Result<std::optional<std::optional<std::string>>> Clearable(const nlohmann::json& body,
                                                                  const char* name) {
  auto v = core::OptionalStringField(body, name);
  if (!v) return v.take_error();
  if (!*v) return std::optional<std::optional<std::string>>();
  std::string t = core::Trim(**v);
  if (t.empty()) return std::optional<std::optional<std::string>>(std::optional<std::string>());
  return std::optional<std::optional<std::string>>(std::optional<std::string>(t));
}

}  // namespace

nlohmann::json Student::ToJson() const {
  nlohmann::json j = {{"id", id},
                      {"last_name", last_name},
                      {"first_name", first_name},
                      {"birth_date", birth_date ? nlohmann::json(*birth_date) : nlohmann::json()},
                      {"email", email ? nlohmann::json(*email) : nlohmann::json()},
                      {"class_name", class_name},
                      {"group_name", group_name},
                      {"school_id", school_id ? nlohmann::json(*school_id) : nlohmann::json()},
                      {"archived", archived},
                      {"created_at", core::FormatIso8601(created_at)},
                      {"updated_at", core::FormatIso8601(updated_at)}};
  nlohmann::json account;
  if (user_id) {
    account = {{"user_id", *user_id},
               {"username", username.value_or("")},
               {"activated", account_activated}};
  }
  j["account"] = account;
  return j;
}

std::string NameKey(const std::string& last, const std::string& first,
                    const std::optional<std::string>& birth) {
  return core::FoldText(last) + "|" + core::FoldText(first) + "|" + birth.value_or("");
}

std::string StudentSearchKey(const Student& s) {
  return core::FoldText(s.last_name + " " + s.first_name + " " + s.first_name + " " + s.last_name +
                        " " + s.class_name + " " + s.group_name + " " + s.school_id.value_or("") +
                        " " + s.email.value_or(""));
}

core::Result<StudentFields> ParseStudentFields(const nlohmann::json& body, bool creating,
                                               int current_year) {
  if (core::Status s =
          core::RejectUnknownFields(body, {"last_name", "first_name", "birth_date", "email",
                                           "class_name", "group_name", "school_id", "archived"});
      !s) {
    return s.take_error();
  }
  StudentFields f;
  struct Text {
    const char* field;
    const char* label;
    size_t max;
    bool required;
    std::optional<std::string>* out;
  };
  for (const Text& t : {Text{"last_name", "Le nom", 100, true, &f.last_name},
                        Text{"first_name", "Le prénom", 100, true, &f.first_name},
                        Text{"class_name", "La classe", 40, true, &f.class_name},
                        Text{"group_name", "Le groupe", 200, false, &f.group_name}}) {
    auto v = core::OptionalStringField(body, t.field);
    if (!v) return v.take_error();
    if (!*v) {
      if (creating && t.required)
        return core::FieldError(t.field, std::string(t.label) + " est obligatoire.");
      continue;
    }
    std::string value = core::Trim(**v);
    if (core::Status s = core::CheckText(value, t.field, t.label, t.max, t.required); !s)
      return s.take_error();
    *t.out = t.out == &f.group_name ? NormalizeGroupList(value) : value;
  }
  auto birth = Clearable(body, "birth_date");
  if (!birth) return birth.take_error();
  if (*birth && **birth) {
    auto d = core::ParseIsoDate(***birth);
    if (!d || d->year < 1900 || d->year > current_year) {
      return core::FieldError("birth_date",
                              "Date de naissance invalide (AAAA-MM-JJ, une vraie date passée).");
    }
  }
  f.birth_date = *birth;
  auto email = Clearable(body, "email");
  if (!email) return email.take_error();
  if (*email && **email) {
    if (core::Status s = core::CheckEmail(***email, "email"); !s) return s.take_error();
  }
  f.email = *email;
  auto school_id = Clearable(body, "school_id");
  if (!school_id) return school_id.take_error();
  if (*school_id && **school_id) {
    std::string& id = ***school_id;
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    if (core::Status s = core::CheckText(id, "school_id", "L'identifiant", 40, true); !s)
      return s.take_error();
  }
  f.school_id = *school_id;
  auto archived = core::OptionalBoolField(body, "archived");
  if (!archived) return archived.take_error();
  f.archived = *archived;
  return f;
}

void ApplyStudentFields(const StudentFields& f, Student& s) {
  if (f.last_name) s.last_name = *f.last_name;
  if (f.first_name) s.first_name = *f.first_name;
  if (f.birth_date) s.birth_date = *f.birth_date;
  if (f.email) s.email = *f.email;
  if (f.class_name) s.class_name = *f.class_name;
  if (f.group_name) s.group_name = *f.group_name;
  if (f.school_id) s.school_id = *f.school_id;
  if (f.archived) s.archived = *f.archived;
}

}  // namespace korrigo::students
