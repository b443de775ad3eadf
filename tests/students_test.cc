// The student roster through the real server: importing a school's export (preview, commit,
// re-import, a changed file, one-time tokens, unreadable uploads), editing students by hand
// (validation, identity conflicts, archive, delete, search, filters, pages), issuing student
// accounts as JSON, CSV and PDF slips that students then activate, and the audit trail of it all.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "pdf/poppler_cli.h"
#include "support/accounts.h"
#include "support/multipart.h"

namespace korrigo::itest {
namespace {

using nlohmann::json;

const char* kPassword = "integration-pass-42";
const char* kStudentPassword = "cerf-volant-bleu";
const char* kBoundary = "korrigo-test-7MA4YWxkTrZu0gW";

// A one-time code as printed: three groups of four symbols from the unambiguous alphabet.
const std::regex kCodePattern("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The Pronote export of class 4A kept in the repository: Windows-1252, ';', CRLF, nine students
// (lines 2–10) and two padding lines (11–12).
std::string PronoteExport() {
  auto source = std::filesystem::path(__FILE__).parent_path().parent_path();
  return ReadBytes(source / "src/students/testdata/pronote_eleves.csv");
}

// `text` with its single occurrence of `from` replaced by `to`.
std::string ReplaceOnce(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct Part {
  std::string name = "file";
  std::optional<std::string> filename = "eleves.csv";  // nullopt: an ordinary form field
  std::string bytes;
};

std::string MultipartBody(const std::vector<Part>& parts) {
  std::vector<FormPart> form;
  for (const Part& p : parts) {
    form.push_back(
        {.name = p.name, .filename = p.filename, .content_type = "text/csv", .bytes = p.bytes});
  }
  return itest::MultipartBody(form, kBoundary);
}

std::vector<std::string> CodesIn(const std::string& text) {
  std::vector<std::string> codes;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kCodePattern);
       it != std::sregex_iterator(); ++it) {
    codes.push_back(it->str());
  }
  return codes;
}

// The French message of an error response, checked to be there.
std::string ErrorMessage(const HttpResponse& r) {
  json body = r.Json();
  EXPECT_TRUE(body.is_object() && body.contains("error")) << r.body;
  if (!body.is_object() || !body.contains("error")) return "";
  std::string message = body["error"].value("message", "");
  EXPECT_FALSE(message.empty()) << r.body;
  return message;
}

class StudentsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = OpenApplication(server_);
    ASSERT_NE(app_, nullptr);
    SeedUser(*app_, "direction", "admin", kPassword);
    SeedUser(*app_, "prof", "teacher", kPassword);
    ASSERT_TRUE(server_.Start());
    admin_ = Login(port(), "direction", kPassword);
    ASSERT_EQ(admin_.status, 200);
  }
  uint16_t port() const { return server_.port(); }

  HttpResponse Send(const std::string& method, const std::string& target, const json& body) {
    return Call(port(), admin_, method, target, body.dump());
  }
  HttpResponse Get(const std::string& target) { return Call(port(), admin_, "GET", target); }

  // A POST to the preview route with this Content-Type and body, as the admin's browser sends it.
  HttpResponse Upload(const std::string& content_type, const std::string& body) {
    auto headers = BrowserHeaders(port(), admin_);
    for (auto& [name, value] : headers) {
      if (name == "Content-Type") value = content_type;
    }
    auto response = Fetch(port(), {.method = "POST",
                                   .target = "/api/v1/students/import/preview",
                                   .headers = headers,
                                   .body = body});
    EXPECT_TRUE(response.ok());
    return response.ok() ? *response : HttpResponse{};
  }
  HttpResponse Upload(const std::vector<Part>& parts) {
    return Upload(std::string("multipart/form-data; boundary=") + kBoundary, MultipartBody(parts));
  }
  HttpResponse Preview(const std::string& bytes,
                       const std::string& filename = "pronote_eleves.csv") {
    return Upload({Part{.filename = filename, .bytes = bytes}});
  }
  HttpResponse Commit(const std::string& token) {
    return Send("POST", "/api/v1/students/import/commit", {{"token", token}});
  }
  // Previews then commits `bytes`; returns what the commit did.
  json Import(const std::string& bytes) {
    HttpResponse preview = Preview(bytes);
    EXPECT_EQ(preview.status, 200) << preview.body;
    HttpResponse commit = Commit(preview.Json().value("token", ""));
    EXPECT_EQ(commit.status, 200) << commit.body;
    return commit.Json();
  }

  // GET /api/v1/students?<query> (page_size 500 unless the query says otherwise).
  json Students(const std::string& query = "") {
    std::string target = "/api/v1/students?" + query;
    if (query.find("page_size=") == std::string::npos) target += "&page_size=500";
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    return r.Json();
  }
  // Every student, archived or not.
  json AllStudents() { return Students("archived=all")["items"]; }
  int64_t StudentCount() { return Students("archived=all").value("total", -1); }
  // The only student with this last name.
  json StudentNamed(const std::string& last_name) {
    json found;
    for (const json& s : AllStudents()) {
      if (s["last_name"] == last_name) {
        EXPECT_TRUE(found.is_null()) << last_name;
        found = s;
      }
    }
    EXPECT_FALSE(found.is_null()) << last_name;
    return found;
  }
  std::string StudentUrl(const json& student) {
    return "/api/v1/students/" + std::to_string(student.value("id", int64_t{0}));
  }

  HttpResponse Activate(const std::string& code, const std::string& password) {
    return Call(port(), {}, "POST", "/api/v1/auth/activate",
                json{{"code", code}, {"new_password", password}}.dump());
  }

  TestServer server_;
  std::unique_ptr<app::Application> app_;
  Session admin_;
};

using RosterImportTest = StudentsServerTest;
using StudentsTest = StudentsServerTest;
using StudentAccountsTest = StudentsServerTest;
using StudentsAuditTest = StudentsServerTest;

// ---------------------------------------------------------------------------------------------
// Import

TEST_F(RosterImportTest, PronoteExportPreviewsThenCommitsWithAccentsIntact) {
  HttpResponse preview = Preview(PronoteExport());
  ASSERT_EQ(preview.status, 200) << preview.body;
  json p = preview.Json();
  EXPECT_EQ(
      p["counts"],
      (json{{"create", 9}, {"update", 0}, {"unchanged", 0}, {"rejected", 0}, {"missing", 0}}));
  EXPECT_EQ(p["file"]["name"], "pronote_eleves.csv");
  EXPECT_EQ(p["file"]["encoding"], "windows-1252");
  EXPECT_EQ(p["file"]["delimiter"], ";");
  EXPECT_EQ(p["file"]["header_line"], 1);
  EXPECT_EQ(p["file"]["columns"]["full_name"], "Élèves");
  EXPECT_EQ(p["file"]["columns"]["birth_date"], "Né(e) le");
  EXPECT_EQ(p["file"]["columns"]["class_name"], "Classe");
  ASSERT_EQ(p["rows"].size(), 9u);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(p["rows"][i]["row"], i + 2);
    EXPECT_EQ(p["rows"][i]["action"], "create");
  }
  EXPECT_EQ(p["rows"][3]["student"]["first_name"], "Éloïse");
  EXPECT_EQ(p["token"].get<std::string>().size(), 64u);
  EXPECT_EQ(StudentCount(), 0);  // a preview changes nothing

  HttpResponse commit = Commit(p["token"]);
  ASSERT_EQ(commit.status, 200) << commit.body;
  EXPECT_EQ(commit.Json()["created"], 9);
  EXPECT_EQ(commit.Json()["updated"], 0);

  json all = Students();
  EXPECT_EQ(all["total"], 9);
  json eloise = Students("search=eloise")["items"];
  ASSERT_EQ(eloise.size(), 1u);
  EXPECT_EQ(eloise[0]["first_name"], "Éloïse");
  EXPECT_EQ(eloise[0]["last_name"], "DUPONT--MARTIN");
  EXPECT_EQ(eloise[0]["birth_date"], "2010-11-07");
  EXPECT_EQ(eloise[0]["class_name"], "4A");
  EXPECT_EQ(eloise[0]["group_name"], "4A G2, LATIN");
  EXPECT_EQ(eloise[0]["account"], nullptr);
  json boeuf = Students("search=BOEUF%20francois")["items"];
  ASSERT_EQ(boeuf.size(), 1u);
  EXPECT_EQ(boeuf[0]["last_name"], "BŒUF");
  EXPECT_EQ(boeuf[0]["first_name"], "François");
  json ines = Students("search=ines")["items"];
  ASSERT_EQ(ines.size(), 1u);
  EXPECT_EQ(ines[0]["last_name"], "D’ALMEIDA");
  EXPECT_EQ(ines[0]["first_name"], "Inès");
  EXPECT_EQ(StudentNamed("BEN AMEUR")["first_name"], "Mohamed-Youssef");
  EXPECT_EQ(StudentNamed("BEN AMEUR")["email"], "m.benameur@example.org");
  EXPECT_EQ(StudentNamed("MARTIN")["first_name"], "Jean Pierre");
  EXPECT_EQ(StudentNamed("N'DIAYE")["birth_date"], "2012-02-29");

  HttpResponse classes = Get("/api/v1/students/classes");
  ASSERT_EQ(classes.status, 200) << classes.body;
  std::map<std::string, int> counts;
  json class_list = classes.Json()["items"];
  for (const json& c : class_list) {
    EXPECT_EQ(c["class_name"], "4A");
    counts[c["group_name"].get<std::string>()] = c["students"].get<int>();
  }
  EXPECT_EQ(counts, (std::map<std::string, int>{
                        {"", 9}, {"4A G1", 4}, {"4A G2", 4}, {"LATIN", 1}, {"LV2 ESP", 1}}));
}

TEST_F(RosterImportTest, PreviewNamesTheRejectedLinesAndWhy) {
  // Four bad lines after the padding (lines 13–16), in Windows-1252 like the rest of the file.
  std::string file = PronoteExport() +
                     "SOLO;01/01/2011;4A;;\r\n"
                     "DURAND Paul;31/02/2011;4A;;\r\n"
                     "LE GALL Ana\xEFs;03/09/2010;4A;4A G2;\r\n"
                     "PETIT L\xE9\x61;;4A;;\r\n";
  HttpResponse preview = Preview(file);
  ASSERT_EQ(preview.status, 200) << preview.body;
  json p = preview.Json();
  EXPECT_EQ(p["counts"]["create"], 9);
  EXPECT_EQ(p["counts"]["rejected"], 4);
  ASSERT_EQ(p["rejected"].size(), 4u);
  std::vector<std::pair<int, std::string>> expected = {{13, "Prénom manquant"},
                                                       {14, "Date de naissance"},
                                                       {15, "Doublon de la ligne 3"},
                                                       {16, "Ni INE ni date de naissance"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const json& r = p["rejected"][i];
    EXPECT_EQ(r["row"], expected[i].first) << r;
    EXPECT_NE(r["reason"].get<std::string>().find(expected[i].second), std::string::npos) << r;
  }
  EXPECT_NE(p["rejected"][3]["excerpt"].get<std::string>().find("PETIT Léa"), std::string::npos);

  HttpResponse commit = Commit(p["token"]);
  ASSERT_EQ(commit.status, 200) << commit.body;
  EXPECT_EQ(commit.Json()["created"], 9);
  EXPECT_EQ(commit.Json()["rejected"], 4);
  EXPECT_EQ(StudentCount(), 9);
  EXPECT_EQ(Students("search=durand")["total"], 0);
  EXPECT_EQ(Students("search=petit")["total"], 0);
}

TEST_F(RosterImportTest, ReimportingTheSameFileChangesNothing) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  json before = AllStudents();

  HttpResponse again = Preview(PronoteExport());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(
      again.Json()["counts"],
      (json{{"create", 0}, {"update", 0}, {"unchanged", 9}, {"rejected", 0}, {"missing", 0}}));
  json rows = again.Json()["rows"];
  for (const json& row : rows) {
    EXPECT_EQ(row["action"], "unchanged") << row;
    EXPECT_TRUE(row["changes"].empty()) << row;
  }
  HttpResponse commit = Commit(again.Json()["token"]);
  ASSERT_EQ(commit.status, 200) << commit.body;
  EXPECT_EQ(commit.Json()["created"], 0);
  EXPECT_EQ(commit.Json()["updated"], 0);
  EXPECT_EQ(commit.Json()["unchanged"], 9);
  EXPECT_EQ(AllStudents(), before);  // same ids, same fields, same updated_at
}

TEST_F(RosterImportTest, ChangedFileUpdatesAndReportsMissingStudentsWithoutRemovingThem) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  json fontaine = StudentNamed("DE LA FONTAINE");
  json le_gall = StudentNamed("LE GALL");
  std::string changed = ReplaceOnce(PronoteExport(), "MARTIN Jean Pierre;12/12/2010;4A;",
                                    "MARTIN Jean Pierre;12/12/2010;4B;");
  changed = ReplaceOnce(changed, "DE LA FONTAINE Jean;21/06/2011;4A;4A G1;\r\n", "");

  HttpResponse preview = Preview(changed);
  ASSERT_EQ(preview.status, 200) << preview.body;
  json p = preview.Json();
  EXPECT_EQ(
      p["counts"],
      (json{{"create", 0}, {"update", 1}, {"unchanged", 7}, {"rejected", 0}, {"missing", 1}}));
  json martin = StudentNamed("MARTIN");
  bool saw_update = false;
  for (const json& row : p["rows"]) {
    if (row["action"] != "update") continue;
    saw_update = true;
    EXPECT_EQ(row["student_id"], martin["id"]);
    EXPECT_EQ(row["changes"], json::array({"class_name"}));
    EXPECT_EQ(row["student"]["class_name"], "4B");
  }
  EXPECT_TRUE(saw_update);
  ASSERT_EQ(p["missing"].size(), 1u);
  EXPECT_EQ(p["missing"][0]["student_id"], fontaine["id"]);
  EXPECT_EQ(p["missing"][0]["last_name"], "DE LA FONTAINE");

  HttpResponse commit = Commit(p["token"]);
  ASSERT_EQ(commit.status, 200) << commit.body;
  EXPECT_EQ(commit.Json()["updated"], 1);
  EXPECT_EQ(commit.Json()["created"], 0);
  EXPECT_EQ(StudentNamed("MARTIN")["class_name"], "4B");
  EXPECT_EQ(StudentNamed("MARTIN")["id"], martin["id"]);
  HttpResponse still_there = Get(StudentUrl(fontaine));
  ASSERT_EQ(still_there.status, 200);
  EXPECT_EQ(still_there.Json(), fontaine);  // neither deleted, archived nor touched
  EXPECT_EQ(StudentNamed("LE GALL"), le_gall);
  EXPECT_EQ(Students()["total"], 9);
}

TEST_F(RosterImportTest, TokenConfirmsOnePreviewOnce) {
  HttpResponse preview = Preview(PronoteExport());
  ASSERT_EQ(preview.status, 200) << preview.body;
  std::string token = preview.Json()["token"];
  ASSERT_EQ(Commit(token).status, 200);
  HttpResponse twice = Commit(token);
  EXPECT_EQ(twice.status, 404);
  EXPECT_EQ(twice.Json()["error"]["code"], "not_found");
  ErrorMessage(twice);
  EXPECT_EQ(Commit(std::string(64, 'a')).status, 404);
  EXPECT_EQ(Commit("abc").status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/students/import/commit", json::object()).status, 422);
  EXPECT_EQ(
      Send("POST", "/api/v1/students/import/commit", {{"token", token}, {"force", true}}).status,
      422);
  EXPECT_EQ(StudentCount(), 9);
}

TEST_F(RosterImportTest, HandEditAfterPreviewMakesTheCommitConflict) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  json martin = StudentNamed("MARTIN");
  // The preview would move MARTIN to 4B and create NOUVEAU Paul.
  std::string changed = ReplaceOnce(PronoteExport(), "MARTIN Jean Pierre;12/12/2010;4A;",
                                    "MARTIN Jean Pierre;12/12/2010;4B;") +
                        "NOUVEAU Paul;01/01/2011;4A;;\r\n";
  HttpResponse preview = Preview(changed);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.Json()["counts"]["update"], 1);
  EXPECT_EQ(preview.Json()["counts"]["create"], 1);

  HttpResponse edit = Send("PATCH", StudentUrl(martin), {{"email", "jp.martin@example.org"}});
  ASSERT_EQ(edit.status, 200) << edit.body;
  HttpResponse commit = Commit(preview.Json()["token"]);
  EXPECT_EQ(commit.status, 409) << commit.body;
  EXPECT_EQ(commit.Json()["error"]["code"], "conflict");
  EXPECT_NE(ErrorMessage(commit).find("refaites l'aperçu"), std::string::npos);
  json now = StudentNamed("MARTIN");
  EXPECT_EQ(now["class_name"], "4A");                // the import did not apply...
  EXPECT_EQ(now["email"], "jp.martin@example.org");  // ...the hand edit stays
  EXPECT_EQ(Students("search=nouveau")["total"], 0);
  EXPECT_EQ(StudentCount(), 9);
}

TEST_F(RosterImportTest, StudentAddedByHandAfterPreviewMakesTheCommitConflict) {
  std::string file = PronoteExport() + "NOUVEAU Paul;01/01/2011;4A;;\r\n";
  HttpResponse preview = Preview(file);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.Json()["counts"]["create"], 10);
  HttpResponse added = Send("POST", "/api/v1/students",
                            {{"last_name", "Nouveau"},
                             {"first_name", "Paul"},
                             {"birth_date", "2011-01-01"},
                             {"class_name", "4A"}});
  ASSERT_EQ(added.status, 201) << added.body;
  HttpResponse commit = Commit(preview.Json()["token"]);
  EXPECT_EQ(commit.status, 409) << commit.body;
  EXPECT_EQ(StudentCount(), 1);  // only the hand-added student, no half-applied import
  EXPECT_EQ(Students("search=nouveau%20paul")["total"], 1);
}

TEST_F(RosterImportTest, UnreadableUploadsAreRefusedInFrenchAndChangeNothing) {
  struct Case {
    std::string what;
    HttpResponse response;
    int status;
    std::string message_part;
  };
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0", 33);
  std::string headerless = "Article;Prix;Quantité\r\nCahier;2,50;30\r\n";
  std::string no_birth_date = "Nom complet;Date;Division\r\nDUPONT Jean;01/02/2011;4A\r\n";
  std::string huge = "Élèves;Né(e) le;Classe\r\n";
  while (huge.size() <= 5 * 1024 * 1024) huge += "DUPONT Jean;01/02/2011;4A\r\n";
  const std::string multipart = std::string("multipart/form-data; boundary=") + kBoundary;
  std::vector<Case> cases = {
      {"empty file", Preview(""), 422, "vide"},
      {"png", Preview(png, "photo.png"), 422, "octets nuls"},
      {"no header", Preview(headerless), 422, "Aucune ligne d'en-tête"},
      {"no birth date column", Preview(no_birth_date), 422,
       "Colonne manquante : « Date de naissance »"},
      {"over 5 MiB", Preview(huge), 413, "volumineux"},
      {"two files",
       Upload({Part{.bytes = PronoteExport()}, Part{.name = "file2", .bytes = PronoteExport()}}),
       422, "un seul fichier"},
      {"a field, no file", Upload({Part{.filename = std::nullopt, .bytes = "x"}}), 422,
       "un seul fichier"},
      {"empty multipart body", Upload(multipart, ""), 422, "Aucun fichier"},
      {"json body", Upload("application/json", R"({"file":"Élèves;Classe"})"), 422, "multipart"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(c.response.status, c.status) << c.response.body;
    EXPECT_NE(ErrorMessage(c.response).find(c.message_part), std::string::npos) << c.response.body;
  }
  EXPECT_EQ(cases[4].response.Json()["error"]["code"], "payload_too_large");
  EXPECT_EQ(StudentCount(), 0);
}

// ---------------------------------------------------------------------------------------------
// Hand edits

TEST_F(StudentsTest, CreateRefusesMissingOrMalformedFieldsNamingThem) {
  const json valid = {{"last_name", "Lefèvre"},
                      {"first_name", "Noël"},
                      {"birth_date", "2010-12-24"},
                      {"email", "noel.lefevre@example.org"},
                      {"class_name", "5C"}};
  struct Case {
    std::string field;
    json body;
  };
  std::vector<Case> cases;
  for (const char* required : {"last_name", "first_name", "class_name"}) {
    json body = valid;
    body.erase(required);
    cases.push_back({required, body});
  }
  for (const char* date : {"2010-02-30", "24/12/2010", "2999-01-01", "1850-01-01"}) {
    json body = valid;
    body["birth_date"] = date;
    cases.push_back({"birth_date", body});
  }
  for (const char* email : {"noel.lefevre", "noel@", "a b@example.org"}) {
    json body = valid;
    body["email"] = email;
    cases.push_back({"email", body});
  }
  json blank_name = valid;
  blank_name["last_name"] = "   ";
  cases.push_back({"last_name", blank_name});
  for (const Case& c : cases) {
    HttpResponse r = Send("POST", "/api/v1/students", c.body);
    EXPECT_EQ(r.status, 422) << c.body << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["details"]["field"], c.field) << r.body;
    ErrorMessage(r);
  }
  json unknown = valid;
  unknown["password"] = "x";
  EXPECT_EQ(Send("POST", "/api/v1/students", unknown).status, 422);
  EXPECT_EQ(Call(port(), admin_, "POST", "/api/v1/students", "pas du JSON").status, 422);
  EXPECT_EQ(StudentCount(), 0);

  HttpResponse created = Send("POST", "/api/v1/students", valid);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json()["last_name"], "Lefèvre");
  EXPECT_EQ(created.Json()["archived"], false);
  EXPECT_EQ(Get(StudentUrl(created.Json())).Json(), created.Json());
}

TEST_F(StudentsTest, SameIneOrSameNameAndBirthDateIsAConflict) {
  HttpResponse with_ine = Send("POST", "/api/v1/students",
                               {{"last_name", "Curderoy"},
                                {"first_name", "Chloé"},
                                {"class_name", "5C"},
                                {"school_id", "567890123ij"}});
  ASSERT_EQ(with_ine.status, 201) << with_ine.body;
  EXPECT_EQ(with_ine.Json()["school_id"], "567890123IJ");
  HttpResponse same_ine = Send("POST", "/api/v1/students",
                               {{"last_name", "Simic"},
                                {"first_name", "Luka"},
                                {"class_name", "5C"},
                                {"school_id", "567890123IJ"}});
  EXPECT_EQ(same_ine.status, 409) << same_ine.body;
  EXPECT_EQ(same_ine.Json()["error"]["details"]["field"], "school_id");
  ErrorMessage(same_ine);

  HttpResponse no_ine = Send("POST", "/api/v1/students",
                             {{"last_name", "Lefèvre"},
                              {"first_name", "Noël"},
                              {"birth_date", "2010-12-24"},
                              {"class_name", "5C"}});
  ASSERT_EQ(no_ine.status, 201) << no_ine.body;
  HttpResponse same_person = Send("POST", "/api/v1/students",
                                  {{"last_name", "LEFEVRE"},
                                   {"first_name", "noel"},
                                   {"birth_date", "2010-12-24"},
                                   {"class_name", "5D"}});
  EXPECT_EQ(same_person.status, 409) << same_person.body;
  ErrorMessage(same_person);
  HttpResponse other_birthday = Send("POST", "/api/v1/students",
                                     {{"last_name", "Lefèvre"},
                                      {"first_name", "Noël"},
                                      {"birth_date", "2011-03-02"},
                                      {"class_name", "5C"}});
  EXPECT_EQ(other_birthday.status, 201) << other_birthday.body;
  // An edit that would make two students the same person is refused too.
  HttpResponse clash =
      Send("PATCH", StudentUrl(other_birthday.Json()), {{"birth_date", "2010-12-24"}});
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(Get(StudentUrl(other_birthday.Json())).Json()["birth_date"], "2011-03-02");
  EXPECT_EQ(StudentCount(), 3);
}

TEST_F(StudentsTest, ArchivedStudentsLeaveTheDefaultListAndDeletedOnesAreGone) {
  HttpResponse a = Send("POST", "/api/v1/students",
                        {{"last_name", "Émery"},
                         {"first_name", "Zoé"},
                         {"class_name", "3B"},
                         {"birth_date", "2011-01-30"}});
  HttpResponse b = Send("POST", "/api/v1/students",
                        {{"last_name", "Le Gall"},
                         {"first_name", "Anaïs"},
                         {"class_name", "3B"},
                         {"birth_date", "2010-09-03"}});
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;

  HttpResponse archived = Send("PATCH", StudentUrl(a.Json()), {{"archived", true}});
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(archived.Json()["archived"], true);
  json active = Students();
  ASSERT_EQ(active["total"], 1);
  EXPECT_EQ(active["items"][0]["last_name"], "Le Gall");
  json only_archived = Students("archived=true");
  ASSERT_EQ(only_archived["total"], 1);
  EXPECT_EQ(only_archived["items"][0]["last_name"], "Émery");
  EXPECT_EQ(Students("archived=all")["total"], 2);
  EXPECT_EQ(Get("/api/v1/students?archived=oui").status, 422);
  EXPECT_EQ(Get(StudentUrl(a.Json())).Json()["archived"], true);
  HttpResponse classes = Get("/api/v1/students/classes");
  ASSERT_EQ(classes.Json()["items"].size(), 1u);
  EXPECT_EQ(classes.Json()["items"][0]["students"], 1);  // archived students are not counted
  HttpResponse restored = Send("PATCH", StudentUrl(a.Json()), {{"archived", false}});
  EXPECT_EQ(restored.Json()["archived"], false);
  EXPECT_EQ(Students()["total"], 2);

  HttpResponse deleted = Call(port(), admin_, "DELETE", StudentUrl(b.Json()));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(Get(StudentUrl(b.Json())).status, 404);
  EXPECT_EQ(Call(port(), admin_, "DELETE", StudentUrl(b.Json())).status, 404);
  EXPECT_EQ(Send("PATCH", StudentUrl(b.Json()), {{"class_name", "3C"}}).status, 404);
  EXPECT_EQ(StudentCount(), 1);
}

TEST_F(StudentsTest, SearchIgnoresAccentsAndFiltersMatchWholeClassesAndGroups) {
  auto add = [&](const std::string& last, const std::string& first, const std::string& class_name,
                 const std::string& group) {
    HttpResponse r = Send("POST", "/api/v1/students",
                          {{"last_name", last},
                           {"first_name", first},
                           {"birth_date", "2011-05-05"},
                           {"class_name", class_name},
                           {"group_name", group}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  };
  json eloise = add("Dupont--Martin", "Éloïse", "4A", "G1,LV2-ESP");
  EXPECT_EQ(eloise["group_name"], "G1, LV2-ESP");
  add("Lefèvre", "Noël", "4A", "G2");
  add("Garcia", "Hugo", "4A", "");
  for (const char* name : {"Bernard", "Petit", "Roux", "Fournier", "Morel"}) {
    add(name, "Camille", "4B", "G1");
  }

  auto names = [&](const std::string& query) {
    std::vector<std::string> out;
    json items = Students(query)["items"];
    for (const json& s : items) out.push_back(s["last_name"]);
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names("search=eloise"), Names{"Dupont--Martin"});
  EXPECT_EQ(names("search=%C3%89LO%C3%8FSE"), Names{"Dupont--Martin"});  // ÉLOÏSE
  EXPECT_EQ(names("search=lefevre%20noel"), Names{"Lefèvre"});
  EXPECT_EQ(names("search=zzz"), Names{});
  EXPECT_EQ(names("class_name=4A"), (Names{"Dupont--Martin", "Garcia", "Lefèvre"}));
  EXPECT_EQ(names("class_name=4"), Names{});
  EXPECT_EQ(names("class_name=4A&group_name=G1"), Names{"Dupont--Martin"});
  EXPECT_EQ(names("class_name=4A&group_name=LV2-ESP"), Names{"Dupont--Martin"});
  EXPECT_EQ(names("group_name=G"), Names{});
  EXPECT_EQ(names("group_name=LV2"), Names{});
  // Groups ignore case the same way on SQLite and PostgreSQL.
  EXPECT_EQ(names("group_name=lv2-esp"), Names{"Dupont--Martin"});
  EXPECT_EQ(names("group_name=G2"), Names{"Lefèvre"});
  EXPECT_EQ(Students("group_name=G1")["total"], 6);

  json first = Students("class_name=4B&page_size=2");
  EXPECT_EQ(first["total"], 5);
  EXPECT_EQ(first["page_size"], 2);
  EXPECT_EQ(names("class_name=4B&page_size=2"), (Names{"Bernard", "Fournier"}));
  EXPECT_EQ(names("class_name=4B&page_size=2&page=2"), (Names{"Morel", "Petit"}));
  EXPECT_EQ(names("class_name=4B&page_size=2&page=3"), Names{"Roux"});
  EXPECT_EQ(Students("class_name=4B&page_size=2&page=4")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/students?page_size=0").status, 422);
  EXPECT_EQ(Get("/api/v1/students?page_size=501").status, 422);
  EXPECT_EQ(Get("/api/v1/students?page=x").status, 422);
}

// ---------------------------------------------------------------------------------------------
// Student accounts

TEST_F(StudentAccountsTest, SlipsComeAsJsonCsvAndPdfAndOnlyTheLatestCodesWork) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  const json selection = {{"class_name", "4A"}};

  HttpResponse issued = Send("POST", "/api/v1/students/accounts", selection);
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_EQ(issued.Header("cache-control"), "no-store");
  json batch = issued.Json();
  ASSERT_EQ(batch["slips"].size(), 9u);
  EXPECT_TRUE(batch["skipped"].empty());
  std::map<std::string, std::string> json_codes;  // username → code
  for (const json& slip : batch["slips"]) {
    std::string username = slip["username"], code = slip["code"];
    EXPECT_TRUE(std::regex_match(username, std::regex("[a-z0-9]+([.-][a-z0-9]+)*"))) << username;
    EXPECT_TRUE(std::regex_match(code, kCodePattern)) << code;
    EXPECT_EQ(slip["purpose"], "activation");
    EXPECT_EQ(slip["account_created"], true);
    EXPECT_EQ(slip["student"]["account"]["username"], username);
    json_codes[username] = code;
  }
  EXPECT_EQ(json_codes.size(), 9u);
  EXPECT_TRUE(json_codes.contains("eloise.dupont-martin"));
  EXPECT_TRUE(json_codes.contains("francois.boeuf"));
  EXPECT_TRUE(json_codes.contains("jean-pierre.martin"));
  json eloise = StudentNamed("DUPONT--MARTIN");
  EXPECT_EQ(eloise["account"]["username"], "eloise.dupont-martin");
  EXPECT_EQ(eloise["account"]["activated"], false);

  HttpResponse csv = Send("POST", "/api/v1/students/accounts?format=csv", selection);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv.Header("cache-control"), "no-store");
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  std::vector<std::string> lines;
  for (size_t at = 3, end; (end = csv.body.find("\r\n", at)) != std::string::npos; at = end + 2) {
    lines.push_back(csv.body.substr(at, end - at));
  }
  ASSERT_EQ(lines.size(), 10u) << csv.body;
  EXPECT_EQ(lines[0],
            R"("Nom";"Prénom";"Classe";"Groupe";"Identifiant";"Code";"Valable jusqu'au")");
  std::map<std::string, std::string> csv_codes;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells;
    std::string rest = lines[i];
    for (size_t semi; (semi = rest.find(';')) != std::string::npos; rest.erase(0, semi + 1)) {
      cells.push_back(rest.substr(1, semi - 2));
    }
    cells.push_back(rest.substr(1, rest.size() - 2));
    ASSERT_EQ(cells.size(), 7u) << lines[i];
    EXPECT_TRUE(std::regex_match(cells[5], kCodePattern)) << lines[i];
    EXPECT_NE(cells[5], json_codes[cells[4]]) << "a new code for " << cells[4];
    csv_codes[cells[4]] = cells[5];
  }
  EXPECT_EQ(csv_codes.size(), 9u);
  EXPECT_EQ(csv_codes.count("eloise.dupont-martin"), 1u);
  EXPECT_NE(
      csv.body.find(R"("DUPONT--MARTIN";"Éloïse";"4A";"4A G2, LATIN";"eloise.dupont-martin")"),
      std::string::npos);

  HttpResponse pdf = Send("POST", "/api/v1/students/accounts?format=pdf", selection);
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  ASSERT_EQ(pdf.body.rfind("%PDF", 0), 0u);
  std::string text = pdf::testing::PdfText(pdf.body);
  for (const json& s : AllStudents()) {
    std::string name = s["first_name"].get<std::string>() + " " + s["last_name"].get<std::string>();
    EXPECT_NE(text.find(name), std::string::npos) << name << "\n" << text;
    EXPECT_NE(text.find(s["account"]["username"].get<std::string>()), std::string::npos);
  }
  std::vector<std::string> pdf_codes = CodesIn(text);
  EXPECT_EQ(std::set<std::string>(pdf_codes.begin(), pdf_codes.end()).size(), 9u) << text;

  // Each issue replaced the previous codes: the JSON and CSV ones no longer work.
  EXPECT_EQ(Activate(json_codes["eloise.dupont-martin"], kStudentPassword).status, 422);
  EXPECT_EQ(Activate(csv_codes["eloise.dupont-martin"], kStudentPassword).status, 422);
  ASSERT_FALSE(pdf_codes.empty());
  HttpResponse printed = Activate(pdf_codes.front(), kStudentPassword);
  ASSERT_EQ(printed.status, 200) << printed.body;
  std::string username = printed.Json()["username"];
  EXPECT_TRUE(csv_codes.contains(username)) << username;
  EXPECT_EQ(Login(port(), username, kStudentPassword).status, 200);
}

TEST_F(StudentAccountsTest, ActivatedStudentIsSkippedThenGetsAPasswordResetCode) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  HttpResponse first = Send("POST", "/api/v1/students/accounts", {{"class_name", "4A"}});
  ASSERT_EQ(first.status, 200) << first.body;
  std::map<std::string, std::string> codes;
  json first_slips = first.Json()["slips"];
  for (const json& slip : first_slips) codes[slip["username"]] = slip["code"];
  ASSERT_TRUE(codes.contains("eloise.dupont-martin"));
  ASSERT_TRUE(codes.contains("fatou.n-diaye")) << first.body;

  HttpResponse activated = Activate(codes["eloise.dupont-martin"], kStudentPassword);
  ASSERT_EQ(activated.status, 200) << activated.body;
  EXPECT_EQ(activated.Json()["username"], "eloise.dupont-martin");
  Session eloise = Login(port(), "eloise.dupont-martin", kStudentPassword);
  ASSERT_EQ(eloise.status, 200) << eloise.body;
  HttpResponse me = Call(port(), eloise, "GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["user"]["role"], "student");
  EXPECT_EQ(me.Json()["user"]["username"], "eloise.dupont-martin");
  EXPECT_EQ(StudentNamed("DUPONT--MARTIN")["account"]["activated"], true);

  HttpResponse again = Send("POST", "/api/v1/students/accounts", {{"class_name", "4A"}});
  ASSERT_EQ(again.status, 200) << again.body;
  ASSERT_EQ(again.Json()["skipped"].size(), 1u);
  EXPECT_EQ(again.Json()["skipped"][0]["student"]["last_name"], "DUPONT--MARTIN");
  EXPECT_FALSE(again.Json()["skipped"][0]["reason"].get<std::string>().empty());
  ASSERT_EQ(again.Json()["slips"].size(), 8u);
  std::string fatou_new;
  json again_slips = again.Json()["slips"];
  for (const json& slip : again_slips) {
    EXPECT_EQ(slip["account_created"], false);
    EXPECT_EQ(slip["purpose"], "activation");
    EXPECT_NE(slip["code"], codes[slip["username"]]);
    if (slip["username"] == "fatou.n-diaye") fatou_new = slip["code"];
  }
  EXPECT_EQ(Activate(codes["fatou.n-diaye"], kStudentPassword).status, 422);  // replaced
  EXPECT_EQ(Activate(fatou_new, kStudentPassword).status, 200);
  // Re-issuing for the class left Éloïse's account alone: her password still works.
  EXPECT_EQ(Login(port(), "eloise.dupont-martin", kStudentPassword).status, 200);

  json student = StudentNamed("DUPONT--MARTIN");
  HttpResponse reset = Call(port(), admin_, "POST", StudentUrl(student) + "/account-code");
  ASSERT_EQ(reset.status, 200) << reset.body;
  ASSERT_EQ(reset.Json()["slips"].size(), 1u);
  json slip = reset.Json()["slips"][0];
  EXPECT_EQ(slip["purpose"], "password_reset");
  EXPECT_EQ(slip["username"], "eloise.dupont-martin");
  EXPECT_EQ(slip["account_created"], false);
  ASSERT_EQ(Activate(slip["code"], "montagne-verte-lac").status, 200);
  EXPECT_EQ(Login(port(), "eloise.dupont-martin", "montagne-verte-lac").status, 200);
  EXPECT_EQ(Login(port(), "eloise.dupont-martin", kStudentPassword).status, 401);
}

TEST_F(StudentAccountsTest, SelectionMustNameExistingStudentsOneWay) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  int64_t id = StudentNamed("MARTIN")["id"];
  struct Case {
    json body;
    int status;
  };
  std::vector<Case> cases = {
      {json::object(), 422},
      {json{{"class_name", "4A"}, {"all", true}}, 422},
      {json{{"class_name", "4A"}, {"student_ids", json::array({id})}}, 422},
      {json{{"student_ids", json::array()}}, 422},
      {json{{"student_ids", json::array({"1"})}}, 422},
      {json{{"group_name", "4A G1"}}, 422},
      {json{{"class_name", "4A"}, {"colour", "red"}}, 422},
      {json{{"class_name", "6Z"}}, 422},
      {json{{"student_ids", json::array({id, 999999})}}, 404},
  };
  for (const Case& c : cases) {
    HttpResponse r = Send("POST", "/api/v1/students/accounts", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " " << r.body;
    ErrorMessage(r);
  }
  EXPECT_EQ(Call(port(), admin_, "POST", "/api/v1/students/999999/account-code").status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/students/accounts?format=xlsx", {{"class_name", "4A"}}).status,
            422);
  for (const json& s : AllStudents()) EXPECT_EQ(s["account"], nullptr) << s;

  HttpResponse group =
      Send("POST", "/api/v1/students/accounts", {{"class_name", "4A"}, {"group_name", "LATIN"}});
  ASSERT_EQ(group.status, 200) << group.body;
  ASSERT_EQ(group.Json()["slips"].size(), 1u);
  EXPECT_EQ(group.Json()["slips"][0]["username"], "eloise.dupont-martin");

  // An archived student gets no code, alone or in a list.
  ASSERT_EQ(Send("PATCH", StudentUrl(StudentNamed("MARTIN")), {{"archived", true}}).status, 200);
  HttpResponse archived_code =
      Call(port(), admin_, "POST", StudentUrl(StudentNamed("MARTIN")) + "/account-code");
  EXPECT_EQ(archived_code.Json()["error"]["code"], "failed_precondition") << archived_code.body;
  ErrorMessage(archived_code);
  HttpResponse archived_list =
      Send("POST", "/api/v1/students/accounts", {{"student_ids", json::array({id})}});
  ASSERT_EQ(archived_list.status, 200) << archived_list.body;
  EXPECT_TRUE(archived_list.Json()["slips"].empty());
  ASSERT_EQ(archived_list.Json()["skipped"].size(), 1u);
  EXPECT_EQ(StudentNamed("MARTIN")["account"], nullptr);
}

TEST_F(StudentAccountsTest, TeachersAndStudentsCannotReachTheRoster) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  json martin = StudentNamed("MARTIN");
  HttpResponse issued = Call(port(), admin_, "POST", StudentUrl(martin) + "/account-code");
  ASSERT_EQ(issued.status, 200) << issued.body;
  ASSERT_EQ(Activate(issued.Json()["slips"][0]["code"], kStudentPassword).status, 200);
  Session student = Login(port(), issued.Json()["slips"][0]["username"], kStudentPassword);
  ASSERT_EQ(student.status, 200);
  Session teacher = Login(port(), "prof", kPassword);
  ASSERT_EQ(teacher.status, 200);

  for (const Session* s : {&teacher, &student}) {
    SCOPED_TRACE(s == &teacher ? "teacher" : "student");
    HttpResponse accounts =
        Call(port(), *s, "POST", "/api/v1/students/accounts", R"({"class_name":"4A"})");
    EXPECT_EQ(accounts.status, 403) << accounts.body;
    EXPECT_EQ(Call(port(), *s, "POST", StudentUrl(martin) + "/account-code").status, 403);
    EXPECT_EQ(Call(port(), *s, "GET", "/api/v1/students").status, 403);
    EXPECT_EQ(Call(port(), *s, "GET", StudentUrl(martin)).status, 403);
    EXPECT_EQ(Call(port(), *s, "DELETE", StudentUrl(martin)).status, 403);
    EXPECT_EQ(Call(port(), *s, "POST", "/api/v1/students/import/commit", R"({"token":"x"})").status,
              403);
  }
  EXPECT_EQ(Get(StudentUrl(martin)).status, 200);
  EXPECT_EQ(StudentCount(), 9);
}

// ---------------------------------------------------------------------------------------------
// Audit

TEST_F(StudentsAuditTest, ImportAndIssuanceAreAuditedButCodesNeverAre) {
  ASSERT_EQ(Import(PronoteExport())["created"], 9);
  HttpResponse committed = Get("/api/v1/audit-log?action=students.import.committed");
  ASSERT_EQ(committed.status, 200) << committed.body;
  ASSERT_EQ(committed.Json()["total"], 1);
  json entry = committed.Json()["items"][0];
  EXPECT_EQ(entry["details"]["file_name"], "pronote_eleves.csv");
  EXPECT_EQ(entry["details"]["counts"]["created"], 9);
  EXPECT_EQ(entry["details"]["counts"]["updated"], 0);
  EXPECT_EQ(entry["actor_role"], "admin");

  std::vector<std::string> codes;
  HttpResponse batch = Send("POST", "/api/v1/students/accounts", {{"class_name", "4A"}});
  ASSERT_EQ(batch.status, 200) << batch.body;
  json batch_slips = batch.Json()["slips"];
  for (const json& slip : batch_slips) codes.push_back(slip["code"]);
  HttpResponse csv = Send("POST", "/api/v1/students/accounts?format=csv", {{"class_name", "4A"}});
  ASSERT_EQ(csv.status, 200);
  for (const std::string& code : CodesIn(csv.body)) codes.push_back(code);
  HttpResponse one =
      Call(port(), admin_, "POST", StudentUrl(StudentNamed("MARTIN")) + "/account-code");
  ASSERT_EQ(one.status, 200);
  codes.push_back(one.Json()["slips"][0]["code"]);
  ASSERT_EQ(codes.size(), 19u);

  HttpResponse issued = Get("/api/v1/audit-log?action=student.*&page_size=500");
  ASSERT_EQ(issued.status, 200) << issued.body;
  std::vector<json> batches;
  json entries = issued.Json()["items"];
  for (const json& e : entries) {
    if (e["action"] == "student.accounts.issued") batches.push_back(e);
  }
  ASSERT_EQ(batches.size(), 2u) << issued.body;
  // Newest first: the CSV batch re-issued the codes of the accounts the JSON batch created.
  EXPECT_EQ(batches[1]["details"]["accounts_created"], 9);
  EXPECT_EQ(batches[0]["details"]["accounts_created"], 0);
  EXPECT_EQ(batches[0]["details"]["codes_reissued"], 9);

  HttpResponse everything = Get("/api/v1/audit-log?page_size=500");
  ASSERT_EQ(everything.status, 200);
  HttpResponse exported = Get("/api/v1/audit-log/export.csv");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find("student.accounts.issued"), std::string::npos);
  for (const std::string& code : codes) {
    std::string bare = code;
    std::erase(bare, '-');
    for (const HttpResponse* r : {&everything, &exported}) {
      EXPECT_EQ(r->body.find(code), std::string::npos) << code;
      EXPECT_EQ(r->body.find(bare), std::string::npos) << bare;
    }
  }
}

}  // namespace
}  // namespace korrigo::itest
