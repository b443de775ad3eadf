// Keeps docs/openapi.yaml true: every registered route (method + path template) must be documented
// there, and everything documented there must be a registered route. The routes are the ones
// `korrigo serve` registers (Application::BuildRouter), so a new route table is covered without
// touching this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>

#include "app/application.h"
#include "core/config.h"
#include "http/route.h"
#include "testing/test_database.h"

namespace korrigo::itest {
namespace {

const std::set<std::string> kHttpMethods = {"get",     "put",  "post",  "delete",
                                            "options", "head", "patch", "trace"};

// "/api/v1/exams/{exam_id:int}/copies" -> "/api/v1/exams/{exam_id}/copies": OpenAPI has no typed
// templates.
std::string DocumentedForm(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex(R"(\{([A-Za-z0-9_]+):[A-Za-z0-9_]+\})"), "{$1}");
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

// "METHOD /path" for each operation under the top-level `paths:` key of an OpenAPI document. A
// small reader for block-style YAML: a path is a key indented one level under `paths:`, a method a
// key one level deeper.
std::set<std::string> DocumentedOperations(std::istream& yaml) {
  std::set<std::string> out;
  std::string line;
  bool in_paths = false;
  int path_indent = -1;  // indentation of path keys, learnt from the first one
  int method_indent =
      -1;  // indentation of the current path's children, learnt from its first child
  std::string current_path;
  while (std::getline(yaml, line)) {
    size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    int indent = static_cast<int>(first);
    std::string text = line.substr(first);
    if (indent == 0) {
      in_paths = text.rfind("paths:", 0) == 0;
      path_indent = -1;
      current_path.clear();
      continue;
    }
    if (!in_paths) continue;
    size_t colon = text.find(':');
    if (colon == std::string::npos) continue;
    std::string key = Unquote(text.substr(0, colon));
    if (path_indent < 0) path_indent = indent;
    if (indent == path_indent) {
      current_path = key;
      method_indent = -1;
      continue;
    }
    if (indent < path_indent || current_path.empty()) continue;
    if (method_indent < 0) method_indent = indent;
    if (indent == method_indent && kHttpMethods.contains(key))
      out.insert(Upper(key) + " " + current_path);
  }
  return out;
}

std::set<std::string> RegisteredOperations() {
  korrigo::testing::TempDir dir;
  korrigo::testing::TestDatabase db;
  auto config = core::ConfigFromValues(
      {{"KORRIGO_DATA_DIR", dir.path()}, {"KORRIGO_DATABASE_URL", db.url()}});
  EXPECT_TRUE(config.ok());
  auto application = app::Application::Open(*config);
  EXPECT_TRUE(application.ok());
  std::set<std::string> out;
  if (!application.ok()) return out;
  http::Router router = (*application)->BuildRouter(nullptr);
  for (const http::Route& route : router.routes())
    out.insert(route.method + " " + DocumentedForm(route.pattern));
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += "\n  " + s;
  return out;
}

TEST(OpenApiCoverageTest, ReaderFindsOperationsOnly) {
  std::istringstream yaml(
      "openapi: 3.1.0\n"
      "components:\n"
      "  schemas:\n"
      "    get:\n"
      "      type: object\n"
      "paths:\n"
      "  /a:\n"
      "    get:\n"
      "      summary: x\n"
      "    post:\n"
      "      responses: {}\n"
      "  '/b/{id}':\n"
      "    parameters: []\n"
      "    delete:\n"
      "      summary: y\n"
      "tags:\n"
      "  - name: get\n");
  EXPECT_EQ(DocumentedOperations(yaml),
            (std::set<std::string>{"GET /a", "POST /a", "DELETE /b/{id}"}));
  EXPECT_EQ(DocumentedForm("/api/v1/exams/{exam_id:int}/copies/{copy_id:int}"),
            "/api/v1/exams/{exam_id}/copies/{copy_id}");
}

TEST(OpenApiCoverageTest, RegisteredRoutesEqualDocumentedOperations) {
  std::ifstream file(KORRIGO_OPENAPI_PATH);
  ASSERT_TRUE(file) << "cannot read " << KORRIGO_OPENAPI_PATH;
  std::set<std::string> documented = DocumentedOperations(file);
  std::set<std::string> registered = RegisteredOperations();
  ASSERT_FALSE(registered.empty());

  std::vector<std::string> undocumented;
  std::set_difference(registered.begin(), registered.end(), documented.begin(), documented.end(),
                      std::back_inserter(undocumented));
  std::vector<std::string> phantom;
  std::set_difference(documented.begin(), documented.end(), registered.begin(), registered.end(),
                      std::back_inserter(phantom));
  EXPECT_TRUE(undocumented.empty())
      << "registered routes missing from docs/openapi.yaml:" << Join(undocumented);
  EXPECT_TRUE(phantom.empty()) << "docs/openapi.yaml documents routes that do not exist:"
                               << Join(phantom);
}

}  // namespace
}  // namespace korrigo::itest
