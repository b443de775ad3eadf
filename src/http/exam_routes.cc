// Handlers of /api/v1/exams: decode, call one service function, encode. Teachers read the exams
// they correct; everything else is for admins.
#include "http/exam_routes.h"

#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

nlohmann::json CorrectorsJson(const std::vector<exams::Corrector>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list) {
    out.push_back({{"user_id", c.user_id},
                   {"username", c.username},
                   {"display_name", c.display_name},
                   {"active", c.active}});
  }
  return out;
}

Response List(exams::ExamService* exams, Request& r) {
  auto page = PaginationFrom(r);
  if (!page) return Response::FromError(page.error());
  exams::ExamFilter filter;
  filter.search = r.Query("search").value_or("");
  if (filter.search.size() > 200) {
    return Response::FromError(
        core::Error::InvalidArgument("Recherche trop longue.", {{"field", "search"}}));
  }
  auto archived = ArchivedQuery(r);
  if (!archived) return Response::FromError(archived.error());
  filter.archived = *archived;
  auto result = exams->List(filter, page->page, page->page_size, ViewerOf(r));
  if (!result) return Response::FromError(result.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : result->exams) {
    nlohmann::json item = e.ToJson();
    item["progress"] = exams::ProgressJson(result->progress[e.id]);
    items.push_back(std::move(item));
  }
  return Response::Json(200, PageJson(std::move(items), result->total, *page));
}

Response Get(exams::ExamService* exams, Request& r) {
  auto exam = exams->Get(r.IntParam("exam_id"), ViewerOf(r));
  if (!exam) return Response::FromError(exam.error());
  return Response::Json(200, exam->ToJson());
}

Response Create(exams::ExamService* exams, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto fields = exams::ParseExamFields(*body, /*creating=*/true);
  if (!fields) return Response::FromError(fields.error());
  auto exam = exams->Create(*fields, r.principal->user_id, AuditContextFrom(r));
  if (!exam) return Response::FromError(exam.error());
  return Response::Json(201, exam->ToJson());
}

Response Update(exams::ExamService* exams, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto fields = exams::ParseExamFields(*body, /*creating=*/false);
  if (!fields) return Response::FromError(fields.error());
  auto exam = exams->Update(r.IntParam("exam_id"), *fields, AuditContextFrom(r));
  if (!exam) return Response::FromError(exam.error());
  return Response::Json(200, exam->ToJson());
}

Response Delete(exams::ExamService* exams, Request& r) {
  core::Status s = exams->Delete(r.IntParam("exam_id"), AuditContextFrom(r));
  if (!s) return Response::FromError(s.error());
  return Response::NoContent();
}

Response GetCorrectors(exams::ExamService* exams, Request& r) {
  auto list = exams->Correctors(r.IntParam("exam_id"), ViewerOf(r));
  if (!list) return Response::FromError(list.error());
  return Response::Json(200, {{"items", CorrectorsJson(*list)}});
}

Response SetCorrectors(exams::ExamService* exams, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto fields = exams::ParseExamFields(*body, /*creating=*/false);
  if (!fields) return Response::FromError(fields.error());
  if (!fields->corrector_ids || body->size() != 1) {
    return Response::FromError(core::Error::InvalidArgument(
        "Corps attendu : {\"corrector_ids\": [...]}.", {{"field", "corrector_ids"}}));
  }
  auto list =
      exams->SetCorrectors(r.IntParam("exam_id"), *fields->corrector_ids, AuditContextFrom(r));
  if (!list) return Response::FromError(list.error());
  return Response::Json(200, {{"items", CorrectorsJson(*list)}});
}

}  // namespace

std::vector<Route> ExamRoutes(exams::ExamService* exams, exams::SchemeService* schemes) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  const Policy staff = Policy::Roles({auth::kRoleAdmin, auth::kRoleTeacher});
  const std::string exam = "/api/v1/exams/{exam_id:int}";
  std::vector<Route> routes = {
      {.method = "GET",
       .pattern = "/api/v1/exams",
       .policy = staff,
       .handler = [exams](Request& r) { return List(exams, r); }},
      {.method = "POST",
       .pattern = "/api/v1/exams",
       .policy = admin,
       .handler = [exams](Request& r) { return Create(exams, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = exam,
       .policy = staff,
       .handler = [exams](Request& r) { return Get(exams, r); }},
      {.method = "PATCH",
       .pattern = exam,
       .policy = admin,
       .handler = [exams](Request& r) { return Update(exams, r); },
       .body = BodyKind::kBuffered},
      {.method = "DELETE",
       .pattern = exam,
       .policy = admin,
       .handler = [exams](Request& r) { return Delete(exams, r); }},
      {.method = "GET",
       .pattern = exam + "/correctors",
       .policy = staff,
       .handler = [exams](Request& r) { return GetCorrectors(exams, r); }},
      {.method = "PUT",
       .pattern = exam + "/correctors",
       .policy = admin,
       .handler = [exams](Request& r) { return SetCorrectors(exams, r); },
       .body = BodyKind::kBuffered},
  };
  for (Route& route : SchemeRoutes(schemes)) routes.push_back(std::move(route));
  return routes;
}

}  // namespace korrigo::http
