// Exam JSON and validation of the fields an admin sets.
#include "exams/exam.h"

#include <set>

#include "core/calendar_date.h"
#include "core/clock.h"
#include "core/json_fields.h"
#include "exams/points.h"

namespace korrigo::exams {
namespace {

constexpr size_t kMaxAudiences = 50;
constexpr size_t kMaxCorrectors = 50;

core::Result<std::vector<Audience>> ParseAudiences(const nlohmann::json& v) {
  if (!v.is_array() || v.size() > kMaxAudiences) {
    return core::FieldError("audiences",
                            "« audiences » : une liste de 50 classes ou groupes au plus.");
  }
  std::vector<Audience> out;
  for (const auto& item : v) {
    if (!item.is_object()) {
      return core::FieldError(
          "audiences", "Chaque élément de « audiences » est {\"class_name\", \"group_name\"}.");
    }
    if (core::Status s = core::RejectUnknownFields(item, {"class_name", "group_name"}); !s)
      return s.take_error();
    auto class_name = core::StringField(item, "class_name");
    if (!class_name) return class_name.take_error();
    auto group = core::OptionalStringField(item, "group_name");
    if (!group) return group.take_error();
    Audience a{core::Trim(*class_name), core::Trim(group->value_or(""))};
    if (core::Status s = core::CheckText(a.class_name, "audiences", "La classe", 40, true); !s)
      return s.take_error();
    if (core::Status s = core::CheckText(a.group_name, "audiences", "Le groupe", 40, false); !s) {
      return s.take_error();
    }
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

core::Result<std::vector<int64_t>> ParseIds(const nlohmann::json& v) {
  if (!v.is_array() || v.size() > kMaxCorrectors) {
    return core::FieldError("corrector_ids",
                            "« corrector_ids » : une liste de 50 identifiants au plus.");
  }
  std::vector<int64_t> out;
  std::set<int64_t> seen;
  for (const auto& id : v) {
    if (!id.is_number_integer() || id.get<int64_t>() <= 0) {
      return core::FieldError("corrector_ids",
                              "« corrector_ids » ne contient que des identifiants d'utilisateurs.");
    }
    if (seen.insert(id.get<int64_t>()).second) out.push_back(id.get<int64_t>());
  }
  return out;
}

}  // namespace

std::string Exam::Status() const {
  if (archived) return "archived";
  if (!has_scheme || corrector_ids.empty()) return "preparation";
  return "ready";
}

nlohmann::json Exam::ToJson() const {
  nlohmann::json audiences_json = nlohmann::json::array();
  for (const Audience& a : audiences)
    audiences_json.push_back({{"class_name", a.class_name}, {"group_name", a.group_name}});
  return {{"id", id},
          {"name", name},
          {"subject", subject},
          {"exam_date", exam_date ? nlohmann::json(*exam_date) : nlohmann::json()},
          {"scale", Points::FromMilli(scale_milli).ToJson()},
          {"rounding", Points::FromMilli(rounding_milli).ToJson()},
          {"pages_per_copy", pages_per_copy},
          {"scan_layout", scan_layout},
          {"audiences", audiences_json},
          {"corrector_ids", corrector_ids},
          {"scheme_version", scheme_version},
          {"status", Status()},
          {"created_by", created_by ? nlohmann::json(*created_by) : nlohmann::json()},
          {"archived", archived},
          {"created_at", core::FormatIso8601(created_at)},
          {"updated_at", core::FormatIso8601(updated_at)}};
}

nlohmann::json ProgressJson(const ExamProgress& p) {
  return {{"students_expected", p.students_expected},
          {"copies", p.copies},
          {"identified", p.identified},
          {"graded", p.graded}};
}

core::Result<ExamFields> ParseExamFields(const nlohmann::json& body, bool creating) {
  if (core::Status s = core::RejectUnknownFields(
          body, {"name", "subject", "exam_date", "scale", "rounding", "pages_per_copy",
                 "scan_layout", "audiences", "corrector_ids", "archived"});
      !s) {
    return s.take_error();
  }
  ExamFields f;
  auto name = core::OptionalStringField(body, "name");
  if (!name) return name.take_error();
  if (*name || creating) {
    std::string value = core::Trim(name->value_or(""));
    if (core::Status s = core::CheckText(value, "name", "Le nom de l'examen", 200, true); !s)
      return s.take_error();
    f.name = value;
  }
  auto subject = core::OptionalStringField(body, "subject");
  if (!subject) return subject.take_error();
  if (*subject) {
    std::string value = core::Trim(**subject);
    if (core::Status s = core::CheckText(value, "subject", "La matière", 100, false); !s)
      return s.take_error();
    f.subject = value;
  }
  auto date = core::OptionalStringField(body, "exam_date");
  if (!date) return date.take_error();
  if (*date) {
    std::string value = core::Trim(**date);
    if (!value.empty() && !core::ParseIsoDate(value)) {
      return core::FieldError("exam_date", "Date de l'examen invalide (AAAA-MM-JJ).");
    }
    f.exam_date = value.empty() ? std::optional<std::string>() : std::optional<std::string>(value);
  }
  if (body.contains("scale")) {
    auto scale = Points::Parse(body["scale"]);
    if (!scale || !scale->is_positive() || *scale > Points::Whole(1000)) {
      return core::FieldError(
          "scale", "« Noté sur » : un nombre positif, 1 000 au plus, 3 décimales au plus.");
    }
    f.scale_milli = scale->milli();
  }
  if (body.contains("rounding")) {
    auto rounding = Points::Parse(body["rounding"]);
    if (!rounding || !IsValidRoundingStep(*rounding)) {
      return core::FieldError("rounding", "L'arrondi des notes vaut 0.01, 0.25 ou 0.5.");
    }
    f.rounding_milli = rounding->milli();
  }
  auto pages = core::OptionalIntField(body, "pages_per_copy", 1, 200);
  if (!pages) return pages.take_error();
  if (*pages) f.pages_per_copy = static_cast<int>(**pages);
  auto layout = core::OptionalStringField(body, "scan_layout");
  if (!layout) return layout.take_error();
  if (*layout) {
    if (**layout != kLayoutA4 && **layout != kLayoutA3Booklet && **layout != kLayoutIndividual) {
      return core::FieldError("scan_layout", "« scan_layout » : a4, a3_booklet ou individual.");
    }
    f.scan_layout = **layout;
  }
  if (body.contains("audiences")) {
    auto audiences = ParseAudiences(body["audiences"]);
    if (!audiences) return audiences.take_error();
    f.audiences = std::move(*audiences);
  }
  if (body.contains("corrector_ids")) {
    auto ids = ParseIds(body["corrector_ids"]);
    if (!ids) return ids.take_error();
    f.corrector_ids = std::move(*ids);
  }
  auto archived = core::OptionalBoolField(body, "archived");
  if (!archived) return archived.take_error();
  f.archived = *archived;
  return f;
}

void ApplyExamFields(const ExamFields& f, Exam& e) {
  if (f.name) e.name = *f.name;
  if (f.subject) e.subject = *f.subject;
  if (f.exam_date) e.exam_date = *f.exam_date;
  if (f.scale_milli) e.scale_milli = *f.scale_milli;
  if (f.rounding_milli) e.rounding_milli = *f.rounding_milli;
  if (f.pages_per_copy) e.pages_per_copy = *f.pages_per_copy;
  if (f.scan_layout) e.scan_layout = *f.scan_layout;
  if (f.audiences) e.audiences = *f.audiences;
  if (f.corrector_ids) e.corrector_ids = *f.corrector_ids;
  if (f.archived) e.archived = *f.archived;
}

}  // namespace korrigo::exams
