// Handlers of copies, identification and page repairs: decode, call one service function, encode.
#include "http/copy_routes.h"

#include "core/json_fields.h"
#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

using scans::CopyService;
using scans::PageRepairService;

nlohmann::json PagesJson(const std::vector<scans::Page>& pages) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : pages) out.push_back(p.ToJson());
  return out;
}

Response CopyJson(const core::Result<scans::Copy>& copy) {
  if (!copy) return Response::FromError(copy.error());
  return Response::Json(200, copy->ToJson(true));
}

Response RepairJson(const core::Result<scans::RepairRecord>& repair) {
  if (!repair) return Response::FromError(repair.error());
  return Response::Json(200, repair->ToJson());
}

core::Result<std::optional<bool>> BoolQuery(const Request& r, const char* name) {
  auto v = r.Query(name);
  if (!v || v->empty()) return std::optional<bool>();
  if (*v == "true") return std::optional<bool>(true);
  if (*v == "false") return std::optional<bool>(false);
  return core::FieldError(name, std::string("« ") + name + " » : true ou false.");
}

Response List(CopyService* copies, Request& r) {
  scans::CopyFilter filter;
  if (auto status = r.Query("status"); status && !status->empty()) {
    static const std::set<std::string> kStatuses{"staging", "ready", "grading", "graded",
                                                 "grading_failed"};
    if (!kStatuses.contains(*status)) {
      return Response::FromError(core::FieldError("status", "Statut de copie inconnu."));
    }
    filter.status = *status;
  }
  auto identified = BoolQuery(r, "identified");
  if (!identified) return Response::FromError(identified.error());
  filter.identified = *identified;
  auto flagged = BoolQuery(r, "flagged");
  if (!flagged) return Response::FromError(flagged.error());
  filter.flagged_only = flagged->value_or(false);
  auto list = copies->List(r.IntParam("exam_id"), filter);
  if (!list) return Response::FromError(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : *list) items.push_back(c.ToJson(true));
  return Response::Json(200, {{"items", items}});
}

Response Get(CopyService* copies, Request& r) {
  auto copy = copies->Get(r.IntParam("copy_id"));
  if (!copy) return Response::FromError(copy.error());
  nlohmann::json j = copy->copy.ToJson(true);
  j["pages"] = PagesJson(copy->pages);
  return Response::Json(200, j);
}

Response ValidateAll(CopyService* copies, Request& r) {
  auto n = copies->ValidateAll(r.IntParam("exam_id"), AuditContextFrom(r));
  if (!n) return Response::FromError(n.error());
  return Response::Json(200, {{"validated", *n}});
}

Response Identify(CopyService* copies, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  if (core::Status s = core::RejectUnknownFields(*body, {"student_id"}); !s)
    return Response::FromError(s.error());
  auto student = core::OptionalIntField(*body, "student_id", 1, INT64_MAX);
  if (!student) return Response::FromError(student.error());
  if (!*student)
    return Response::FromError(core::FieldError("student_id", "« student_id » manque."));
  return CopyJson(copies->Identify(r.IntParam("copy_id"), **student, AuditContextFrom(r)));
}

Response Identification(CopyService* copies, Request& r) {
  auto result = copies->Identification(r.IntParam("exam_id"));
  if (!result) return Response::FromError(result.error());
  return Response::Json(200, *result);
}

Response Pool(CopyService* copies, Request& r) {
  auto pool = copies->Pool(r.IntParam("exam_id"));
  if (!pool) return Response::FromError(pool.error());
  return Response::Json(200, {{"items", PagesJson(*pool)}});
}

Response GetZone(CopyService* copies, Request& r) {
  auto zone = copies->GetIdentityZone(r.IntParam("exam_id"));
  if (!zone) return Response::FromError(zone.error());
  return Response::Json(200, zone->ToJson());
}

Response SetZone(CopyService* copies, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto zone = scans::IdentityZone::FromJson(*body);
  if (!zone) return Response::FromError(zone.error());
  auto saved = copies->SetIdentityZone(r.IntParam("exam_id"), *zone, AuditContextFrom(r));
  if (!saved) return Response::FromError(saved.error());
  return Response::Json(200, saved->ToJson());
}

// Repairs named by a copy or a page act in that object's exam.
template <typename Fn>
Response InExamOfCopy(CopyService* copies, Request& r, Fn fn) {
  auto exam = copies->ExamOfCopy(r.IntParam("copy_id"));
  if (!exam) return Response::FromError(exam.error());
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  return fn(*exam, *body);
}

Response Merge(CopyService* copies, PageRepairService* repairs, Request& r) {
  return InExamOfCopy(copies, r, [&](int64_t exam, const nlohmann::json& body) {
    if (core::Status s = core::RejectUnknownFields(body, {"from_copy_id"}); !s)
      return Response::FromError(s.error());
    auto from = core::OptionalIntField(body, "from_copy_id", 1, INT64_MAX);
    if (!from) return Response::FromError(from.error());
    if (!*from)
      return Response::FromError(core::FieldError("from_copy_id", "« from_copy_id » manque."));
    return RepairJson(repairs->Merge(exam, r.IntParam("copy_id"), **from, AuditContextFrom(r)));
  });
}

Response Split(CopyService* copies, PageRepairService* repairs, Request& r) {
  return InExamOfCopy(copies, r, [&](int64_t exam, const nlohmann::json& body) {
    if (core::Status s = core::RejectUnknownFields(body, {"at_position"}); !s)
      return Response::FromError(s.error());
    auto at = core::OptionalIntField(body, "at_position", 2, 10000);
    if (!at) return Response::FromError(at.error());
    if (!*at)
      return Response::FromError(core::FieldError("at_position", "« at_position » manque."));
    return RepairJson(
        repairs->Split(exam, r.IntParam("copy_id"), static_cast<int>(**at), AuditContextFrom(r)));
  });
}

Response Reorder(CopyService* copies, PageRepairService* repairs, Request& r) {
  return InExamOfCopy(copies, r, [&](int64_t exam, const nlohmann::json& body) {
    if (core::Status s = core::RejectUnknownFields(body, {"page_ids"}); !s)
      return Response::FromError(s.error());
    auto ids = core::IdListField(body, "page_ids", 1000);
    if (!ids) return Response::FromError(ids.error());
    return RepairJson(repairs->Reorder(exam, r.IntParam("copy_id"), *ids, AuditContextFrom(r)));
  });
}

Response Move(PageRepairService* repairs, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  if (core::Status s = core::RejectUnknownFields(*body, {"page_ids", "copy_id", "position"}); !s)
    return Response::FromError(s.error());
  auto ids = core::IdListField(*body, "page_ids", 500);
  if (!ids) return Response::FromError(ids.error());
  std::optional<int64_t> target;
  if (body->contains("copy_id") && !(*body)["copy_id"].is_null()) {
    auto copy = core::OptionalIntField(*body, "copy_id", 1, INT64_MAX);
    if (!copy) return Response::FromError(copy.error());
    target = **copy;
  }
  std::optional<int> position;
  if (body->contains("position") && !(*body)["position"].is_null()) {
    auto pos = core::OptionalIntField(*body, "position", 1, 10000);
    if (!pos) return Response::FromError(pos.error());
    position = static_cast<int>(**pos);
  }
  return RepairJson(
      repairs->Move(r.IntParam("exam_id"), *ids, target, position, AuditContextFrom(r)));
}

Response Rotate(CopyService* copies, PageRepairService* repairs, Request& r) {
  auto exam = copies->ExamOfPage(r.IntParam("page_id"));
  if (!exam) return Response::FromError(exam.error());
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  if (core::Status s = core::RejectUnknownFields(*body, {"degrees"}); !s)
    return Response::FromError(s.error());
  auto degrees = core::OptionalIntField(*body, "degrees", 90, 270);
  if (!degrees) return Response::FromError(degrees.error());
  if (!*degrees) return Response::FromError(core::FieldError("degrees", "« degrees » manque."));
  return RepairJson(repairs->Rotate(*exam, r.IntParam("page_id"), static_cast<int>(**degrees),
                                    AuditContextFrom(r)));
}

Response History(PageRepairService* repairs, Request& r) {
  auto list = repairs->History(r.IntParam("exam_id"));
  if (!list) return Response::FromError(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& rec : *list) items.push_back(rec.ToJson());
  return Response::Json(200, {{"items", items}});
}

}  // namespace

std::vector<Route> CopyRoutes(CopyService* copies, PageRepairService* repairs) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  const std::string exam = "/api/v1/exams/{exam_id:int}";
  const std::string copy = "/api/v1/copies/{copy_id:int}";
  auto route = [&](const char* method, std::string pattern, Handler handler, bool body) {
    return Route{.method = method,
                 .pattern = std::move(pattern),
                 .policy = admin,
                 .handler = std::move(handler),
                 .body = body ? BodyKind::kBuffered : BodyKind::kNone};
  };
  return {
      route(
          "GET", exam + "/copies", [copies](Request& r) { return List(copies, r); }, false),
      route(
          "POST", exam + "/copies/validate",
          [copies](Request& r) { return ValidateAll(copies, r); }, false),
      route(
          "GET", exam + "/identification",
          [copies](Request& r) { return Identification(copies, r); }, false),
      route(
          "GET", exam + "/pool", [copies](Request& r) { return Pool(copies, r); }, false),
      route(
          "GET", exam + "/identity-zone", [copies](Request& r) { return GetZone(copies, r); },
          false),
      route(
          "PUT", exam + "/identity-zone", [copies](Request& r) { return SetZone(copies, r); },
          true),
      route(
          "POST", exam + "/pages/move", [repairs](Request& r) { return Move(repairs, r); }, true),
      route(
          "GET", exam + "/repairs", [repairs](Request& r) { return History(repairs, r); }, false),
      route(
          "POST", exam + "/repairs/{repair_id:int}/undo",
          [repairs](Request& r) {
            return RepairJson(
                repairs->Undo(r.IntParam("exam_id"), r.IntParam("repair_id"), AuditContextFrom(r)));
          },
          false),
      route(
          "GET", copy, [copies](Request& r) { return Get(copies, r); }, false),
      route(
          "POST", copy + "/validate",
          [copies](Request& r) {
            return CopyJson(copies->Validate(r.IntParam("copy_id"), AuditContextFrom(r)));
          },
          false),
      route(
          "PUT", copy + "/student", [copies](Request& r) { return Identify(copies, r); }, true),
      route(
          "DELETE", copy + "/student",
          [copies](Request& r) {
            return CopyJson(copies->Unidentify(r.IntParam("copy_id"), AuditContextFrom(r)));
          },
          false),
      route(
          "POST", copy + "/merge",
          [copies, repairs](Request& r) { return Merge(copies, repairs, r); }, true),
      route(
          "POST", copy + "/split",
          [copies, repairs](Request& r) { return Split(copies, repairs, r); }, true),
      route(
          "PUT", copy + "/pages",
          [copies, repairs](Request& r) { return Reorder(copies, repairs, r); }, true),
      route(
          "POST", "/api/v1/pages/{page_id:int}/rotate",
          [copies, repairs](Request& r) { return Rotate(copies, repairs, r); }, true),
  };
}

}  // namespace korrigo::http
