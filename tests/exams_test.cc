// Exams, correctors and marking schemes through the real server: exam fields and their validation,
// archiving and deletion, who sees which exam, the expected-students count, the corrector list, the
// versioned marking scheme (edits, stale versions, validation, past versions, export/import/copy,
// ids never reused) and the audit trail of all of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "support/accounts.h"

namespace korrigo::itest {
namespace {

using nlohmann::json;

const char* kPassword = "integration-pass-42";

std::string ExamPath(int64_t id) { return "/api/v1/exams/" + std::to_string(id); }
std::string SchemePath(int64_t id) { return ExamPath(id) + "/scheme"; }

// Every node of a scheme tree in display order (depth first).
void Walk(const json& nodes, const std::function<void(const json&)>& visit) {
  for (const json& node : nodes) {
    visit(node);
    if (node.contains("children")) Walk(node["children"], visit);
  }
}

std::vector<int64_t> Ids(const json& scheme) {
  std::vector<int64_t> ids;
  Walk(scheme["nodes"], [&](const json& n) { ids.push_back(n["id"].get<int64_t>()); });
  return ids;
}

// The label → id map of a scheme (labels are unique in the schemes below).
std::map<std::string, int64_t> IdsByLabel(const json& scheme) {
  std::map<std::string, int64_t> out;
  Walk(scheme["nodes"], [&](const json& n) { out[n["label"]] = n["id"].get<int64_t>(); });
  return out;
}

// The tree without ids: labels, points, steps, bonus flags and children, as a teacher sees it.
json WithoutIds(const json& nodes) {
  json out = json::array();
  for (const json& node : nodes) {
    json copy = node;
    copy.erase("id");
    if (copy.contains("children")) copy["children"] = WithoutIds(node["children"]);
    out.push_back(copy);
  }
  return out;
}

// Exercise → questions → sub-questions (depth 3), steps 0.5 and 0.25, three leaves 0.1 + 0.2 + 0.3
// with step 0.1, and a bonus leaf. Maximum 1.5 + 0.75 + 2 + 0.6 = 4.85, bonus 1.
json NestedScheme() {
  return json::parse(R"([
    {"label": "Exercice 1", "children": [
      {"label": "Question 1", "children": [
        {"label": "1.a", "max_points": 1.5, "step": 0.5},
        {"label": "1.b", "max_points": "0,75", "step": 0.25}]},
      {"label": "Question 2", "max_points": 2}]},
    {"label": "Exercice 2", "children": [
      {"label": "2.1", "max_points": 0.1, "step": 0.1},
      {"label": "2.2", "max_points": 0.2, "step": 0.1},
      {"label": "2.3", "max_points": 0.3, "step": 0.1}]},
    {"label": "Présentation", "max_points": 1, "step": 0.5, "bonus": true}
  ])");
}

class ExamApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = OpenApplication(server_);
    ASSERT_NE(app_, nullptr);
    admin_id_ = SeedUser(*app_, "direction", "admin", kPassword);
    if (seed_teacher_) teacher_id_ = SeedUser(*app_, "prof", "teacher", kPassword);
    ASSERT_TRUE(server_.Start());
    admin_ = Login(port(), "direction", kPassword);
    ASSERT_EQ(admin_.status, 200);
  }

  uint16_t port() const { return server_.port(); }

  // Accounts only some tests need (hashing a password takes a while).
  int64_t SeedColleague() { return SeedUser(*app_, "collegue", "teacher", kPassword); }
  int64_t SeedStudentUser() { return SeedUser(*app_, "eleve", "student", kPassword); }

  HttpResponse As(const Session& who, const std::string& method, const std::string& target,
                  const json& body = nullptr) {
    return Call(port(), who, method, target, body.is_null() ? "" : body.dump());
  }
  HttpResponse Admin(const std::string& method, const std::string& target,
                     const json& body = nullptr) {
    return As(admin_, method, target, body);
  }

  // Creates an exam as admin; returns its JSON (null on failure, with the test failing).
  json CreateExam(const json& body) {
    HttpResponse r = Admin("POST", "/api/v1/exams", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json() : json();
  }
  int64_t CreateExamId(const std::string& name, const std::vector<int64_t>& correctors = {}) {
    json exam = CreateExam({{"name", name}, {"corrector_ids", correctors}});
    return exam.is_null() ? 0 : exam["id"].get<int64_t>();
  }

  json GetExam(int64_t id) {
    HttpResponse r = Admin("GET", ExamPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  json GetScheme(int64_t id) {
    HttpResponse r = Admin("GET", SchemePath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  // PUT of `nodes` on `base_version`; returns the response.
  HttpResponse PutScheme(int64_t exam_id, const json& nodes, int64_t base_version) {
    return Admin("PUT", SchemePath(exam_id), {{"base_version", base_version}, {"nodes", nodes}});
  }

  // The names of the exams `who` sees in GET /api/v1/exams?<query>.
  std::set<std::string> ListedNames(const Session& who, const std::string& query = "") {
    HttpResponse r = As(who, "GET", "/api/v1/exams" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> names;
    json items = r.Json()["items"];
    for (const json& item : items) names.insert(item["name"].get<std::string>());
    return names;
  }
  int64_t ExamTotal() { return Admin("GET", "/api/v1/exams?archived=all").Json()["total"]; }

  // The audit rows of `action` (exact, or a prefix ending in '*') about exam `exam_id`, newest
  // first.
  json AuditRows(const std::string& action, int64_t exam_id) {
    HttpResponse r = Admin("GET", "/api/v1/audit-log?page_size=500&action=" + action +
                                      "&target_type=exam&target_id=" + std::to_string(exam_id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  }
  int64_t AuditTotal(const std::string& action) {
    HttpResponse r = Admin("GET", "/api/v1/audit-log?page_size=1&action=" + action);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["total"];
  }

  int64_t CreateStudent(const std::string& last, const std::string& first,
                        const std::string& class_name, const std::string& group) {
    HttpResponse r = Admin("POST", "/api/v1/students",
                           {{"last_name", last},
                            {"first_name", first},
                            {"birth_date", "2009-05-14"},
                            {"class_name", class_name},
                            {"group_name", group}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json()["id"].get<int64_t>() : 0;
  }

  TestServer server_;
  std::unique_ptr<app::Application> app_;
  Session admin_;
  bool seed_teacher_ = true;
  int64_t admin_id_ = 0;
  int64_t teacher_id_ = 0;
};

// A 422 naming `field` in details.field.
::testing::AssertionResult IsFieldError(const HttpResponse& r, const std::string& field) {
  if (r.status != 422) {
    return ::testing::AssertionFailure() << "status " << r.status << ": " << r.body;
  }
  json error = r.Json()["error"];
  if (error["code"] != "invalid_argument" || error["details"]["field"] != field) {
    return ::testing::AssertionFailure() << "expected field " << field << ": " << r.body;
  }
  if (!error["message"].is_string() || error["message"].get<std::string>().empty()) {
    return ::testing::AssertionFailure() << "no message: " << r.body;
  }
  return ::testing::AssertionSuccess();
}

// --- Exams ---

TEST_F(ExamApiTest, CreateReadsBackEveryFieldOrItsDefault) {
  json created = CreateExam(
      {{"name", "  Bac blanc de mathématiques  "},
       {"subject", "Mathématiques"},
       {"exam_date", "2026-03-12"},
       {"scale", "12,5"},
       {"rounding", 0.25},
       {"pages_per_copy", 8},
       {"scan_layout", "a3_booklet"},
       {"audiences",
        {{{"class_name", "T1"}, {"group_name", ""}}, {{"class_name", "T2"}, {"group_name", "G1"}}}},
       {"corrector_ids", {teacher_id_}}});
  ASSERT_TRUE(created.is_object());
  int64_t id = created["id"];
  EXPECT_GT(id, 0);
  json exam = GetExam(id);
  EXPECT_EQ(exam, created);
  EXPECT_EQ(exam["name"], "Bac blanc de mathématiques");  // trimmed
  EXPECT_EQ(exam["subject"], "Mathématiques");
  EXPECT_EQ(exam["exam_date"], "2026-03-12");
  EXPECT_EQ(exam["scale"], 12.5);
  EXPECT_EQ(exam["rounding"], 0.25);
  EXPECT_EQ(exam["pages_per_copy"], 8);
  EXPECT_EQ(exam["scan_layout"], "a3_booklet");
  EXPECT_EQ(exam["audiences"], json::parse(R"([{"class_name": "T1", "group_name": ""},
                                               {"class_name": "T2", "group_name": "G1"}])"));
  EXPECT_EQ(exam["corrector_ids"], json::array({teacher_id_}));
  EXPECT_EQ(exam["scheme_version"], 1);
  EXPECT_EQ(exam["created_by"], admin_id_);
  EXPECT_EQ(exam["archived"], false);

  json whole = CreateExam({{"name", "Devoir surveillé"}, {"scale", 20}});
  EXPECT_EQ(whole["scale"], 20);
  EXPECT_TRUE(whole["scale"].is_number_integer());

  // Omitted fields take their defaults.
  exam = CreateExam({{"name", "Interrogation"}});
  ASSERT_TRUE(exam.is_object());
  exam = GetExam(exam["id"]);
  EXPECT_EQ(exam["subject"], "");
  EXPECT_TRUE(exam["exam_date"].is_null());
  EXPECT_EQ(exam["scale"], 20);
  EXPECT_EQ(exam["rounding"], 0.01);
  EXPECT_EQ(exam["pages_per_copy"], 4);
  EXPECT_EQ(exam["scan_layout"], "a4");
  EXPECT_EQ(exam["audiences"], json::array());
  EXPECT_EQ(exam["corrector_ids"], json::array());
  EXPECT_EQ(exam["archived"], false);
}

TEST_F(ExamApiTest, InvalidFieldsAreRefusedAndNothingIsCreated) {
  const json valid = {{"name", "Contrôle"}};
  struct Case {
    json change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"name", ""}}, "name"},
      {{{"name", "   "}}, "name"},
      {{{"name", std::string(201, 'x')}}, "name"},
      {{{"notes", "?"}}, "notes"},
      {{{"exam_date", "2026-02-30"}}, "exam_date"},
      {{{"exam_date", "12/03/2026"}}, "exam_date"},
      {{{"scale", 0}}, "scale"},
      {{{"scale", -1}}, "scale"},
      {{{"scale", "abc"}}, "scale"},
      {{{"scale", 0.0001}}, "scale"},
      {{{"scale", 1001}}, "scale"},
      {{{"rounding", 0.1}}, "rounding"},
      {{{"rounding", 0}}, "rounding"},
      {{{"pages_per_copy", 0}}, "pages_per_copy"},
      {{{"pages_per_copy", 201}}, "pages_per_copy"},
      {{{"pages_per_copy", "4"}}, "pages_per_copy"},
      {{{"scan_layout", "a5"}}, "scan_layout"},
      {{{"audiences", {{{"class_name", ""}}}}}, "audiences"},
      {{{"corrector_ids", {"prof"}}}, "corrector_ids"},
  };
  for (const Case& c : cases) {
    json body = valid;
    body.update(c.change);
    EXPECT_TRUE(IsFieldError(Admin("POST", "/api/v1/exams", body), c.field)) << body.dump();
  }
  json no_name = {{"subject", "Physique"}};
  EXPECT_TRUE(IsFieldError(Admin("POST", "/api/v1/exams", no_name), "name"));
  EXPECT_EQ(ExamTotal(), 0);
  EXPECT_EQ(AuditTotal("exam.*"), 0);

  // The boundaries themselves are fine.
  EXPECT_EQ(
      Admin("POST", "/api/v1/exams",
            {{"name", "Limites"}, {"pages_per_copy", 200}, {"scale", 1000}, {"rounding", 0.5}})
          .status,
      201);
  EXPECT_EQ(Admin("POST", "/api/v1/exams",
                  {{"name", "Limites 2"}, {"pages_per_copy", 1}, {"scale", 0.001}})
                .status,
            201);
}

TEST_F(ExamApiTest, CorrectorsMustBeActiveTeachersOrAdmins) {
  int64_t inactive_id = SeedUser(*app_, "ancien", "teacher", kPassword);
  ASSERT_EQ(
      Admin("PATCH", "/api/v1/users/" + std::to_string(inactive_id), {{"active", false}}).status,
      200);
  int64_t exam_id = CreateExamId("Contrôle", {teacher_id_});
  ASSERT_GT(exam_id, 0);
  int64_t student_user_id = SeedStudentUser();
  for (int64_t bad : {student_user_id, int64_t{987654}, inactive_id}) {
    SCOPED_TRACE(bad);
    EXPECT_TRUE(IsFieldError(
        Admin("POST", "/api/v1/exams", {{"name", "Autre"}, {"corrector_ids", {teacher_id_, bad}}}),
        "corrector_ids"));
    EXPECT_TRUE(IsFieldError(
        Admin("PATCH", ExamPath(exam_id), {{"name", "Renommé"}, {"corrector_ids", {bad}}}),
        "corrector_ids"));
    EXPECT_TRUE(
        IsFieldError(Admin("PUT", ExamPath(exam_id) + "/correctors", {{"corrector_ids", {bad}}}),
                     "corrector_ids"));
  }
  EXPECT_EQ(ExamTotal(), 1);
  json exam = GetExam(exam_id);
  EXPECT_EQ(exam["name"], "Contrôle");
  EXPECT_EQ(exam["corrector_ids"], json::array({teacher_id_}));
  // An admin may correct.
  EXPECT_EQ(
      Admin("PUT", ExamPath(exam_id) + "/correctors", {{"corrector_ids", {admin_id_}}}).status,
      200);
}

TEST_F(ExamApiTest, PatchChangesOnlyTheGivenFields) {
  json before = CreateExam({{"name", "Contrôle 3"},
                            {"subject", "Physique"},
                            {"exam_date", "2026-01-20"},
                            {"scale", 10},
                            {"pages_per_copy", 2},
                            {"audiences", {{{"class_name", "1A"}}}},
                            {"corrector_ids", {teacher_id_}}});
  ASSERT_TRUE(before.is_object());
  int64_t id = before["id"];

  HttpResponse r =
      Admin("PATCH", ExamPath(id), {{"subject", "Physique-chimie"}, {"rounding", 0.5}});
  ASSERT_EQ(r.status, 200) << r.body;
  json after = GetExam(id);
  EXPECT_EQ(after, r.Json());
  EXPECT_EQ(after["subject"], "Physique-chimie");
  EXPECT_EQ(after["rounding"], 0.5);
  for (const char* kept : {"name", "exam_date", "scale", "pages_per_copy", "scan_layout",
                           "audiences", "corrector_ids", "archived", "created_by"}) {
    EXPECT_EQ(after[kept], before[kept]) << kept;
  }

  // The date can be cleared.
  ASSERT_EQ(Admin("PATCH", ExamPath(id), {{"exam_date", nullptr}}).status, 200);
  EXPECT_TRUE(GetExam(id)["exam_date"].is_null());

  // A refused patch changes nothing, even its valid fields.
  json current = GetExam(id);
  EXPECT_TRUE(
      IsFieldError(Admin("PATCH", ExamPath(id), {{"subject", "Chimie"}, {"scale", -1}}), "scale"));
  EXPECT_TRUE(IsFieldError(Admin("PATCH", ExamPath(id), {{"name", ""}}), "name"));
  EXPECT_TRUE(IsFieldError(Admin("PATCH", ExamPath(id), {{"name", nullptr}}), "name"));
  EXPECT_TRUE(IsFieldError(Admin("PATCH", ExamPath(id), {{"id", 5}}), "id"));
  EXPECT_EQ(GetExam(id), current);

  EXPECT_EQ(Admin("PATCH", ExamPath(id + 1000), {{"subject", "x"}}).status, 404);
}

TEST_F(ExamApiTest, ArchivedExamsLeaveTheDefaultList) {
  int64_t kept = CreateExamId("Contrôle en cours");
  int64_t old = CreateExamId("Contrôle de l'an dernier");
  ASSERT_GT(old, 0);
  HttpResponse r = Admin("PATCH", ExamPath(old), {{"archived", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["archived"], true);

  EXPECT_EQ(ListedNames(admin_), std::set<std::string>{"Contrôle en cours"});
  EXPECT_EQ(ListedNames(admin_, "?archived=false"), std::set<std::string>{"Contrôle en cours"});
  EXPECT_EQ(ListedNames(admin_, "?archived=true"),
            std::set<std::string>{"Contrôle de l'an dernier"});
  EXPECT_EQ(ListedNames(admin_, "?archived=all"),
            (std::set<std::string>{"Contrôle en cours", "Contrôle de l'an dernier"}));
  EXPECT_TRUE(IsFieldError(Admin("GET", "/api/v1/exams?archived=yes"), "archived"));
  // Still readable by id, and it can be restored.
  EXPECT_EQ(GetExam(old)["archived"], true);
  ASSERT_EQ(Admin("PATCH", ExamPath(old), {{"archived", false}}).status, 200);
  EXPECT_EQ(ListedNames(admin_).size(), 2u);
  EXPECT_GT(kept, 0);
}

TEST_F(ExamApiTest, DeletedExamIsGone) {
  int64_t id = CreateExamId("À supprimer", {teacher_id_});
  ASSERT_GT(id, 0);
  ASSERT_EQ(PutScheme(id, NestedScheme(), 1).status, 200);
  HttpResponse deleted = Admin("DELETE", ExamPath(id));
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(Admin("GET", ExamPath(id)).status, 404);
  EXPECT_EQ(Admin("GET", SchemePath(id)).status, 404);
  EXPECT_EQ(Admin("GET", SchemePath(id) + "/versions/2").status, 404);
  EXPECT_EQ(Admin("GET", ExamPath(id) + "/correctors").status, 404);
  EXPECT_EQ(Admin("DELETE", ExamPath(id)).status, 404);
  EXPECT_EQ(ExamTotal(), 0);
  // It no longer holds on to its corrector.
  EXPECT_EQ(Admin("DELETE", "/api/v1/users/" + std::to_string(teacher_id_)).status, 204);
}

TEST_F(ExamApiTest, CorrectorOfAnExamCannotBeDeleted) {
  int64_t id = CreateExamId("Contrôle", {teacher_id_});
  ASSERT_GT(id, 0);
  std::string user = "/api/v1/users/" + std::to_string(teacher_id_);
  HttpResponse refused = Admin("DELETE", user);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.Json()["error"]["code"], "conflict");
  EXPECT_EQ(Admin("GET", user).status, 200);
  EXPECT_EQ(Login(port(), "prof", kPassword).status, 200);
  EXPECT_EQ(GetExam(id)["corrector_ids"], json::array({teacher_id_}));

  ASSERT_EQ(Admin("PUT", ExamPath(id) + "/correctors", {{"corrector_ids", json::array()}}).status,
            200);
  EXPECT_EQ(Admin("DELETE", user).status, 204);
}

TEST_F(ExamApiTest, ConcurrentPatchesOfDifferentFieldsAllStick) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  // Two admins save different fields of the same exam at the same moment, several times over.
  for (int round = 1; round <= 10; ++round) {
    SCOPED_TRACE(round);
    const std::vector<json> patches = {
        {{"name", "Nom " + std::to_string(round)}},
        {{"subject", "Matière " + std::to_string(round)}},
        {{"pages_per_copy", round}},
        {{"exam_date", "2026-05-" + std::string(round < 10 ? "0" : "") + std::to_string(round)}}};
    std::vector<int> statuses(patches.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < patches.size(); ++i) {
      threads.emplace_back(
          [&, i] { statuses[i] = Admin("PATCH", ExamPath(id), patches[i]).status; });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(statuses, std::vector<int>(patches.size(), 200));
    json exam = GetExam(id);
    for (const json& patch : patches) {
      for (const auto& [field, value] : patch.items()) EXPECT_EQ(exam[field], value) << field;
    }
  }
}

// --- Who sees what ---

TEST_F(ExamApiTest, TeacherSeesOnlyTheExamsTheyCorrect) {
  int64_t colleague_id = SeedColleague();
  int64_t mine = CreateExamId("Mon contrôle", {teacher_id_, colleague_id});
  int64_t theirs = CreateExamId("Contrôle d'un collègue", {colleague_id});
  int64_t nobody = CreateExamId("Contrôle sans correcteur");
  ASSERT_GT(nobody, 0);
  ASSERT_EQ(PutScheme(mine, NestedScheme(), 1).status, 200);
  ASSERT_EQ(PutScheme(theirs, NestedScheme(), 1).status, 200);
  Session prof = Login(port(), "prof", kPassword);
  ASSERT_EQ(prof.status, 200);

  HttpResponse list = As(prof, "GET", "/api/v1/exams?archived=all");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(ListedNames(prof), std::set<std::string>{"Mon contrôle"});
  EXPECT_EQ(ListedNames(admin_).size(), 3u);

  EXPECT_EQ(As(prof, "GET", ExamPath(mine)).status, 200);
  EXPECT_EQ(As(prof, "GET", ExamPath(mine) + "/correctors").status, 200);
  HttpResponse scheme = As(prof, "GET", SchemePath(mine));
  EXPECT_EQ(scheme.status, 200);
  EXPECT_EQ(scheme.Json()["version"], 2);
  EXPECT_EQ(As(prof, "GET", SchemePath(mine) + "/versions/2").status, 200);
  EXPECT_EQ(As(prof, "GET", SchemePath(mine) + "/export").status, 200);

  for (int64_t hidden : {theirs, nobody, nobody + 1000}) {
    SCOPED_TRACE(hidden);
    for (const std::string& path :
         {ExamPath(hidden), ExamPath(hidden) + "/correctors", SchemePath(hidden),
          SchemePath(hidden) + "/versions/1", SchemePath(hidden) + "/export"}) {
      HttpResponse r = As(prof, "GET", path);
      EXPECT_EQ(r.status, 404) << path;
      EXPECT_EQ(r.Json()["error"]["code"], "not_found") << path;
    }
  }
  // Same answer for an exam that exists and one that does not: nothing leaks.
  EXPECT_EQ(As(prof, "GET", ExamPath(theirs)).Json()["error"]["message"],
            As(prof, "GET", ExamPath(nobody + 1000)).Json()["error"]["message"]);

  // Taken off the exam, the teacher no longer sees it.
  ASSERT_EQ(
      Admin("PUT", ExamPath(mine) + "/correctors", {{"corrector_ids", {colleague_id}}}).status,
      200);
  EXPECT_EQ(ListedNames(prof), std::set<std::string>{});
  EXPECT_EQ(As(prof, "GET", ExamPath(mine)).status, 404);
}

TEST_F(ExamApiTest, TeachersCannotChangeExams) {
  int64_t mine = CreateExamId("Mon contrôle", {teacher_id_});
  int64_t other = CreateExamId("Autre contrôle", {teacher_id_});
  ASSERT_GT(other, 0);
  Session prof = Login(port(), "prof", kPassword);
  ASSERT_EQ(prof.status, 200);
  json exam_before = GetExam(mine);
  json scheme_before = GetScheme(mine);
  int64_t audit_before = AuditTotal("exam.*");

  const std::vector<std::tuple<std::string, std::string, json>> calls = {
      {"POST", "/api/v1/exams", {{"name", "Par un prof"}}},
      {"PATCH", ExamPath(mine), {{"name", "Renommé"}}},
      {"PATCH", ExamPath(mine), {{"archived", true}}},
      {"DELETE", ExamPath(mine), nullptr},
      {"PUT", ExamPath(mine) + "/correctors", {{"corrector_ids", {teacher_id_, admin_id_}}}},
      {"PUT", SchemePath(mine), {{"base_version", 1}, {"nodes", NestedScheme()}}},
      {"POST",
       SchemePath(mine) + "/import",
       {{"base_version", 1}, {"scheme", {{"nodes", NestedScheme()}}}}},
      {"POST", SchemePath(mine) + "/copy", {{"base_version", 1}, {"source_exam_id", other}}},
  };
  for (const auto& [method, path, body] : calls) {
    HttpResponse r = As(prof, method, path, body);
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.body;
  }
  EXPECT_EQ(GetExam(mine), exam_before);
  EXPECT_EQ(GetScheme(mine), scheme_before);
  EXPECT_EQ(ExamTotal(), 2);
  EXPECT_EQ(AuditTotal("exam.*"), audit_before);
}

TEST_F(ExamApiTest, StudentsAreForbiddenEverywhere) {
  int64_t id = CreateExamId("Contrôle", {teacher_id_});
  ASSERT_GT(id, 0);
  ASSERT_GT(SeedStudentUser(), 0);
  Session student = Login(port(), "eleve", kPassword);
  ASSERT_EQ(student.status, 200) << student.body.dump();
  const std::vector<std::tuple<std::string, std::string, json>> calls = {
      {"GET", "/api/v1/exams", nullptr},
      {"POST", "/api/v1/exams", {{"name", "Par un élève"}}},
      {"GET", ExamPath(id), nullptr},
      {"PATCH", ExamPath(id), {{"name", "Renommé"}}},
      {"DELETE", ExamPath(id), nullptr},
      {"GET", ExamPath(id) + "/correctors", nullptr},
      {"PUT", ExamPath(id) + "/correctors", {{"corrector_ids", json::array()}}},
      {"GET", SchemePath(id), nullptr},
      {"PUT", SchemePath(id), {{"base_version", 1}, {"nodes", NestedScheme()}}},
      {"GET", SchemePath(id) + "/versions/1", nullptr},
      {"GET", SchemePath(id) + "/export", nullptr},
      {"POST",
       SchemePath(id) + "/import",
       {{"base_version", 1}, {"scheme", {{"nodes", NestedScheme()}}}}},
      {"POST", SchemePath(id) + "/copy", {{"base_version", 1}, {"source_exam_id", id}}},
  };
  for (const auto& [method, path, body] : calls) {
    HttpResponse r = As(student, method, path, body);
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.body;
  }
  EXPECT_EQ(GetExam(id)["name"], "Contrôle");
  EXPECT_EQ(GetScheme(id)["version"], 1);
  EXPECT_EQ(ExamTotal(), 1);
}

// --- Progress ---

TEST_F(ExamApiTest, ProgressCountsTheActiveStudentsOfTheAudiences) {
  // T1: three active students and one archived.
  CreateStudent("Martin", "Alice", "T1", "");
  CreateStudent("Bernard", "Bruno", "T1", "G1");
  CreateStudent("Thomas", "Chloé", "T1", "G2, LV2");
  int64_t left = CreateStudent("Petit", "David", "T1", "G1");
  ASSERT_EQ(Admin("PATCH", "/api/v1/students/" + std::to_string(left), {{"archived", true}}).status,
            200);
  // T2: three in group G1 (alone or among other groups), others not.
  CreateStudent("Robert", "Emma", "T2", "G1, LV2");
  CreateStudent("Richard", "Farid", "T2", "G1");
  CreateStudent("Durand", "Gabriel", "T2", "LV2,G1");
  CreateStudent("Dubois", "Hugo", "T2", "G2");
  CreateStudent("Moreau", "Inès", "T2", "G10");
  CreateStudent("Laurent", "Jade", "T2", "");
  int64_t gone = CreateStudent("Simon", "Karim", "T2", "G1");
  ASSERT_EQ(Admin("PATCH", "/api/v1/students/" + std::to_string(gone), {{"archived", true}}).status,
            200);
  // Another class entirely.
  CreateStudent("Michel", "Léa", "T3", "G1");

  json exam = CreateExam(
      {{"name", "Bac blanc"},
       {"corrector_ids", {teacher_id_}},
       {"audiences", {{{"class_name", "T1"}}, {{"class_name", "T2"}, {"group_name", "G1"}}}}});
  json overlapping = CreateExam(
      {{"name", "Classe et groupe"},
       {"audiences", {{{"class_name", "T1"}}, {{"class_name", "T1"}, {"group_name", "G1"}}}}});
  json group_only = CreateExam(
      {{"name", "Groupe LV2"}, {"audiences", {{{"class_name", "T2"}, {"group_name", "LV2"}}}}});
  json empty = CreateExam({{"name", "Sans classe"}});
  ASSERT_TRUE(exam.is_object() && overlapping.is_object() && group_only.is_object() &&
              empty.is_object());

  auto progress_of = [](const HttpResponse& list) {
    std::map<std::string, json> out;
    json items = list.Json()["items"];
    for (const json& item : items) out[item["name"]] = item["progress"];
    return out;
  };
  std::map<std::string, json> progress = progress_of(Admin("GET", "/api/v1/exams"));
  ASSERT_EQ(progress.size(), 4u);
  EXPECT_EQ(progress["Bac blanc"],
            json({{"students_expected", 6}, {"copies", 0}, {"identified", 0}, {"graded", 0}}));
  EXPECT_EQ(progress["Classe et groupe"]["students_expected"], 3);  // each student once
  EXPECT_EQ(progress["Groupe LV2"]["students_expected"], 2);
  EXPECT_EQ(progress["Sans classe"]["students_expected"], 0);

  // The teacher's list shows the same counts.
  Session prof = Login(port(), "prof", kPassword);
  std::map<std::string, json> seen = progress_of(As(prof, "GET", "/api/v1/exams"));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen["Bac blanc"]["students_expected"], 6);

  // Archiving or moving a student changes the count.
  int64_t moved = CreateStudent("Nouveau", "Noé", "T3", "");
  EXPECT_EQ(progress_of(Admin("GET", "/api/v1/exams"))["Bac blanc"]["students_expected"], 6);
  ASSERT_EQ(
      Admin("PATCH", "/api/v1/students/" + std::to_string(moved), {{"class_name", "T1"}}).status,
      200);
  EXPECT_EQ(progress_of(Admin("GET", "/api/v1/exams"))["Bac blanc"]["students_expected"], 7);
}

// --- Correctors ---

TEST_F(ExamApiTest, CorrectorListCanBeReplaced) {
  int64_t colleague_id = SeedColleague();
  int64_t id = CreateExamId("Contrôle", {teacher_id_});
  ASSERT_GT(id, 0);
  HttpResponse put = Admin("PUT", ExamPath(id) + "/correctors",
                           {{"corrector_ids", {colleague_id, teacher_id_, colleague_id}}});
  ASSERT_EQ(put.status, 200) << put.body;
  HttpResponse get = Admin("GET", ExamPath(id) + "/correctors");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.Json(), put.Json());
  std::map<int64_t, json> by_id;
  json items = get.Json()["items"];
  for (const json& c : items) by_id[c["user_id"]] = c;
  ASSERT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id[teacher_id_]["username"], "prof");
  EXPECT_EQ(by_id[teacher_id_]["display_name"], "Test prof");
  EXPECT_EQ(by_id[teacher_id_]["active"], true);
  EXPECT_EQ(by_id[colleague_id]["display_name"], "Test collegue");
  std::set<int64_t> ids;
  json listed = GetExam(id)["corrector_ids"];
  for (const json& v : listed) ids.insert(v.get<int64_t>());
  EXPECT_EQ(ids, (std::set<int64_t>{teacher_id_, colleague_id}));

  // The teacher reads the correctors of their exam.
  Session prof = Login(port(), "prof", kPassword);
  HttpResponse theirs = As(prof, "GET", ExamPath(id) + "/correctors");
  EXPECT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.Json(), get.Json());

  // Refused bodies leave the list alone.
  const std::string path = ExamPath(id) + "/correctors";
  EXPECT_TRUE(IsFieldError(Admin("PUT", path, {{"corrector_ids", {987654}}}), "corrector_ids"));
  EXPECT_TRUE(IsFieldError(Admin("PUT", path, {{"corrector_ids", {0}}}), "corrector_ids"));
  EXPECT_TRUE(IsFieldError(Admin("PUT", path, {{"corrector_ids", "1,2"}}), "corrector_ids"));
  EXPECT_TRUE(IsFieldError(Admin("PUT", path, json::object()), "corrector_ids"));
  EXPECT_EQ(Admin("PUT", path, {{"corrector_ids", {teacher_id_}}, {"name", "x"}}).status, 422);
  EXPECT_EQ(Admin("GET", path).Json(), get.Json());
  EXPECT_EQ(GetExam(id)["name"], "Contrôle");
  EXPECT_EQ(
      Admin("PUT", ExamPath(id + 1000) + "/correctors", {{"corrector_ids", {teacher_id_}}}).status,
      404);

  // A deactivated corrector stays listed, shown as inactive.
  ASSERT_EQ(
      Admin("PATCH", "/api/v1/users/" + std::to_string(colleague_id), {{"active", false}}).status,
      200);
  json after = Admin("GET", path).Json()["items"];
  ASSERT_EQ(after.size(), 2u);
  for (const json& c : after) {
    EXPECT_EQ(c["active"], c["user_id"] != colleague_id) << c.dump();
  }
}

// --- Audit ---

TEST_F(ExamApiTest, ExamChangesAreAudited) {
  int64_t id = CreateExamId("Contrôle audité", {teacher_id_});
  ASSERT_GT(id, 0);
  json created = AuditRows("exam.created", id);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0]["actor_user_id"], admin_id_);
  EXPECT_EQ(created[0]["details"]["name"], "Contrôle audité");

  ASSERT_EQ(Admin("PATCH", ExamPath(id), {{"subject", "SVT"}}).status, 200);
  json updated = AuditRows("exam.updated", id);
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0]["details"]["fields"], json::array({"subject"}));

  ASSERT_EQ(Admin("PATCH", ExamPath(id), {{"archived", true}}).status, 200);
  EXPECT_EQ(AuditRows("exam.archived", id).size(), 1u);
  ASSERT_EQ(Admin("PATCH", ExamPath(id), {{"archived", false}}).status, 200);
  EXPECT_EQ(AuditRows("exam.restored", id).size(), 1u);

  ASSERT_EQ(PutScheme(id, NestedScheme(), 1).status, 200);
  json scheme = AuditRows("exam.scheme.updated", id);
  ASSERT_EQ(scheme.size(), 1u);
  EXPECT_EQ(scheme[0]["details"]["version"], 2);
  EXPECT_TRUE(scheme[0]["details"]["diff"].is_object());
  EXPECT_EQ(scheme[0]["details"]["diff"]["counts"]["added"], 10);

  // Refused changes leave no trace.
  size_t rows = AuditRows("exam.*", id).size();
  EXPECT_EQ(Admin("PATCH", ExamPath(id), {{"scale", 0}}).status, 422);
  EXPECT_EQ(Admin("PATCH", ExamPath(id), {{"corrector_ids", {987654}}}).status, 422);
  EXPECT_EQ(Admin("PUT", ExamPath(id) + "/correctors", {{"corrector_ids", {987654}}}).status, 422);
  EXPECT_EQ(PutScheme(id, json::parse(R"([{"label": "", "max_points": 1}])"), 2).status, 422);
  EXPECT_EQ(PutScheme(id, NestedScheme(), 1).status, 409);
  EXPECT_EQ(Admin("POST", "/api/v1/exams", {{"name", ""}}).status, 422);
  EXPECT_EQ(AuditRows("exam.*", id).size(), rows);
  EXPECT_EQ(AuditTotal("exam.created"), 1);

  ASSERT_EQ(Admin("DELETE", ExamPath(id)).status, 204);
  json deleted = AuditRows("exam.deleted", id);
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0]["details"]["name"], "Contrôle audité");
  EXPECT_EQ(AuditRows("exam.*", id).size(), rows + 1);
}

// --- Marking schemes ---

// The same, with only the admin account to begin with.
class SchemeApiTest : public ExamApiTest {
 protected:
  SchemeApiTest() { seed_teacher_ = false; }
};

TEST_F(SchemeApiTest, NewExamHasAnEmptySchemeThenANestedOneWithIdsAndExactTotals) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json empty = GetScheme(id);
  EXPECT_EQ(empty["version"], 1);
  EXPECT_EQ(empty["nodes"], json::array());
  EXPECT_EQ(empty["max_points"], 0);
  EXPECT_EQ(empty["bonus_points"], 0);
  EXPECT_EQ(empty["leaf_count"], 0);
  HttpResponse v1 = Admin("GET", SchemePath(id) + "/versions/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(v1.Json(), empty);
  EXPECT_EQ(Admin("GET", SchemePath(id + 1000)).status, 404);

  HttpResponse put = PutScheme(id, NestedScheme(), 1);
  ASSERT_EQ(put.status, 200) << put.body;
  json scheme = put.Json();
  EXPECT_EQ(GetScheme(id), scheme);
  EXPECT_EQ(GetExam(id)["scheme_version"], 2);
  EXPECT_EQ(scheme["version"], 2);
  EXPECT_EQ(scheme["leaf_count"], 7);
  // Exact decimals: 4.85 and 0.6, not 4.8500000000000005 or 0.6000000000000001.
  EXPECT_EQ(scheme["max_points"], 4.85);
  EXPECT_EQ(scheme["bonus_points"], 1);

  std::vector<int64_t> ids = Ids(scheme);
  ASSERT_EQ(ids.size(), 10u);
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 10u);
  for (int64_t node_id : ids) EXPECT_GT(node_id, 0);

  const json& nodes = scheme["nodes"];
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0]["label"], "Exercice 1");
  EXPECT_EQ(nodes[0]["total_max"], 4.25);
  EXPECT_FALSE(nodes[0].contains("max_points"));
  const json& q1 = nodes[0]["children"][0];
  EXPECT_EQ(q1["total_max"], 2.25);
  EXPECT_EQ(q1["children"][0]["label"], "1.a");
  EXPECT_EQ(q1["children"][0]["max_points"], 1.5);
  EXPECT_EQ(q1["children"][0]["step"], 0.5);
  EXPECT_EQ(q1["children"][1]["max_points"], 0.75);  // "0,75"
  EXPECT_EQ(q1["children"][1]["step"], 0.25);
  EXPECT_EQ(nodes[0]["children"][1]["step"], 0.25);  // the default
  EXPECT_EQ(nodes[1]["total_max"], 0.6);
  EXPECT_EQ(nodes[1]["children"][2]["max_points"], 0.3);
  EXPECT_EQ(nodes[2]["bonus"], true);
  EXPECT_EQ(nodes[2]["total_max"], 0);
  EXPECT_EQ(nodes[2]["bonus_max"], 1);

  // A scheme of just those three leaves is worth exactly 0.6.
  int64_t small = CreateExamId("Petit barème");
  HttpResponse tenths = PutScheme(small, NestedScheme()[1]["children"], 1);
  ASSERT_EQ(tenths.status, 200) << tenths.body;
  EXPECT_EQ(tenths.Json()["max_points"], 0.6);
}

TEST_F(SchemeApiTest, RelabelAndReorderKeepIdsAndPastVersionsStay) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json v2 = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(v2["version"], 2);
  std::map<std::string, int64_t> ids = IdsByLabel(v2);

  // The client sends back what it got (computed fields included), relabelled and reordered.
  json nodes = v2["nodes"];
  nodes[0]["label"] = "Exercice A";
  nodes[1]["children"] =
      json::array({nodes[1]["children"][2], nodes[1]["children"][0], nodes[1]["children"][1]});
  json reordered = json::array({nodes[1], nodes[0], nodes[2]});
  HttpResponse put = PutScheme(id, reordered, 2);
  ASSERT_EQ(put.status, 200) << put.body;
  json v3 = put.Json();
  EXPECT_EQ(v3["version"], 3);
  EXPECT_EQ(v3["max_points"], 4.85);
  EXPECT_EQ(v3["nodes"][0]["label"], "Exercice 2");
  EXPECT_EQ(v3["nodes"][0]["children"][0]["label"], "2.3");
  EXPECT_EQ(v3["nodes"][1]["label"], "Exercice A");
  std::map<std::string, int64_t> expected = ids;
  expected["Exercice A"] = expected["Exercice 1"];
  expected.erase("Exercice 1");
  EXPECT_EQ(IdsByLabel(v3), expected);
  EXPECT_EQ(GetScheme(id), v3);
  EXPECT_EQ(GetExam(id)["scheme_version"], 3);

  // Version 2 is still there as it was.
  HttpResponse old = Admin("GET", SchemePath(id) + "/versions/2");
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.Json(), v2);
  EXPECT_EQ(Admin("GET", SchemePath(id) + "/versions/3").Json(), v3);
  EXPECT_EQ(Admin("GET", SchemePath(id) + "/versions/1").Json()["nodes"], json::array());
  HttpResponse missing = Admin("GET", SchemePath(id) + "/versions/99");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Json()["error"]["code"], "not_found");
}

TEST_F(SchemeApiTest, StaleBaseVersionIsAConflict) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json v2 = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(v2["version"], 2);
  // Someone else's edit was made on version 1.
  HttpResponse stale = PutScheme(id, json::parse(R"([{"label": "Q", "max_points": 20}])"), 1);
  EXPECT_EQ(stale.status, 409) << stale.body;
  json error = stale.Json()["error"];
  EXPECT_EQ(error["code"], "conflict");
  EXPECT_EQ(error["details"]["current"], v2);
  // Ahead of the server is stale too.
  EXPECT_EQ(PutScheme(id, NestedScheme(), 3).status, 409);
  EXPECT_TRUE(
      IsFieldError(Admin("PUT", SchemePath(id), {{"nodes", NestedScheme()}}), "base_version"));
  EXPECT_TRUE(
      IsFieldError(Admin("PUT", SchemePath(id), {{"base_version", "2"}, {"nodes", NestedScheme()}}),
                   "base_version"));
  EXPECT_EQ(GetScheme(id), v2);
  EXPECT_EQ(PutScheme(id + 1000, NestedScheme(), 1).status, 404);
}

TEST_F(SchemeApiTest, ConcurrentEditsOfTheSameVersionOneWinsTheOthersAreStale) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json scheme = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(scheme["version"], 2);
  // Several admins save their own edit of version 2 at the same moment, several times over.
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE(round);
    int64_t base = scheme["version"];
    constexpr int kEditors = 6;
    std::vector<HttpResponse> responses(kEditors);
    std::vector<std::thread> threads;
    for (int i = 0; i < kEditors; ++i) {
      json nodes = scheme["nodes"];
      nodes[0]["label"] = "Exercice 1 (" + std::to_string(round) + "-" + std::to_string(i) + ")";
      threads.emplace_back([&, i, nodes] { responses[i] = PutScheme(id, nodes, base); });
    }
    for (std::thread& t : threads) t.join();
    int won = 0;
    for (const HttpResponse& r : responses) {
      if (r.status == 200) {
        ++won;
        scheme = r.Json();
        continue;
      }
      EXPECT_EQ(r.status, 409) << r.body;
      EXPECT_TRUE(r.Json()["error"]["details"].contains("current")) << r.body;
    }
    ASSERT_EQ(won, 1);
    EXPECT_EQ(scheme["version"], base + 1);
    EXPECT_EQ(GetScheme(id), scheme);
    EXPECT_EQ(Admin("GET", SchemePath(id) + "/versions/" + std::to_string(base + 1)).Json(),
              scheme);
  }
  EXPECT_EQ(AuditRows("exam.scheme.updated", id).size(), 6u);
}

TEST_F(SchemeApiTest, InvalidSchemesAreRefusedAndTheVersionStays) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json v2 = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(v2["version"], 2);
  int64_t max_id = 0;
  for (int64_t node_id : Ids(v2)) max_id = std::max(max_id, node_id);

  json deep = {{"label", "Niveau 7"}, {"max_points", 1}};
  for (int level = 6; level >= 1; --level) {
    deep = {{"label", "Niveau " + std::to_string(level)}, {"children", json::array({deep})}};
  }
  struct Case {
    std::string what;
    json nodes;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"unknown id", {{{"id", max_id + 1}, {"label", "Q"}, {"max_points", 1}}}, "id"},
      {"max not a multiple of step",
       {{{"label", "Q"}, {"max_points", 1}, {"step", 0.3}}},
       "max_points"},
      {"parent with max_points",
       {{{"label", "Ex"}, {"max_points", 2}, {"children", {{{"label", "Q"}, {"max_points", 2}}}}}},
       "max_points"},
      {"empty label", {{{"label", "  "}, {"max_points", 1}}}, "label"},
      {"depth 7", json::array({deep}), "children"},
      {"parent without children", {{{"label", "Ex"}, {"children", json::array()}}}, "max_points"},
      {"zero points", {{{"label", "Q"}, {"max_points", 0}}}, "max_points"},
      {"four decimals", {{{"label", "Q"}, {"max_points", 0.0001}}}, "max_points"},
      {"unknown field", {{{"label", "Q"}, {"max_points", 1}, {"coef", 2}}}, ""},
  };
  for (const Case& c : cases) {
    HttpResponse r = PutScheme(id, c.nodes, 2);
    EXPECT_EQ(r.status, 422) << c.what << ": " << r.body;
    if (!c.field.empty()) {
      EXPECT_EQ(r.Json()["error"]["details"]["field"], c.field) << c.what;
    }
    EXPECT_TRUE(r.Json()["error"]["details"].contains("path")) << c.what << ": " << r.body;
  }
  // The seventh level is the one refused.
  EXPECT_EQ(PutScheme(id, cases[4].nodes, 2).Json()["error"]["details"]["position"],
            json::array({1, 1, 1, 1, 1, 1, 1}));
  // The unknown id is named.
  EXPECT_EQ(PutScheme(id, cases[0].nodes, 2).Json()["error"]["details"]["node_id"], max_id + 1);
  // Six levels are fine (on another exam, so the first one stays untouched).
  json six = deep["children"][0];
  six["label"] = "Niveau 1";
  int64_t other = CreateExamId("Profond");
  HttpResponse six_ok = PutScheme(other, json::array({six}), 1);
  EXPECT_EQ(six_ok.status, 200) << six_ok.body;

  EXPECT_EQ(GetScheme(id), v2);
  EXPECT_EQ(GetExam(id)["scheme_version"], 2);
  EXPECT_EQ(Admin("GET", SchemePath(id) + "/versions/3").status, 404);
}

TEST_F(SchemeApiTest, SameSchemeAgainKeepsTheVersion) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json v2 = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(v2["version"], 2);
  HttpResponse again = PutScheme(id, v2["nodes"], 2);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json(), v2);
  // The same tree with its computed fields wrapped as the GET answer also changes nothing.
  json whole = v2;
  whole["base_version"] = 2;
  HttpResponse wrapped = Admin("PUT", SchemePath(id), whole);
  ASSERT_EQ(wrapped.status, 200) << wrapped.body;
  EXPECT_EQ(wrapped.Json()["version"], 2);
  EXPECT_EQ(GetScheme(id), v2);
  EXPECT_EQ(AuditRows("exam.scheme.updated", id).size(), 1u);
  EXPECT_EQ(Admin("GET", SchemePath(id) + "/versions/3").status, 404);
}

TEST_F(SchemeApiTest, ExportThenImportIntoAnotherExam) {
  teacher_id_ = SeedUser(*app_, "prof", "teacher", kPassword);
  int64_t source = CreateExamId("Source", {teacher_id_});
  ASSERT_GT(source, 0);
  // A draft first, so the source's ids do not start at 1.
  ASSERT_EQ(
      PutScheme(source, json::parse(R"([{"label": "Brouillon", "max_points": 1}])"), 1).status,
      200);
  HttpResponse put = PutScheme(source, NestedScheme(), 2);
  ASSERT_EQ(put.status, 200) << put.body;
  json original = put.Json();

  HttpResponse exported = Admin("GET", SchemePath(source) + "/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_NE(exported.Header("content-type").find("application/json"), std::string::npos);
  json file = exported.Json();
  EXPECT_EQ(file["format"], "korrigo-scheme");
  EXPECT_EQ(file["nodes"], original["nodes"]);
  EXPECT_EQ(file["max_points"], 4.85);
  // The corrector may export too.
  Session prof = Login(port(), "prof", kPassword);
  EXPECT_EQ(As(prof, "GET", SchemePath(source) + "/export").Json(), file);

  int64_t target = CreateExamId("Cible");
  HttpResponse imported =
      Admin("POST", SchemePath(target) + "/import", {{"base_version", 1}, {"scheme", file}});
  ASSERT_EQ(imported.status, 200) << imported.body;
  json scheme = imported.Json();
  EXPECT_EQ(scheme["version"], 2);
  EXPECT_EQ(WithoutIds(scheme["nodes"]), WithoutIds(original["nodes"]));
  EXPECT_EQ(scheme["max_points"], 4.85);
  EXPECT_EQ(scheme["bonus_points"], 1);
  // Fresh ids from the target's own sequence, not the file's.
  std::vector<int64_t> ids = Ids(scheme);
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_NE(ids, Ids(original));
  EXPECT_EQ(GetScheme(target), scheme);
  EXPECT_EQ(GetScheme(source), original);

  // Same rules as PUT: stale version, validation.
  EXPECT_EQ(
      Admin("POST", SchemePath(target) + "/import", {{"base_version", 1}, {"scheme", file}}).status,
      409);
  json broken = file;
  broken["nodes"][0]["label"] = "";
  EXPECT_EQ(Admin("POST", SchemePath(target) + "/import", {{"base_version", 2}, {"scheme", broken}})
                .status,
            422);
  EXPECT_TRUE(
      IsFieldError(Admin("POST", SchemePath(target) + "/import", {{"base_version", 2}}), "scheme"));
  EXPECT_EQ(GetScheme(target), scheme);
}

TEST_F(SchemeApiTest, CopyFromAnotherExam) {
  int64_t source = CreateExamId("Source");
  int64_t target = CreateExamId("Cible");
  ASSERT_GT(target, 0);
  json original = PutScheme(source, NestedScheme(), 1).Json();
  ASSERT_EQ(original["version"], 2);

  HttpResponse unknown = Admin("POST", SchemePath(target) + "/copy",
                               {{"base_version", 1}, {"source_exam_id", source + 1000}});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(GetScheme(target)["version"], 1);
  EXPECT_TRUE(IsFieldError(Admin("POST", SchemePath(target) + "/copy", {{"base_version", 1}}),
                           "source_exam_id"));

  HttpResponse copied = Admin("POST", SchemePath(target) + "/copy",
                              {{"base_version", 1}, {"source_exam_id", source}});
  ASSERT_EQ(copied.status, 200) << copied.body;
  json scheme = copied.Json();
  EXPECT_EQ(scheme["version"], 2);
  EXPECT_EQ(WithoutIds(scheme["nodes"]), WithoutIds(original["nodes"]));
  EXPECT_EQ(scheme["max_points"], original["max_points"]);
  EXPECT_EQ(GetScheme(target), scheme);
  EXPECT_EQ(GetScheme(source), original);
  EXPECT_EQ(
      Admin("POST", SchemePath(target) + "/copy", {{"base_version", 1}, {"source_exam_id", source}})
          .status,
      409);
  json audit = AuditRows("exam.scheme.updated", target);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["details"]["how"], "copy");
}

TEST_F(SchemeApiTest, DeletedNodeIdsAreNeverReused) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json v2 = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(v2["version"], 2);
  std::vector<int64_t> before = Ids(v2);
  int64_t highest = *std::max_element(before.begin(), before.end());

  // Remove the last leaf (the highest id), then add a question in its place.
  json nodes = v2["nodes"];
  int64_t removed = nodes[2]["id"];
  EXPECT_EQ(removed, highest);
  nodes.erase(2);
  json v3 = PutScheme(id, nodes, 2).Json();
  ASSERT_EQ(v3["version"], 3);
  EXPECT_EQ(v3["bonus_points"], 0);
  nodes.push_back({{"label", "Présentation"}, {"max_points", 1}, {"step", 0.5}, {"bonus", true}});
  json v4 = PutScheme(id, nodes, 3).Json();
  ASSERT_EQ(v4["version"], 4);
  int64_t added = v4["nodes"][2]["id"];
  EXPECT_GT(added, highest);

  // The old id cannot be brought back by the client either.
  json resurrect = v4["nodes"];
  resurrect.push_back({{"id", removed}, {"label", "Retour"}, {"max_points", 1}});
  EXPECT_EQ(PutScheme(id, resurrect, 4).status, 422);

  // Nor does a full replacement or an import start over.
  json v5 = PutScheme(id, NestedScheme(), 4).Json();
  ASSERT_EQ(v5["version"], 5);
  for (int64_t node_id : Ids(v5)) EXPECT_GT(node_id, added);
  HttpResponse imported = Admin("POST", SchemePath(id) + "/import",
                                {{"base_version", 5}, {"scheme", {{"nodes", NestedScheme()}}}});
  ASSERT_EQ(imported.status, 200) << imported.body;
  std::vector<int64_t> v5_ids = Ids(v5);
  int64_t v5_highest = *std::max_element(v5_ids.begin(), v5_ids.end());
  for (int64_t node_id : Ids(imported.Json())) EXPECT_GT(node_id, v5_highest);
}

TEST_F(SchemeApiTest, SchemeChangesAreAuditedWithTheirDiff) {
  int64_t id = CreateExamId("Contrôle");
  ASSERT_GT(id, 0);
  json v2 = PutScheme(id, NestedScheme(), 1).Json();
  ASSERT_EQ(v2["version"], 2);
  json nodes = v2["nodes"];
  nodes[0]["label"] = "Exercice A";
  nodes[1]["children"][0]["max_points"] = 0.2;
  ASSERT_EQ(PutScheme(id, nodes, 2).status, 200);

  json rows = AuditRows("exam.scheme.updated", id);
  ASSERT_EQ(rows.size(), 2u);
  json latest = rows[0]["details"];  // newest first
  EXPECT_EQ(latest["version"], 3);
  EXPECT_EQ(latest["how"], "edit");
  EXPECT_EQ(latest["diff"]["relabelled"], json::array({nodes[0]["id"]}));
  ASSERT_EQ(latest["diff"]["changed_leaves"].size(), 1u);
  EXPECT_EQ(latest["diff"]["changed_leaves"][0]["id"], nodes[1]["children"][0]["id"]);
  EXPECT_EQ(latest["diff"]["changed_leaves"][0]["max_points"], json::array({0.1, 0.2}));
  EXPECT_EQ(rows[1]["details"]["version"], 2);
  EXPECT_EQ(rows[1]["actor_user_id"], admin_id_);

  // Refused or empty changes leave no row.
  nodes[0]["label"] = "";
  EXPECT_EQ(PutScheme(id, nodes, 3).status, 422);
  EXPECT_EQ(PutScheme(id, nodes, 2).status, 409);
  EXPECT_EQ(PutScheme(id, GetScheme(id)["nodes"], 3).status, 200);
  EXPECT_EQ(AuditRows("exam.scheme.updated", id).size(), 2u);
}

}  // namespace
}  // namespace korrigo::itest
