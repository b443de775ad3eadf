// Handlers of the marking-scheme routes. Change requests carry the version they were made on and,
// once the admin has seen which copies a change affects, "confirm": true.
#include "http/scheme_routes.h"

#include "core/json_fields.h"
#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

// Takes base_version and confirm out of `body`.
core::Result<exams::SchemeChange> TakeChange(nlohmann::json& body) {
  if (!body.contains("base_version") || !body["base_version"].is_number_integer()) {
    return core::FieldError(
        "base_version", "Indiquez « base_version » : la version du barème que vous avez modifiée.");
  }
  exams::SchemeChange change{.base_version = body["base_version"].get<int64_t>()};
  auto confirm = core::OptionalBoolField(body, "confirm");
  if (!confirm) return confirm.take_error();
  change.confirm = confirm->value_or(false);
  body.erase("base_version");
  body.erase("confirm");
  return change;
}

Response SchemeResponse(const core::Result<exams::Scheme>& scheme) {
  if (!scheme) return Response::FromError(scheme.error());
  return Response::Json(200, exams::SchemeToJson(*scheme));
}

Response Get(exams::SchemeService* schemes, Request& r) {
  return SchemeResponse(schemes->Get(r.IntParam("exam_id"), ViewerOf(r)));
}

Response GetVersion(exams::SchemeService* schemes, Request& r) {
  return SchemeResponse(
      schemes->GetVersion(r.IntParam("exam_id"), r.IntParam("version"), ViewerOf(r)));
}

Response Export(exams::SchemeService* schemes, Request& r) {
  auto scheme = schemes->Get(r.IntParam("exam_id"), ViewerOf(r));
  if (!scheme) return Response::FromError(scheme.error());
  nlohmann::json doc = exams::SchemeToJson(*scheme);
  doc["format"] = "korrigo-scheme";
  Response resp = Response::Text(200, doc.dump(2), "application/json");
  resp.headers["Content-Disposition"] =
      "attachment; filename=\"bareme-examen-" + std::to_string(r.IntParam("exam_id")) + ".json\"";
  return resp;
}

Response Replace(exams::SchemeService* schemes, Request& r, exams::SchemeSource source) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto change = TakeChange(*body);
  if (!change) return Response::FromError(change.error());
  nlohmann::json tree = *body;
  if (source == exams::SchemeSource::kImport) {
    if (core::Status s = core::RejectUnknownFields(*body, {"scheme"}); !s)
      return Response::FromError(s.error());
    if (!body->contains("scheme")) {
      return Response::FromError(
          core::FieldError("scheme", "Joignez le barème exporté dans « scheme »."));
    }
    tree = (*body)["scheme"];
    if (tree.is_object()) tree.erase("format");
  }
  return SchemeResponse(
      schemes->Replace(r.IntParam("exam_id"), tree, source, *change, AuditContextFrom(r)));
}

Response Copy(exams::SchemeService* schemes, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto change = TakeChange(*body);
  if (!change) return Response::FromError(change.error());
  if (core::Status s = core::RejectUnknownFields(*body, {"source_exam_id"}); !s) {
    return Response::FromError(s.error());
  }
  auto source = core::OptionalIntField(*body, "source_exam_id", 1, INT64_MAX);
  if (!source) return Response::FromError(source.error());
  if (!*source)
    return Response::FromError(core::FieldError("source_exam_id", "Indiquez l'examen à copier."));
  return SchemeResponse(
      schemes->CopyFrom(r.IntParam("exam_id"), **source, *change, AuditContextFrom(r)));
}

}  // namespace

std::vector<Route> SchemeRoutes(exams::SchemeService* schemes) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  const Policy staff = Policy::Roles({auth::kRoleAdmin, auth::kRoleTeacher});
  const std::string base = "/api/v1/exams/{exam_id:int}/scheme";
  return {
      {.method = "GET",
       .pattern = base,
       .policy = staff,
       .handler = [schemes](Request& r) { return Get(schemes, r); }},
      {.method = "PUT",
       .pattern = base,
       .policy = admin,
       .handler = [schemes](Request& r) { return Replace(schemes, r, exams::SchemeSource::kEdit); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = base + "/versions/{version:int}",
       .policy = staff,
       .handler = [schemes](Request& r) { return GetVersion(schemes, r); }},
      {.method = "GET",
       .pattern = base + "/export",
       .policy = staff,
       .handler = [schemes](Request& r) { return Export(schemes, r); }},
      {.method = "POST",
       .pattern = base + "/import",
       .policy = admin,
       .handler =
           [schemes](Request& r) { return Replace(schemes, r, exams::SchemeSource::kImport); },
       .body = BodyKind::kBuffered},
      {.method = "POST",
       .pattern = base + "/copy",
       .policy = admin,
       .handler = [schemes](Request& r) { return Copy(schemes, r); },
       .body = BodyKind::kBuffered},
  };
}

}  // namespace korrigo::http
