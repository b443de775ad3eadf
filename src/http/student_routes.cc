// Handlers of /api/v1/students (admin only): decode, call one service function, encode. Account
// codes leave the server only in the response that created them (JSON, CSV or printable PDF slips).
#include "http/student_routes.h"

#include "core/calendar_date.h"
#include "core/clock.h"
#include "core/json_fields.h"
#include "http/request_parsing.h"
#include "students/account_slip_documents.h"

namespace korrigo::http {
namespace {

using students::StudentService;

Response List(StudentService* students, Request& r) {
  auto page = PaginationFrom(r, 500);
  if (!page) return Response::FromError(page.error());
  students::StudentFilter filter;
  filter.search = r.Query("search").value_or("");
  filter.class_name = r.Query("class_name").value_or("");
  if (auto group = r.Query("group_name"); group && !group->empty()) filter.group_name = *group;
  if (filter.search.size() > 200 || filter.class_name.size() > 100) {
    return Response::FromError(core::Error::InvalidArgument("Critère de recherche trop long."));
  }
  auto archived = ArchivedQuery(r);
  if (!archived) return Response::FromError(archived.error());
  filter.archived = *archived;
  auto result = students->List(filter, page->page, page->page_size);
  if (!result) return Response::FromError(result.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : result->students) items.push_back(s.ToJson());
  return Response::Json(200, PageJson(std::move(items), result->total, *page));
}

Response Classes(StudentService* students, Request&) {
  auto classes = students->Classes();
  if (!classes) return Response::FromError(classes.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : *classes) {
    items.push_back(
        {{"class_name", c.class_name}, {"group_name", c.group_name}, {"students", c.students}});
  }
  return Response::Json(200, {{"items", items}});
}

int CurrentYear() { return core::DateOfEpochMs(core::SystemClock::Instance().NowMs()).year; }

Response Create(StudentService* students, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto fields = students::ParseStudentFields(*body, /*creating=*/true, CurrentYear());
  if (!fields) return Response::FromError(fields.error());
  auto student = students->Create(*fields, AuditContextFrom(r));
  if (!student) return Response::FromError(student.error());
  return Response::Json(201, student->ToJson());
}

Response Get(StudentService* students, Request& r) {
  auto student = students->Get(r.IntParam("student_id"));
  if (!student) return Response::FromError(student.error());
  return Response::Json(200, student->ToJson());
}

Response Update(StudentService* students, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto fields = students::ParseStudentFields(*body, /*creating=*/false, CurrentYear());
  if (!fields) return Response::FromError(fields.error());
  auto student = students->Update(r.IntParam("student_id"), *fields, AuditContextFrom(r));
  if (!student) return Response::FromError(student.error());
  return Response::Json(200, student->ToJson());
}

Response Delete(StudentService* students, Request& r) {
  core::Status s = students->Delete(r.IntParam("student_id"), AuditContextFrom(r));
  if (!s) return Response::FromError(s.error());
  return Response::NoContent();
}

Response ImportPreview(students::RosterImportService* imports, Request& r) {
  if (!r.form || r.form->files.size() != 1) {
    return Response::FromError(core::Error::InvalidArgument(
        "Envoyez un seul fichier CSV (champ « file »).", {{"field", "file"}}));
  }
  const UploadedFile& file = r.form->files.front();
  auto preview = imports->Preview(file.path, file.filename, file.sha256_hex, r.principal->user_id,
                                  AuditContextFrom(r));
  if (!preview) return Response::FromError(preview.error());
  return Response::Json(200, *preview);
}

Response ImportCommit(students::RosterImportService* imports, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  if (core::Status s = core::RejectUnknownFields(*body, {"token"}); !s)
    return Response::FromError(s.error());
  auto token = core::StringField(*body, "token");
  if (!token) return Response::FromError(token.error());
  auto result = imports->Commit(*token, AuditContextFrom(r));
  if (!result) return Response::FromError(result.error());
  return Response::Json(200, *result);
}

// ?format=json (default) | csv | pdf
core::Result<std::string> FormatOf(const Request& r) {
  std::string format = r.Query("format").value_or("json");
  if (format != "json" && format != "csv" && format != "pdf") {
    return core::Error::InvalidArgument("« format » : json, csv ou pdf.", {{"field", "format"}});
  }
  return format;
}

Response SlipsResponse(const std::string& format, const students::AccountBatch& batch,
                       const std::string& site_url, const std::string& file_stem) {
  if (format == "csv") {
    Response resp =
        Response::Text(200, students::AccountSlipsCsv(batch.slips), "text/csv; charset=utf-8");
    resp.headers["Content-Disposition"] = "attachment; filename=\"" + file_stem + ".csv\"";
    resp.headers["Cache-Control"] = "no-store";
    return resp;
  }
  if (format == "pdf") {
    auto pdf = students::AccountSlipsPdf(batch.slips, site_url);
    if (!pdf) return Response::FromError(pdf.error());
    Response resp = Response::Text(200, std::move(*pdf), "application/pdf");
    resp.headers["Content-Disposition"] = "attachment; filename=\"" + file_stem + ".pdf\"";
    resp.headers["Cache-Control"] = "no-store";
    return resp;
  }
  return Response::Json(200, students::AccountBatchJson(batch));
}

Response IssueAccounts(const StudentRouteDeps& d, Request& r) {
  auto format = FormatOf(r);
  if (!format) return Response::FromError(format.error());
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto selection = students::ParseAccountSelection(*body);
  if (!selection) return Response::FromError(selection.error());
  auto batch = d.accounts->Issue(*selection, AuditContextFrom(r));
  if (!batch) return Response::FromError(batch.error());
  return SlipsResponse(*format, *batch, d.site_url, "comptes-eleves");
}

Response ReissueCode(const StudentRouteDeps& d, Request& r) {
  auto format = FormatOf(r);
  if (!format) return Response::FromError(format.error());
  bool from_email = r.Query("username_from").value_or("name") == "email";
  auto slip = d.accounts->Reissue(r.IntParam("student_id"), from_email, AuditContextFrom(r));
  if (!slip) return Response::FromError(slip.error());
  students::AccountBatch batch;
  batch.slips.push_back(std::move(*slip));
  return SlipsResponse(*format, batch, d.site_url, "code-eleve");
}

}  // namespace

std::vector<Route> StudentRoutes(const StudentRouteDeps& deps) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  StudentService* students = deps.students;
  students::RosterImportService* imports = deps.imports;
  const std::string one = "/api/v1/students/{student_id:int}";
  const auth::RateLimit import_limit{
      .bucket = "students.import", .max_hits = 30, .window_ms = 10 * 60 * 1000};
  const auth::RateLimit accounts_limit{
      .bucket = "students.accounts", .max_hits = 60, .window_ms = 10 * 60 * 1000};
  return {
      {.method = "GET",
       .pattern = "/api/v1/students",
       .policy = admin,
       .handler = [students](Request& r) { return List(students, r); }},
      {.method = "POST",
       .pattern = "/api/v1/students",
       .policy = admin,
       .handler = [students](Request& r) { return Create(students, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = "/api/v1/students/classes",
       .policy = admin,
       .handler = [students](Request& r) { return Classes(students, r); }},
      {.method = "GET",
       .pattern = one,
       .policy = admin,
       .handler = [students](Request& r) { return Get(students, r); }},
      {.method = "PATCH",
       .pattern = one,
       .policy = admin,
       .handler = [students](Request& r) { return Update(students, r); },
       .body = BodyKind::kBuffered},
      {.method = "DELETE",
       .pattern = one,
       .policy = admin,
       .handler = [students](Request& r) { return Delete(students, r); }},
      {.method = "POST",
       .pattern = "/api/v1/students/import/preview",
       .policy = admin,
       .handler = [imports](Request& r) { return ImportPreview(imports, r); },
       .body = BodyKind::kMultipart,
       .max_body_bytes = students::kMaxRosterUploadBytes,
       .rate_limit = import_limit},
      {.method = "POST",
       .pattern = "/api/v1/students/import/commit",
       .policy = admin,
       .handler = [imports](Request& r) { return ImportCommit(imports, r); },
       .body = BodyKind::kBuffered},
      {.method = "POST",
       .pattern = "/api/v1/students/accounts",
       .policy = admin,
       .handler = [deps](Request& r) { return IssueAccounts(deps, r); },
       .body = BodyKind::kBuffered,
       .max_body_bytes = 256 * 1024,
       .rate_limit = accounts_limit},
      {.method = "POST",
       .pattern = one + "/account-code",
       .policy = admin,
       .handler = [deps](Request& r) { return ReissueCode(deps, r); },
       .rate_limit = accounts_limit},
  };
}

}  // namespace korrigo::http
