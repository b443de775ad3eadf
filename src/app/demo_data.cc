// The demonstration data of `korrigo serve --demo` (development only): two accounts with known
// passwords, a class of students and an exam with a nested marking scheme, so that a fresh `make
// run` shows something to click through. Created once; later starts leave what is there (and what
// the user changed) alone.
#include <fmt/format.h>

#include <cstdio>

#include "app/application.h"

namespace korrigo::app {
namespace {

const audit::AuditContext& DemoContext() {
  static const audit::AuditContext context = audit::AuditContext::System("demo");
  return context;
}

struct DemoStudent {
  const char* last;
  const char* first;
  const char* birth;
  const char* group;
};

constexpr DemoStudent kDemoStudents[] = {
    {"DUPONT--MARTIN", "Éloïse", "2008-03-14", "G1"},
    {"LE GALL", "Anaïs", "2008-07-02", "G1"},
    {"BEN AMEUR", "Mohamed-Youssef", "2008-01-23", "G1"},
    {"N'DIAYE", "Fatou", "2008-11-05", "G1"},
    {"DE LA FONTAINE", "Jean", "2008-05-30", "G1"},
    {"ÉMERY", "Zoé", "2008-09-12", "G1"},
    {"MOREAU", "Lucas", "2008-02-17", "G2"},
    {"LEFÈVRE", "Inès", "2008-04-08", "G2"},
    {"GARCIA", "Hugo", "2008-06-21", "G2"},
    {"NGUYEN", "Camille", "2008-08-16", "G2"},
    {"ROUSSEAU", "Léa", "2008-10-03", "G2"},
    {"FRANÇOIS", "Théo", "2008-12-27", "G2"},
};

// Bac blanc: three exercises, nested questions, one bonus question.
const char* kDemoScheme = R"([
  {"label": "Exercice 1 — Suites", "children": [
    {"label": "1.a", "max_points": 1},
    {"label": "1.b", "max_points": 1.5},
    {"label": "2", "children": [{"label": "2.a", "max_points": 1}, {"label": "2.b", "max_points": 1.5}]}]},
  {"label": "Exercice 2 — Probabilités", "children": [
    {"label": "1", "max_points": 2, "step": 0.5},
    {"label": "2", "max_points": 3},
    {"label": "3", "max_points": 2}]},
  {"label": "Exercice 3 — Fonctions", "children": [
    {"label": "Partie A", "children": [{"label": "1", "max_points": 2}, {"label": "2", "max_points": 2}]},
    {"label": "Partie B", "children": [{"label": "1", "max_points": 2}, {"label": "2", "max_points": 2}]},
    {"label": "Question bonus", "max_points": 1, "bonus": true}]}
])";

}  // namespace

core::Status Application::CreateDemoData() {
  struct Demo {
    const char* username;
    const char* name;
    const char* role;
    const char* password;
  };
  static constexpr Demo kDemo[] = {
      {"admin", "Administration (démo)", auth::kRoleAdmin, "demo-admin-korrigo"},
      {"prof.martin", "Claire Martin (démo)", auth::kRoleTeacher, "demo-prof-korrigo"},
  };
  std::string lines;
  int64_t admin_id = 0, teacher_id = 0;
  for (const Demo& d : kDemo) {
    auth::NewUserInput in{.username = d.username,
                          .email = std::nullopt,
                          .display_name = d.name,
                          .role = d.role,
                          .credential = "password",
                          .password = d.password};
    auto created =
        user_service_->CreateWithPassword(in, false, /*skip_policy=*/true, DemoContext());
    if (!created && created.error().code != core::ErrorCode::kConflict) return created.take_error();
    lines += fmt::format("    {:<8} identifiant : {:<12} mot de passe : {}\n", d.role, d.username,
                         d.password);
    if (created) (std::string(d.role) == auth::kRoleAdmin ? admin_id : teacher_id) = created->id;
  }
  // The class and the exam come with the first start only (when the accounts were just created).
  if (admin_id != 0 && teacher_id != 0) {
    if (core::Status s = CreateDemoExam(admin_id, teacher_id); !s) return s;
  }
  std::printf("\n  Comptes de démonstration (si vous ne les avez pas modifiés) :\n%s\n",
              lines.c_str());
  std::fflush(stdout);
  return {};
}

core::Status Application::CreateDemoExam(int64_t admin_id, int64_t teacher_id) {
  for (const DemoStudent& d : kDemoStudents) {
    students::StudentFields fields{.last_name = d.last,
                                   .first_name = d.first,
                                   .birth_date = std::optional<std::string>(d.birth),
                                   .class_name = "T.02",
                                   .group_name = d.group};
    auto student = student_service_->Create(fields, DemoContext());
    if (!student && student.error().code != core::ErrorCode::kConflict) return student.take_error();
  }
  exams::ExamFields exam_fields{.name = "Bac blanc de mathématiques",
                                .subject = "Mathématiques",
                                .exam_date = std::optional<std::string>("2026-12-10"),
                                .audiences = std::vector<exams::Audience>{{"T.02", ""}},
                                .corrector_ids = std::vector<int64_t>{teacher_id}};
  auto exam = exam_service_->Create(exam_fields, admin_id, DemoContext());
  if (!exam) return exam.take_error();
  auto scheme =
      scheme_service_->Replace(exam->id, nlohmann::json::parse(kDemoScheme),
                               exams::SchemeSource::kEdit, {.base_version = 1}, DemoContext());
  if (!scheme) return scheme.take_error();
  return {};
}

}  // namespace korrigo::app
