// Grading through the real server: dispatch, the autosave protocol (versions, retries, concurrent
// tabs), every annotation kind, finalize into a PDF that reads right, reopen, statistics, the
// comment bank, and the copy state machine with its forbidden moves.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/accounts.h"
#include "support/multipart.h"
#include "support/scan_batches.h"

namespace korrigo::itest {
namespace {

using nlohmann::json;

const char* kPassword = "integration-pass-42";

std::string CopyPath(int64_t id) { return "/api/v1/copies/" + std::to_string(id); }
std::string ExamPath(int64_t id) { return "/api/v1/exams/" + std::to_string(id); }

// Text of a PDF, through pdftotext (poppler-utils).
std::string PdfText(const std::string& pdf, int* pages = nullptr) {
  korrigo::testing::TempDir dir;
  const std::string path = dir.path() + "/f.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string text;
  if (FILE* p = popen(("pdftotext -layout " + path + " - 2>/dev/null").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
  }
  if (pages) {
    *pages = 0;
    if (FILE* p = popen(("pdfinfo " + path + " 2>/dev/null").c_str(), "r")) {
      char line[512];
      while (fgets(line, sizeof line, p))
        if (std::sscanf(line, "Pages: %d", pages) == 1) break;
      pclose(p);
    }
  }
  return text;
}

class GradingServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.env()["KORRIGO_WORKERS"] = workers_;
    app_ = OpenApplication(server_);
    ASSERT_NE(app_, nullptr);
    SeedUser(*app_, "direction", "admin", kPassword);
    prof_id_ = SeedUser(*app_, "prof", "teacher", kPassword);
    other_id_ = SeedUser(*app_, "autre.prof", "teacher", kPassword);
    SeedUser(*app_, "eleve", "student", kPassword);
    ASSERT_TRUE(server_.Start());
    admin_ = Login(port(), "direction", kPassword);
    prof_ = Login(port(), "prof", kPassword);
    other_ = Login(port(), "autre.prof", kPassword);
    student_ = Login(port(), "eleve", kPassword);
  }
  uint16_t port() const { return server_.port(); }
  HttpResponse As(const Session& who, const std::string& method, const std::string& target,
                  const json& body = nullptr) {
    return Call(port(), who, method, target, body.is_null() ? "" : body.dump());
  }
  HttpResponse Admin(const std::string& method, const std::string& target,
                     const json& body = nullptr) {
    return As(admin_, method, target, body);
  }

  // An A4 exam of `students` two-page copies, scheme Exercice 1 > {Q1 /2 step 0.5, Q2 /3},
  // Exercice 2 > Q3 /5, scanned, validated, for both teachers. Fills leaves_ (label → id).
  int64_t PrepareExam(int students, std::vector<int64_t> correctors = {}, bool validate = true) {
    if (correctors.empty()) correctors = {prof_id_, other_id_};
    HttpResponse r = Admin("POST", "/api/v1/exams",
                           {{"name", "Bac blanc de mathématiques"},
                            {"subject", "Mathématiques"},
                            {"exam_date", "2026-03-12"},
                            {"scan_layout", "a4"},
                            {"pages_per_copy", 2},
                            {"audiences", json::array({{{"class_name", "T.02"}}})},
                            {"corrector_ids", correctors}});
    EXPECT_EQ(r.status, 201) << r.body;
    const int64_t exam = r.Json().value("id", int64_t{0});
    json nodes = {{{"label", "Exercice 1"},
                   {"children",
                    {{{"label", "Q1"}, {"max_points", 2}, {"step", 0.5}},
                     {{"label", "Q2"}, {"max_points", 3}}}}},
                  {{"label", "Exercice 2"}, {"children", {{{"label", "Q3"}, {"max_points", 5}}}}}};
    r = Admin("PUT", ExamPath(exam) + "/scheme", {{"base_version", 1}, {"nodes", nodes}});
    EXPECT_EQ(r.status, 200) << r.body;
    std::function<void(const json&)> walk = [&](const json& list) {
      for (const json& n : list) {
        leaves_[n["label"]] = n["id"].get<int64_t>();
        if (n.contains("children")) walk(n["children"]);
      }
    };
    walk(r.Json()["nodes"]);
    batch_ = GenerateBatch({"--seed", "12", "--students", std::to_string(students), "--layout",
                            "a4", "--pages-per-copy", "2", "--dpi", "150"});
    for (const auto& s : batch_->truth.at("students")) {
      r = Admin("POST", "/api/v1/students",
                {{"last_name", s.at("last_name")},
                 {"first_name", s.at("first_name")},
                 {"birth_date", s.at("birth_date")},
                 {"class_name", "T.02"}});
      EXPECT_EQ(r.status, 201) << r.body;
      student_ids_.push_back(r.Json().value("id", int64_t{0}));
    }
    HttpResponse up = PostMultipart(port(), admin_, ExamPath(exam) + "/scans",
                                    {{.name = "files",
                                      .filename = "batch.pdf",
                                      .content_type = "application/pdf",
                                      .bytes = batch_->Bytes("batch.pdf")}});
    EXPECT_EQ(up.status, 202) << up.body;
    if (workers_ == "0") StartWorker();
    json scan = WaitForScan(port(), admin_, up.Json()["items"][0]["id"].get<int64_t>());
    EXPECT_EQ(scan["status"], "done") << scan.dump();
    if (workers_ == "0") StopWorker();
    if (validate) {
      EXPECT_EQ(Admin("POST", ExamPath(exam) + "/copies/validate", json::object()).status, 200);
    }
    return exam;
  }
  std::vector<json> AssignedTo(const Session& who, int64_t exam) {
    HttpResponse r = As(who, "GET", ExamPath(exam) + "/assigned-copies");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json> out;
    const json body = r.Json();
    for (const json& c : body["items"]) out.push_back(c);
    return out;
  }
  json Grading(const Session& who, int64_t copy) {
    HttpResponse r = As(who, "GET", CopyPath(copy) + "/grading");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  // `ops`: a list, or one op (a braced single op reads as that object, not as a list of it).
  HttpResponse Ops(const Session& who, int64_t copy, int64_t base, const json& ops) {
    json list = ops.is_array() ? ops : json::array({ops});
    return As(who, "POST", CopyPath(copy) + "/grading/ops",
              {{"base_version", base}, {"ops", list}});
  }
  // With embedded workers off, a `korrigo worker` process runs the jobs while it is up.
  void StartWorker() {
    worker_ = std::make_unique<ServerProcess>();
    Env env = server_.env();
    env["KORRIGO_WORKERS"] = "1";
    ASSERT_TRUE(worker_->Start(env, {"worker"}));
  }
  void StopWorker() {
    worker_->Signal(SIGTERM);
    worker_->WaitForExit(std::chrono::seconds(20));
    worker_.reset();
  }
  json Score(const std::string& op, const std::string& leaf, json points) {
    return {{"op_id", op},
            {"type", "set_score"},
            {"question_id", leaves_.at(leaf)},
            {"points", points}};
  }
  // Polls the finalize state until it leaves "grading".
  json WaitFinalized(int64_t copy, int seconds = 60) {
    json state;
    for (int i = 0; i < seconds * 10; ++i) {
      state = Admin("GET", CopyPath(copy) + "/finalize").Json();
      if (state.value("status", "") != "grading") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return state;
  }
  int64_t AuditCount(const std::string& action) {
    return Admin("GET", "/api/v1/audit-log?action=" + action).Json().value("total", int64_t{-1});
  }

  std::string workers_ = "1";
  TestServer server_;
  std::unique_ptr<ServerProcess> worker_;
  std::unique_ptr<app::Application> app_;
  Session admin_, prof_, other_, student_;
  int64_t prof_id_ = 0, other_id_ = 0;
  std::map<std::string, int64_t> leaves_;
  std::unique_ptr<GeneratedBatch> batch_;
  std::vector<int64_t> student_ids_;
};

TEST_F(GradingServerTest, TeacherGradesACopyWithEveryAnnotationAndFinalizesIt) {
  const int64_t exam = PrepareExam(4);
  // Dispatch: two copies each, reproducible from the recorded seed.
  HttpResponse d = Admin("POST", ExamPath(exam) + "/dispatch", {{"seed", "00000000000000aa"}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.Json()["assigned"], 4);
  EXPECT_EQ(d.Json()["seed"], "00000000000000aa");
  EXPECT_EQ(d.Json()["per_corrector"][std::to_string(prof_id_)], 2);
  EXPECT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).Json()["assigned"], 0);
  auto mine = AssignedTo(prof_, exam);
  auto theirs = AssignedTo(other_, exam);
  ASSERT_EQ(mine.size(), 2u);
  ASSERT_EQ(theirs.size(), 2u);
  EXPECT_FALSE(mine[0].contains("student_name"));  // anonymous for correctors
  const int64_t copy = mine[0]["id"];
  // Others' copies are not found, for the other teacher and for students.
  EXPECT_EQ(As(other_, "GET", CopyPath(copy) + "/grading").status, 404);
  EXPECT_EQ(As(student_, "GET", CopyPath(copy) + "/grading").status, 403);
  EXPECT_EQ(
      Ops(other_, copy, 0, {{"op_id", "x"}, {"type", "set_appreciation"}, {"text", "x"}}).status,
      404);

  json g = Grading(prof_, copy);
  EXPECT_EQ(g["version"], 0);
  EXPECT_EQ(g["can_write"], true);
  ASSERT_EQ(g["pages"].size(), 2u);
  const int64_t p1 = g["pages"][0]["id"], p2 = g["pages"][1]["id"];
  EXPECT_EQ(As(prof_, "GET", g["pages"][0]["image_url"].get<std::string>()).status, 200);
  EXPECT_EQ(As(other_, "GET", g["pages"][0]["image_url"].get<std::string>()).status, 404);

  json ops = {{{"op_id", "o1"},
               {"type", "add_annotation"},
               {"annotation",
                {{"id", "ink1"},
                 {"page_id", p1},
                 {"kind", "ink"},
                 {"strokes", {{{0.1, 0.5}, {0.2, 0.55}, {0.3, 0.5}}}}}}},
              {{"op_id", "o2"},
               {"type", "add_annotation"},
               {"annotation",
                {{"id", "hl1"},
                 {"page_id", p1},
                 {"kind", "highlight"},
                 {"box", {{"x", 0.1}, {"y", 0.6}, {"w", 0.5}, {"h", 0.04}}}}}},
              {{"op_id", "o3"},
               {"type", "add_annotation"},
               {"annotation",
                {{"id", "rect1"},
                 {"page_id", p2},
                 {"kind", "rect"},
                 {"box", {{"x", 0.2}, {"y", 0.2}, {"w", 0.3}, {"h", 0.2}}}}}},
              {{"op_id", "o4"},
               {"type", "add_annotation"},
               {"annotation",
                {{"id", "txt1"},
                 {"page_id", p2},
                 {"kind", "text"},
                 {"box", {{"x", 0.55}, {"y", 0.1}, {"w", 0.4}, {"h", 0.1}}},
                 {"text", "Raisonnement élégant, démonstration complète."},
                 {"question_id", leaves_["Q2"]},
                 {"points", 1}}}},
              {{"op_id", "o5"},
               {"type", "add_annotation"},
               {"annotation",
                {{"id", "st1"},
                 {"page_id", p1},
                 {"kind", "stamp"},
                 {"stamp", "tick"},
                 {"anchor", {{"x", 0.9}, {"y", 0.3}}}}}},
              {{"op_id", "o6"},
               {"type", "add_annotation"},
               {"annotation",
                {{"id", "st2"},
                 {"page_id", p2},
                 {"kind", "stamp"},
                 {"stamp", "label"},
                 {"label", "+1"},
                 {"anchor", {{"x", 0.9}, {"y", 0.8}}}}}},
              Score("o7", "Q1", "1,5"),
              Score("o8", "Q2", 3),
              {{"op_id", "o9"},
               {"type", "set_remark"},
               {"question_id", leaves_["Q1"]},
               {"text", "Très bien, mais l'énoncé demandait une justification."}},
              {{"op_id", "o10"},
               {"type", "set_appreciation"},
               {"text", "Travail sérieux ; soignez la rédaction."}}};
  HttpResponse w = Ops(prof_, copy, 0, ops);
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.Json()["version"], 1);
  EXPECT_EQ(w.Json()["applied"], 10);
  // The same batch again (a retry after a lost answer): applied once.
  HttpResponse again = Ops(prof_, copy, 0, ops);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["replayed"], true);
  EXPECT_EQ(again.Json()["version"], 1);
  // A stale version: 409 with the current state.
  HttpResponse stale = Ops(prof_, copy, 0, {Score("o11", "Q3", 1)});
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.Json()["error"]["details"]["version"], 1);
  EXPECT_EQ(stale.Json()["error"]["details"]["current"]["annotations"].size(), 6u);
  // A bad op anywhere: nothing of the batch applied.
  HttpResponse bad = Ops(prof_, copy, 1, {Score("o12", "Q3", 2), Score("o13", "Q1", "1,25")});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["details"]["op_index"], 1);
  g = Grading(prof_, copy);
  EXPECT_EQ(g["version"], 1);
  EXPECT_EQ(g["annotations"].size(), 6u);
  EXPECT_EQ(g["total"], 4.5);

  // Finalize refuses while a question has no score, and names it.
  HttpResponse missing = As(prof_, "POST", CopyPath(copy) + "/finalize", json::object());
  ASSERT_EQ(missing.status, 422) << missing.body;
  ASSERT_EQ(missing.Json()["error"]["details"]["missing"].size(), 1u);
  EXPECT_EQ(missing.Json()["error"]["details"]["missing"][0]["path"], "Exercice 2 > Q3");
  ASSERT_EQ(Ops(prof_, copy, 1, {Score("o14", "Q3", 3.25)}).status, 200);
  HttpResponse fin = As(prof_, "POST", CopyPath(copy) + "/finalize", json::object());
  ASSERT_EQ(fin.status, 202) << fin.body;
  const json first_job = fin.Json()["job_id"];
  HttpResponse twice = As(prof_, "POST", CopyPath(copy) + "/finalize", json::object());
  EXPECT_EQ(twice.status, 202);
  EXPECT_EQ(twice.Json()["job_id"], first_job);
  json state = WaitFinalized(copy);
  ASSERT_EQ(state["status"], "graded") << state.dump();
  EXPECT_EQ(state["mark"], 15.5);  // 7.75 / 10 × 20
  ASSERT_EQ(state["pdfs"].size(), 1u);
  EXPECT_EQ(state["pdfs"][0]["page_count"], 3);
  // Graded: no more writes, by anyone.
  EXPECT_EQ(Ops(prof_, copy, 2, {Score("o15", "Q3", 1)}).status, 409);
  EXPECT_EQ(Ops(admin_, copy, 2, {Score("o16", "Q3", 1)}).status, 409);

  HttpResponse pdf = As(prof_, "GET", CopyPath(copy) + "/final-pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("Content-Type"), "application/pdf");
  EXPECT_EQ(As(other_, "GET", CopyPath(copy) + "/final-pdf").status, 404);
  int pages = 0;
  std::string text = PdfText(pdf.body, &pages);
  EXPECT_EQ(pages, 3);
  EXPECT_NE(text.find("15,5 / 20"), std::string::npos) << text;
  EXPECT_NE(text.find("Très bien, mais l'énoncé"), std::string::npos) << text;
  EXPECT_NE(text.find("Travail sérieux"), std::string::npos);
  EXPECT_NE(text.find("Raisonnement élégant"), std::string::npos);

  // Statistics for the admin and, limited to their batch, for the teacher.
  json stats = Admin("GET", ExamPath(exam) + "/stats?bin_width=5").Json();
  EXPECT_EQ(stats["copies"]["by_status"]["graded"], 1);
  EXPECT_EQ(stats["marks"]["mean"], 15.5);
  EXPECT_EQ(stats["distribution"].size(), 4u);
  EXPECT_EQ(stats["correctors"].size(), 2u);
  json own = As(prof_, "GET", ExamPath(exam) + "/stats").Json();
  EXPECT_EQ(own["correctors"].size(), 1u);
  EXPECT_EQ(own["mine"]["marks"]["count"], 1);
  EXPECT_EQ(As(prof_, "GET", ExamPath(exam) + "/stats?bin_width=0").status, 422);

  // History, JSON and CSV, for admins only.
  json history = Admin("GET", CopyPath(copy) + "/grading/history").Json();
  EXPECT_EQ(history["items"].size(), 2u);
  EXPECT_EQ(history["items"][0]["ops"].size(), 10u);
  HttpResponse csv = Admin("GET", CopyPath(copy) + "/grading/history?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("set_remark"), std::string::npos);
  EXPECT_EQ(As(prof_, "GET", CopyPath(copy) + "/grading/history").status, 403);

  // Reopen: admins only, with a reason; the previous PDF stays as a prior revision.
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/reopen", {{"reason", "erreur"}}).status, 403);
  EXPECT_EQ(Admin("POST", CopyPath(copy) + "/reopen", {{"reason", " "}}).status, 422);
  HttpResponse reopened =
      Admin("POST", CopyPath(copy) + "/reopen", {{"reason", "Réclamation de l'élève : Q3"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.Json()["status"], "ready");
  EXPECT_EQ(Admin("POST", CopyPath(copy) + "/reopen", {{"reason", "encore"}}).status, 409);
  g = Grading(prof_, copy);
  EXPECT_EQ(g["annotations"].size(), 6u);  // kept
  ASSERT_EQ(Ops(prof_, copy, g["version"], {Score("o17", "Q3", 5)}).status, 200);
  ASSERT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize", json::object()).status, 202);
  state = WaitFinalized(copy);
  ASSERT_EQ(state["status"], "graded");
  EXPECT_EQ(state["mark"], 19);
  ASSERT_EQ(state["pdfs"].size(), 2u);
  EXPECT_EQ(state["pdfs"][0]["current"], true);
  EXPECT_EQ(state["pdfs"][1]["current"], false);
  EXPECT_NE(
      PdfText(As(prof_, "GET", CopyPath(copy) + "/final-pdf?revision=1").body).find("15,5 / 20"),
      std::string::npos);

  // Identified after grading: the PDF is rebuilt and names the student.
  HttpResponse ident = Admin("PUT", CopyPath(copy) + "/student", {{"student_id", student_ids_[0]}});
  ASSERT_EQ(ident.status, 200) << ident.body;
  json rebuilt;
  for (int i = 0; i < 300; ++i) {
    rebuilt = Admin("GET", CopyPath(copy) + "/finalize").Json();
    if (rebuilt["pdfs"].size() == 3u) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(rebuilt["pdfs"].size(), 3u) << rebuilt.dump();
  EXPECT_EQ(rebuilt["status"], "graded");
  std::string named = PdfText(Admin("GET", CopyPath(copy) + "/final-pdf").body);
  // The corrector grades anonymously: the named PDF is not theirs to open; the anonymous ones are.
  EXPECT_EQ(As(prof_, "GET", CopyPath(copy) + "/final-pdf").status, 404);
  EXPECT_EQ(As(prof_, "GET", CopyPath(copy) + "/final-pdf?revision=2").status, 200);
  const json& who = batch_->truth["students"][0];
  EXPECT_NE(named.find(who["last_name"].get<std::string>()), std::string::npos) << named;

  EXPECT_GE(AuditCount("grading.dispatched"), 1);
  EXPECT_EQ(AuditCount("copy.finalized"), 2);
  EXPECT_EQ(AuditCount("copy.reopened"), 1);
  EXPECT_GE(AuditCount("copy.graded"), 3);
}

TEST_F(GradingServerTest, ConcurrentWritersLoseNoAcceptedOperation) {
  const int64_t exam = PrepareExam(1, {prof_id_});
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).status, 200);
  const int64_t copy = AssignedTo(prof_, exam).at(0)["id"];
  const int64_t page = Grading(prof_, copy)["pages"][0]["id"];
  constexpr int kWriters = 32;
  std::atomic<int> conflicts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      Session tab = Login(port(), "prof", kPassword);  // a tab of its own
      int64_t base = 0;
      json op = {{"op_id", "w" + std::to_string(i)},
                 {"type", "add_annotation"},
                 {"annotation",
                  {{"id", "n" + std::to_string(i)},
                   {"page_id", page},
                   {"kind", "stamp"},
                   {"stamp", "tick"},
                   {"anchor", {{"x", (i + 1) / 40.0}, {"y", 0.5}}}}}};
      for (int attempt = 0; attempt < 200; ++attempt) {
        HttpResponse r = Ops(tab, copy, base, {op});
        if (r.status == 200) return;
        if (r.status == 409) {
          ++conflicts;
          base = r.Json()["error"]["details"]["version"].get<int64_t>();
          continue;
        }
        ++failures;
        return;
      }
      ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(conflicts, 0);
  json g = Grading(prof_, copy);
  EXPECT_EQ(g["annotations"].size(), static_cast<size_t>(kWriters));
  EXPECT_EQ(g["version"], kWriters);
  EXPECT_EQ(Admin("GET", CopyPath(copy) + "/grading/history").Json()["items"].size(),
            static_cast<size_t>(kWriters));
}

// A batch reads only the annotations and scores it names; what it does not name stays as it was.
TEST_F(GradingServerTest, BatchesChangeOnlyWhatTheyName) {
  const int64_t exam = PrepareExam(1, {prof_id_});
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).status, 200);
  const int64_t copy = AssignedTo(prof_, exam).at(0)["id"];
  const int64_t page = Grading(prof_, copy)["pages"][0]["id"];
  auto tick = [&](const std::string& id, double x) {
    return json{{"id", id},
                {"page_id", page},
                {"kind", "stamp"},
                {"stamp", "tick"},
                {"anchor", {{"x", x}, {"y", 0.5}}}};
  };
  json add;
  for (int i = 0; i < 5; ++i) {
    std::string id(1, static_cast<char>('a' + i));
    add.push_back({{"op_id", "add-" + id},
                   {"type", "add_annotation"},
                   {"annotation", tick(id, 0.1 + i / 10.0)}});
  }
  add.push_back(Score("s1", "Q1", 2));
  add.push_back({{"op_id", "r1"},
                 {"type", "set_remark"},
                 {"question_id", leaves_["Q1"]},
                 {"text", "Juste."}});
  add.push_back(Score("s2", "Q2", 1));
  ASSERT_EQ(Ops(prof_, copy, 0, add).status, 200);

  json text = {{"id", "b"},
               {"page_id", page},
               {"kind", "text"},
               {"box", {{"x", 0.2}, {"y", 0.2}, {"w", 0.3}, {"h", 0.05}}},
               {"text", "Remplacée par un texte"}};
  json moved = tick("c", 0.9);
  HttpResponse r =
      Ops(prof_, copy, 1,
          {{{"op_id", "del-b"}, {"type", "delete_annotation"}, {"annotation_id", "b"}},
           {{"op_id", "re-b"}, {"type", "add_annotation"}, {"annotation", text}},
           {{"op_id", "mv-c"}, {"type", "update_annotation"}, {"annotation", moved}},
           {{"op_id", "r2"},
            {"type", "set_remark"},
            {"question_id", leaves_["Q1"]},
            {"text", "Très juste."}},
           Score("s3", "Q2", nullptr),
           {{"op_id", "del-e"}, {"type", "delete_annotation"}, {"annotation_id", "e"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["version"], 2);

  json g = Grading(prof_, copy);
  std::map<std::string, json> by_id;
  for (const json& a : g["annotations"]) by_id[a["id"]] = a;
  ASSERT_EQ(by_id.size(), 4u) << g["annotations"].dump();
  EXPECT_EQ(by_id["a"], Grading(prof_, copy)["annotations"][0]);
  EXPECT_DOUBLE_EQ(by_id["a"]["anchor"]["x"].get<double>(), 0.1);
  EXPECT_EQ(by_id["b"]["kind"], "text");
  EXPECT_EQ(by_id["b"]["text"], "Remplacée par un texte");
  EXPECT_DOUBLE_EQ(by_id["c"]["anchor"]["x"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(by_id["d"]["anchor"]["x"].get<double>(), 0.4);
  EXPECT_FALSE(by_id.contains("e"));
  std::map<int64_t, json> scores;
  for (const json& s : g["scores"]) scores[s["question_id"]] = s;
  EXPECT_EQ(scores[leaves_["Q1"]]["points"], 2);  // a new remark keeps the points
  EXPECT_EQ(scores[leaves_["Q1"]]["remark"], "Très juste.");
  EXPECT_FALSE(scores.contains(leaves_["Q2"]));  // unset, no remark: gone

  // The same batch again (a retry): nothing changes.
  r = Ops(prof_, copy, 1,
          {{{"op_id", "del-b"}, {"type", "delete_annotation"}, {"annotation_id", "b"}},
           {{"op_id", "mv-c"}, {"type", "update_annotation"}, {"annotation", moved}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["replayed"], true);
  EXPECT_EQ(Grading(prof_, copy), g);
  // Naming an annotation that is gone is refused, and changes nothing.
  r = Ops(prof_, copy, 2,
          {{{"op_id", "x"}, {"type", "delete_annotation"}, {"annotation_id", "e"}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Grading(prof_, copy), g);
}

TEST_F(GradingServerTest, FinalizeRacingAWriteAndADoubleFinalizeStayConsistent) {
  const int64_t exam = PrepareExam(2, {prof_id_});
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).status, 200);
  for (const json& c : AssignedTo(prof_, exam)) {
    const int64_t copy = c["id"];
    ASSERT_EQ(
        Ops(prof_, copy, 0, {Score("a", "Q1", 2), Score("b", "Q2", 3), Score("c", "Q3", 5)}).status,
        200);
    HttpResponse write, fin1, fin2;
    std::thread t1([&] { write = Ops(prof_, copy, 1, {Score("d", "Q3", 4)}); });
    std::thread t2([&] { fin1 = As(prof_, "POST", CopyPath(copy) + "/finalize", json::object()); });
    std::thread t3(
        [&] { fin2 = As(admin_, "POST", CopyPath(copy) + "/finalize", json::object()); });
    t1.join();
    t2.join();
    t3.join();
    ASSERT_EQ(fin1.status, 202) << fin1.body;
    ASSERT_EQ(fin2.status, 202) << fin2.body;
    EXPECT_EQ(fin1.Json()["job_id"], fin2.Json()["job_id"]);
    json state = WaitFinalized(copy);
    ASSERT_EQ(state["status"], "graded");
    // Either the write came first and the mark has it, or it was refused: never lost silently.
    if (write.status == 200) {
      EXPECT_EQ(state["mark"], 18);
    } else {
      EXPECT_EQ(write.status, 409) << write.body;
      EXPECT_EQ(state["mark"], 20);
    }
  }
}

TEST_F(GradingServerTest, ReassigningStartedCopiesNeedsConfirmation) {
  const int64_t exam = PrepareExam(4);
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).status, 200);
  auto mine = AssignedTo(prof_, exam);
  ASSERT_EQ(mine.size(), 2u);
  const int64_t started = mine[0]["id"], fresh = mine[1]["id"];
  ASSERT_EQ(Ops(prof_, started, 0, {Score("x", "Q1", 1)}).status, 200);
  // A fresh copy moves at once; a started one needs confirm, which the audit keeps.
  HttpResponse moved = Admin("PUT", CopyPath(fresh) + "/corrector", {{"corrector_id", other_id_}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["corrector_id"], other_id_);
  EXPECT_EQ(As(prof_, "GET", CopyPath(fresh) + "/grading").status, 404);
  HttpResponse refused =
      Admin("PUT", CopyPath(started) + "/corrector", {{"corrector_id", other_id_}});
  ASSERT_EQ(refused.status, 409);
  EXPECT_EQ(refused.Json()["error"]["details"]["requires_confirmation"], true);
  EXPECT_EQ(Admin("PUT", CopyPath(started) + "/corrector",
                  {{"corrector_id", other_id_}, {"confirm", true}})
                .status,
            200);
  EXPECT_EQ(Grading(other_, started)["version"], 1);  // nothing lost in the move
  EXPECT_EQ(AuditCount("grading.reassigned"), 2);
  // Bad targets.
  EXPECT_EQ(Admin("PUT", CopyPath(started) + "/corrector", {{"corrector_id", 999999}}).status, 422);
  EXPECT_EQ(Admin("PUT", CopyPath(started) + "/corrector", json::object()).status, 422);
  EXPECT_EQ(Admin("PUT", CopyPath(999999) + "/corrector", {{"corrector_id", other_id_}}).status,
            404);
  // The whole batch of a corrector, back to waiting, then dispatched again.
  HttpResponse batch = Admin("POST", ExamPath(exam) + "/dispatch/reassign",
                             {{"from_corrector_id", other_id_}, {"to_corrector_id", nullptr}});
  ASSERT_EQ(batch.status, 409);
  batch =
      Admin("POST", ExamPath(exam) + "/dispatch/reassign",
            {{"from_corrector_id", other_id_}, {"to_corrector_id", nullptr}, {"confirm", true}});
  ASSERT_EQ(batch.status, 200) << batch.body;
  EXPECT_EQ(batch.Json()["moved"], 4);
  json summary = Admin("GET", ExamPath(exam) + "/dispatch").Json();
  EXPECT_EQ(summary["waiting"], 4);
  HttpResponse quota =
      Admin("POST", ExamPath(exam) + "/dispatch", {{"quotas", {{std::to_string(prof_id_), 3}}}});
  ASSERT_EQ(quota.status, 200) << quota.body;
  EXPECT_EQ(quota.Json()["per_corrector"][std::to_string(prof_id_)], 3);
  EXPECT_EQ(quota.Json()["per_corrector"][std::to_string(other_id_)], 1);
  EXPECT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", {{"quotas", {{"abc", 1}}}}).status, 422);
  EXPECT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", {{"seed", "zz"}}).status, 422);
  EXPECT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", {{"correctors", {999}}}).status, 422);

  // A corrector holding copies cannot be taken off the exam, by either route, until they are
  // handed over; nothing changes meanwhile.
  HttpResponse off = Admin("PUT", ExamPath(exam) + "/correctors", {{"corrector_ids", {prof_id_}}});
  ASSERT_EQ(off.status, 409) << off.body;
  ASSERT_EQ(off.Json()["error"]["details"]["correctors"].size(), 1u);
  EXPECT_EQ(off.Json()["error"]["details"]["correctors"][0]["user_id"], other_id_);
  EXPECT_EQ(Admin("PATCH", ExamPath(exam), {{"corrector_ids", {prof_id_}}}).status, 409);
  EXPECT_EQ(Admin("GET", ExamPath(exam) + "/correctors").Json()["items"].size(), 2u);
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch/reassign",
                  {{"from_corrector_id", other_id_},
                   {"to_corrector_id", prof_id_},
                   {"confirm", true}})  // the draw may have given them the started copy
                .status,
            200);
  off = Admin("PUT", ExamPath(exam) + "/correctors", {{"corrector_ids", {prof_id_}}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json()["items"].size(), 1u);
}

TEST_F(GradingServerTest, CommentBankSearchesAndPropagatesConfirmedEdits) {
  const int64_t exam = PrepareExam(2, {prof_id_});
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).status, 200);
  auto copies = AssignedTo(prof_, exam);
  ASSERT_EQ(copies.size(), 2u);
  HttpResponse c =
      As(prof_, "POST", ExamPath(exam) + "/comments",
         {{"text", "Unité manquante"}, {"question_id", leaves_["Q2"]}, {"points", -0.5}});
  ASSERT_EQ(c.status, 201) << c.body;
  const int64_t item = c.Json()["id"];
  ASSERT_EQ(As(prof_, "POST", ExamPath(exam) + "/comments",
               {{"text", "Très bonne démarche"}, {"shared", false}})
                .status,
            201);
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/comments", {{"text", "Calcul à revoir"}}).status, 201);
  EXPECT_EQ(As(prof_, "POST", ExamPath(exam) + "/comments", {{"text", ""}}).status, 422);
  EXPECT_EQ(As(other_, "GET", ExamPath(exam) + "/comments").status, 404);  // not their exam
  // Accent-insensitive search; the admin does not see the teacher's personal comment.
  json found = As(prof_, "GET", ExamPath(exam) + "/comments?q=UNITE").Json();
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["id"], item);
  EXPECT_EQ(As(prof_, "GET", ExamPath(exam) + "/comments?q=tres").Json()["items"].size(), 1u);
  EXPECT_EQ(Admin("GET", ExamPath(exam) + "/comments?q=tres").Json()["items"].size(), 0u);

  // Used on both copies; one is then finalized.
  for (const json& copy : copies) {
    const int64_t id = copy["id"];
    const int64_t page = Grading(prof_, id)["pages"][0]["id"];
    json ann = {{"id", "bank"},
                {"page_id", page},
                {"kind", "text"},
                {"box", {{"x", 0.1}, {"y", 0.1}, {"w", 0.3}, {"h", 0.05}}},
                {"text", "Unité manquante"},
                {"question_id", leaves_["Q2"]},
                {"points", -0.5},
                {"bank_item_id", item}};
    ASSERT_EQ(Ops(prof_, id, 0,
                  {{{"op_id", "b"}, {"type", "add_annotation"}, {"annotation", ann}},
                   Score("s1", "Q1", 2),
                   Score("s2", "Q2", 2.5),
                   Score("s3", "Q3", 5)})
                  .status,
              200);
  }
  EXPECT_EQ(
      As(prof_, "GET", ExamPath(exam) + "/comments?q=unite").Json()["items"][0]["usage_count"], 2);
  const int64_t done = copies[0]["id"], open = copies[1]["id"];
  ASSERT_EQ(As(prof_, "POST", CopyPath(done) + "/finalize", json::object()).status, 202);
  ASSERT_EQ(WaitFinalized(done)["status"], "graded");

  HttpResponse edit = As(prof_, "PATCH", "/api/v1/comments/" + std::to_string(item),
                         {{"text", "Unité manquante (m/s)"}});
  ASSERT_EQ(edit.status, 409) << edit.body;
  EXPECT_EQ(edit.Json()["error"]["details"]["uses"].size(), 2u);
  edit = As(prof_, "PATCH", "/api/v1/comments/" + std::to_string(item),
            {{"text", "Unité manquante (m/s)"}, {"confirm", true}});
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(edit.Json()["updated_copies"], json::array({open}));
  EXPECT_EQ(edit.Json()["kept_copies"], json::array({done}));
  EXPECT_EQ(Grading(prof_, open)["annotations"][0]["text"], "Unité manquante (m/s)");
  EXPECT_EQ(Grading(prof_, open)["version"], 2);
  EXPECT_EQ(Grading(prof_, done)["annotations"][0]["text"], "Unité manquante");
  EXPECT_EQ(
      As(prof_, "GET", "/api/v1/comments/" + std::to_string(item) + "/uses").Json()["items"].size(),
      2u);
  // A bank item of another exam cannot be used.
  const int64_t page = Grading(prof_, open)["pages"][0]["id"];
  json foreign = {{"id", "f"},
                  {"page_id", page},
                  {"kind", "stamp"},
                  {"stamp", "tick"},
                  {"anchor", {{"x", 0.5}, {"y", 0.5}}},
                  {"bank_item_id", 999999}};
  EXPECT_EQ(
      Ops(prof_, open, 2, {{{"op_id", "f"}, {"type", "add_annotation"}, {"annotation", foreign}}})
          .status,
      422);
  EXPECT_EQ(AuditCount("comment_bank.updated"), 1);
  EXPECT_EQ(As(prof_, "DELETE", "/api/v1/comments/" + std::to_string(item)).status, 204);
}

// The copy state machine: each status against each action, with workers off so "grading" holds.
class GradingStateMachineTest : public GradingServerTest {
 protected:
  GradingStateMachineTest() { workers_ = "0"; }
};

TEST_F(GradingStateMachineTest, EveryStatusAgainstEveryAction) {
  const int64_t exam = PrepareExam(2, {prof_id_}, /*validate=*/false);
  auto all = Admin("GET", ExamPath(exam) + "/copies").Json()["items"];
  ASSERT_EQ(all.size(), 2u);
  ASSERT_EQ(Admin("POST", CopyPath(all[0]["id"]) + "/validate", json::object()).status, 200);
  const int64_t staging = all[1]["id"];
  ASSERT_EQ(Admin("POST", ExamPath(exam) + "/dispatch", json::object()).status, 200);
  // staging: invisible to grading, not dispatched, cannot be assigned.
  EXPECT_EQ(Admin("GET", CopyPath(staging) + "/grading").status, 404);
  EXPECT_EQ(Ops(admin_, staging, 0, {Score("a", "Q1", 1)}).status, 404);
  EXPECT_EQ(Admin("POST", CopyPath(staging) + "/finalize", json::object()).status, 404);
  EXPECT_EQ(Admin("POST", CopyPath(staging) + "/reopen", {{"reason", "pour voir"}}).status, 409);
  EXPECT_EQ(Admin("PUT", CopyPath(staging) + "/corrector", {{"corrector_id", prof_id_}}).status,
            409);

  const int64_t copy = all[0]["id"];
  // ready: write yes; reopen and retry no; finalize refused while incomplete.
  EXPECT_EQ(Admin("POST", CopyPath(copy) + "/reopen", {{"reason", "pour voir"}}).status, 409);
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize/retry", json::object()).status, 409);
  ASSERT_EQ(
      Ops(prof_, copy, 0, {Score("a", "Q1", 2), Score("b", "Q2", 3), Score("c", "Q3", 5)}).status,
      200);
  // grading (no worker runs the job): writes refused, finalize harmless, retry and reopen refused.
  HttpResponse fin = As(prof_, "POST", CopyPath(copy) + "/finalize", json::object());
  ASSERT_EQ(fin.status, 202) << fin.body;
  EXPECT_EQ(fin.Json()["status"], "grading");
  HttpResponse write = Ops(prof_, copy, 1, {Score("d", "Q1", 1)});
  EXPECT_EQ(write.status, 409);
  EXPECT_EQ(write.Json()["error"]["code"], "failed_precondition");
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize", json::object()).Json()["job_id"],
            fin.Json()["job_id"]);
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize/retry", json::object()).status, 409);
  EXPECT_EQ(Admin("POST", CopyPath(copy) + "/reopen", {{"reason", "pour voir"}}).status, 409);
  EXPECT_EQ(Admin("GET", CopyPath(copy) + "/final-pdf").status, 404);
  // The retried same ops after the copy left "ready" are still answered (already applied).
  EXPECT_EQ(Ops(prof_, copy, 0, {Score("a", "Q1", 2), Score("b", "Q2", 3), Score("c", "Q3", 5)})
                .Json()["replayed"],
            true);
  // The job runs: graded. Writes and retry refused, finalize harmless, reopen allowed.
  StartWorker();
  json state = WaitFinalized(copy);
  ASSERT_EQ(state["status"], "graded") << state.dump();
  EXPECT_EQ(Ops(prof_, copy, 1, {Score("e", "Q1", 1)}).status, 409);
  HttpResponse again = As(prof_, "POST", CopyPath(copy) + "/finalize", json::object());
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.Json()["status"], "graded");
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize/retry", json::object()).status, 409);
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/reopen", {{"reason", "pour voir"}}).status, 403);
  ASSERT_EQ(Admin("POST", CopyPath(copy) + "/reopen", {{"reason", "pour voir"}}).status, 200);
  StopWorker();

  // grading_failed: the original scan is unreadable when the job runs. The error survives on the
  // copy; once the file is back, retry ends graded.
  ASSERT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize", json::object()).status, 202);
  std::map<std::string, std::string> saved;
  for (const auto& f :
       std::filesystem::recursive_directory_iterator(server_.data_dir() + "/files")) {
    if (f.path().extension() != ".pdf") continue;
    std::ifstream in(f.path(), std::ios::binary);
    saved[f.path().string()] = std::string(std::istreambuf_iterator<char>(in), {});
    std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << "%PDF-1.4 broken";
  }
  ASSERT_FALSE(saved.empty());
  StartWorker();
  state = WaitFinalized(copy, 120);
  ASSERT_EQ(state["status"], "grading_failed") << state.dump();
  EXPECT_NE(state["error"].get<std::string>().find("PDF final"), std::string::npos);
  EXPECT_EQ(Ops(prof_, copy, 1, {Score("f", "Q1", 1)}).status, 409);
  EXPECT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize", json::object()).Json()["status"],
            "grading_failed");
  for (const auto& [path, bytes] : saved)
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  ASSERT_EQ(As(prof_, "POST", CopyPath(copy) + "/finalize/retry", json::object()).status, 202);
  state = WaitFinalized(copy);
  EXPECT_EQ(state["status"], "graded") << state.dump();
  EXPECT_EQ(state["pdfs"].size(), 2u);
  StopWorker();
  EXPECT_EQ(AuditCount("copy.grading_failed"), 1);

  // Bodies that are not what the protocol expects.
  EXPECT_EQ(As(prof_, "POST", CopyPath(all[1]["id"]) + "/grading/ops", json::array()).status, 422);
  EXPECT_EQ(
      As(prof_, "POST", CopyPath(all[1]["id"]) + "/grading/ops", {{"ops", json::array()}}).status,
      422);
  EXPECT_EQ(
      Call(port(), prof_, "POST", CopyPath(all[1]["id"]) + "/grading/ops", "{not json").status,
      422);
  EXPECT_EQ(As(prof_, "POST", CopyPath(all[1]["id"]) + "/grading/ops",
               {{"base_version", -1}, {"ops", {Score("z", "Q1", 1)}}})
                .status,
            422);
}

}  // namespace
}  // namespace korrigo::itest
