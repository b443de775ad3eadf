// The route × role matrix: every registered route, called by an anonymous client, a student, a
// teacher and an admin, must answer as its declared access says. A route missing from kMatrix, or
// an entry with no route, fails. When a domain adds routes, it adds their rows here.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "support/accounts.h"

namespace korrigo::itest {
namespace {

// Who may call each route: "public", "authenticated" (any role), or a role list such as "admin".
const std::map<std::pair<std::string, std::string>, std::string> kMatrix = {
    {{"GET", "/api/v1/health/live"}, "public"},
    {{"GET", "/api/v1/health/ready"}, "public"},
    {{"GET", "/metrics"}, "public"},
    {{"GET", "/api/v1/openapi.yaml"}, "public"},
    {{"POST", "/api/v1/auth/login"}, "public"},
    {{"POST", "/api/v1/auth/activate"}, "public"},
    {{"POST", "/api/v1/auth/logout"}, "authenticated"},
    {{"GET", "/api/v1/auth/me"}, "authenticated"},
    {{"POST", "/api/v1/auth/password"}, "authenticated"},
    {{"GET", "/api/v1/users"}, "admin"},
    {{"POST", "/api/v1/users"}, "admin"},
    {{"GET", "/api/v1/users/{user_id:int}"}, "admin"},
    {{"PATCH", "/api/v1/users/{user_id:int}"}, "admin"},
    {{"DELETE", "/api/v1/users/{user_id:int}"}, "admin"},
    {{"POST", "/api/v1/users/{user_id:int}/password-reset"}, "admin"},
    {{"GET", "/api/v1/audit-log"}, "admin"},
    {{"GET", "/api/v1/audit-log/export.csv"}, "admin"},
    {{"GET", "/api/v1/students"}, "admin"},
    {{"POST", "/api/v1/students"}, "admin"},
    {{"GET", "/api/v1/students/classes"}, "admin"},
    {{"GET", "/api/v1/students/{student_id:int}"}, "admin"},
    {{"PATCH", "/api/v1/students/{student_id:int}"}, "admin"},
    {{"DELETE", "/api/v1/students/{student_id:int}"}, "admin"},
    {{"POST", "/api/v1/students/import/preview"}, "admin"},
    {{"POST", "/api/v1/students/import/commit"}, "admin"},
    {{"POST", "/api/v1/students/accounts"}, "admin"},
    {{"POST", "/api/v1/students/{student_id:int}/account-code"}, "admin"},
    {{"GET", "/api/v1/exams"}, "admin,teacher"},
    {{"POST", "/api/v1/exams"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}"}, "admin,teacher"},
    {{"PATCH", "/api/v1/exams/{exam_id:int}"}, "admin"},
    {{"DELETE", "/api/v1/exams/{exam_id:int}"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/correctors"}, "admin,teacher"},
    {{"PUT", "/api/v1/exams/{exam_id:int}/correctors"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/scheme"}, "admin,teacher"},
    {{"PUT", "/api/v1/exams/{exam_id:int}/scheme"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/scheme/versions/{version:int}"}, "admin,teacher"},
    {{"GET", "/api/v1/exams/{exam_id:int}/scheme/export"}, "admin,teacher"},
    {{"POST", "/api/v1/exams/{exam_id:int}/scheme/import"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/scheme/copy"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/scans"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/scans"}, "admin"},
    {{"GET", "/api/v1/scans/{scan_id:int}"}, "admin"},
    {{"DELETE", "/api/v1/scans/{scan_id:int}"}, "admin"},
    {{"GET", "/api/v1/pages/{page_id:int}/image"}, "authenticated"},
    {{"POST", "/api/v1/pages/{page_id:int}/rotate"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/copies"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/copies/validate"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/identification"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/pool"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/identity-zone"}, "admin"},
    {{"PUT", "/api/v1/exams/{exam_id:int}/identity-zone"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/pages/move"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/repairs"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/repairs/{repair_id:int}/undo"}, "admin"},
    {{"GET", "/api/v1/copies/{copy_id:int}"}, "admin"},
    {{"POST", "/api/v1/copies/{copy_id:int}/validate"}, "admin"},
    {{"PUT", "/api/v1/copies/{copy_id:int}/student"}, "admin"},
    {{"DELETE", "/api/v1/copies/{copy_id:int}/student"}, "admin"},
    {{"POST", "/api/v1/copies/{copy_id:int}/merge"}, "admin"},
    {{"POST", "/api/v1/copies/{copy_id:int}/split"}, "admin"},
    {{"PUT", "/api/v1/copies/{copy_id:int}/pages"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/dispatch"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/dispatch"}, "admin"},
    {{"POST", "/api/v1/exams/{exam_id:int}/dispatch/reassign"}, "admin"},
    {{"GET", "/api/v1/exams/{exam_id:int}/assigned-copies"}, "admin,teacher"},
    {{"PUT", "/api/v1/copies/{copy_id:int}/corrector"}, "admin"},
    {{"GET", "/api/v1/copies/{copy_id:int}/grading"}, "admin,teacher"},
    {{"POST", "/api/v1/copies/{copy_id:int}/grading/ops"}, "admin,teacher"},
    {{"GET", "/api/v1/copies/{copy_id:int}/grading/history"}, "admin"},
    {{"POST", "/api/v1/copies/{copy_id:int}/finalize"}, "admin,teacher"},
    {{"GET", "/api/v1/copies/{copy_id:int}/finalize"}, "admin,teacher"},
    {{"POST", "/api/v1/copies/{copy_id:int}/finalize/retry"}, "admin,teacher"},
    {{"POST", "/api/v1/copies/{copy_id:int}/reopen"}, "admin"},
    {{"GET", "/api/v1/copies/{copy_id:int}/final-pdf"}, "admin,teacher"},
    {{"GET", "/api/v1/exams/{exam_id:int}/stats"}, "admin,teacher"},
    {{"GET", "/api/v1/exams/{exam_id:int}/comments"}, "admin,teacher"},
    {{"POST", "/api/v1/exams/{exam_id:int}/comments"}, "admin,teacher"},
    {{"PATCH", "/api/v1/comments/{comment_id:int}"}, "admin,teacher"},
    {{"DELETE", "/api/v1/comments/{comment_id:int}"}, "admin,teacher"},
    {{"GET", "/api/v1/comments/{comment_id:int}/uses"}, "admin,teacher"},
};

const char* kPassword = "matrix-password-42";

// A concrete target for a template: ids that exist nowhere, so no call changes anything it should
// not.
std::string Concrete(const std::string& pattern) {
  std::string out = std::regex_replace(pattern, std::regex(R"(\{[a-z_]+:int\})"), "999999");
  return std::regex_replace(out, std::regex(R"(\{[a-z_]+\})"), "zzz");
}

TEST(RouteMatrixTest, EveryRouteAnswersEachRoleAsDeclared) {
  TestServer server;
  auto app = OpenApplication(server);
  ASSERT_NE(app, nullptr);
  SeedUser(*app, "m.admin", "admin", kPassword);
  SeedUser(*app, "m.teacher", "teacher", kPassword);
  SeedUser(*app, "m.student", "student", kPassword);
  ASSERT_TRUE(server.Start());

  http::Router router = app->BuildRouter(nullptr);
  std::map<std::string, Session> sessions;
  std::set<std::pair<std::string, std::string>> registered;
  for (const http::Route& route : router.routes()) {
    registered.insert({route.method, route.pattern});
    auto row = kMatrix.find({route.method, route.pattern});
    if (row == kMatrix.end()) {
      ADD_FAILURE() << route.method << " " << route.pattern
                    << " has no row in the route × role matrix";
      continue;
    }
    // The matrix and the route's own declaration must agree.
    std::string declared = route.policy.Describe();
    std::string expected = row->second == "public" || row->second == "authenticated"
                               ? row->second
                               : "roles:" + row->second;
    EXPECT_EQ(declared, expected) << route.method << " " << route.pattern;

    for (std::string role : {"anonymous", "student", "teacher", "admin"}) {
      Session& session = sessions[role];
      if (role != "anonymous" && session.cookie.empty()) {
        session = Login(server.port(), "m." + role, kPassword);
        ASSERT_EQ(session.status, 200) << role;
      }
      std::string body = route.method == "GET" || route.method == "DELETE" ? "" : "{}";
      HttpResponse r = Call(server.port(), session, route.method, Concrete(route.pattern), body);
      std::string where = route.method + " " + route.pattern + " as " + role + " -> " +
                          std::to_string(r.status) + " " + r.body.substr(0, 200);
      // Logging out or changing the password ends the session: log in again for the next route.
      if (route.pattern == "/api/v1/auth/logout" || route.pattern == "/api/v1/auth/password")
        session = {};
      bool allowed = row->second == "public" ||
                     (row->second == "authenticated" && role != "anonymous") ||
                     ("," + row->second + ",").find("," + role + ",") != std::string::npos;
      if (allowed) {
        EXPECT_NE(r.status, 401) << where;
        EXPECT_NE(r.status, 403) << where;
        EXPECT_LT(r.status, 500) << where;
      } else if (role == "anonymous") {
        EXPECT_EQ(r.status, 401) << where;
      } else {
        EXPECT_EQ(r.status, 403) << where;
      }
    }
  }
  for (const auto& [key, access] : kMatrix) {
    EXPECT_TRUE(registered.contains(key))
        << key.first << " " << key.second << " is in the matrix but not registered";
  }
}

}  // namespace
}  // namespace korrigo::itest
