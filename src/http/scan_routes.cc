// Handlers of scans and page images: decode, call one service function, encode.
#include "http/scan_routes.h"

#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

nlohmann::json ScansJson(const std::vector<scans::Scan>& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : list) items.push_back(s.ToJson());
  return items;
}

Response Upload(scans::ScanService* service, Request& r) {
  if (!r.form || r.form->files.empty()) {
    return Response::FromError(core::Error::InvalidArgument(
        "Envoyez au moins un fichier PDF (champ « files »).", {{"field", "files"}}));
  }
  std::vector<scans::IncomingFile> files;
  for (const UploadedFile& f : r.form->files) {
    files.push_back({.path = f.path,
                     .filename = f.filename,
                     .size_bytes = f.size_bytes,
                     .sha256 = f.sha256_hex});
  }
  auto created = service->Upload(r.IntParam("exam_id"), files, AuditContextFrom(r));
  if (!created) return Response::FromError(created.error());
  return Response::Json(202, {{"items", ScansJson(*created)}});
}

Response List(scans::ScanService* service, Request& r) {
  auto list = service->List(r.IntParam("exam_id"));
  if (!list) return Response::FromError(list.error());
  return Response::Json(200, {{"items", ScansJson(*list)}});
}

Response Get(scans::ScanService* service, Request& r) {
  auto scan = service->Get(r.IntParam("scan_id"));
  if (!scan) return Response::FromError(scan.error());
  return Response::Json(200, scan->ToJson());
}

Response Delete(scans::ScanService* service, Request& r) {
  core::Status s = service->Delete(r.IntParam("scan_id"), AuditContextFrom(r));
  if (!s) return Response::FromError(s.error());
  return Response::NoContent();
}

Response Image(scans::PageImageService* images, Request& r) {
  std::string variant = r.Query("variant").value_or("view");
  auto image = images->Get(r.IntParam("page_id"), variant,
                           {.user_id = r.principal->user_id, .role = r.principal->role},
                           r.Header("if-none-match"));
  if (!image) return Response::FromError(image.error());
  Response resp = image->not_modified ? Response::Text(304, "", "image/jpeg")
                                      : Response::Text(200, std::move(image->bytes), "image/jpeg");
  resp.headers["ETag"] = image->etag;
  resp.headers["Cache-Control"] = "private, no-cache";
  resp.headers["Vary"] = "Cookie";
  return resp;
}

}  // namespace

std::vector<Route> ScanRoutes(const ScanRouteDeps& d) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  scans::ScanService* service = d.scans;
  scans::PageImageService* images = d.images;
  const std::string scan = "/api/v1/scans/{scan_id:int}";
  return {
      {.method = "POST",
       .pattern = "/api/v1/exams/{exam_id:int}/scans",
       .policy = admin,
       .handler = [service](Request& r) { return Upload(service, r); },
       .body = BodyKind::kMultipart,
       .max_body_bytes = d.max_request_bytes,
       .max_file_bytes = d.max_file_bytes,
       .rate_limit = {.bucket = "scans.upload",
                      .max_hits = d.uploads_per_hour,
                      .window_ms = 3600 * 1000}},
      {.method = "GET",
       .pattern = "/api/v1/exams/{exam_id:int}/scans",
       .policy = admin,
       .handler = [service](Request& r) { return List(service, r); }},
      {.method = "GET",
       .pattern = scan,
       .policy = admin,
       .handler = [service](Request& r) { return Get(service, r); }},
      {.method = "DELETE",
       .pattern = scan,
       .policy = admin,
       .handler = [service](Request& r) { return Delete(service, r); }},
      {.method = "GET",
       .pattern = "/api/v1/pages/{page_id:int}/image",
       .policy = Policy::Authenticated(),
       .handler = [images](Request& r) { return Image(images, r); }},
  };
}

}  // namespace korrigo::http
