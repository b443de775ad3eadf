// Handlers of grading: decode, call one service function, encode. Dispatch, reopen and history are
// for admins; a teacher reaches only the copies dispatched to them (others are "not found").
#include "http/grading_routes.h"

#include <fmt/format.h>

#include "core/csv_writer.h"
#include "core/json_fields.h"
#include "http/request_parsing.h"

namespace korrigo::http {
namespace {

using nlohmann::json;

Response JsonOr(const core::Result<json>& result, int status = 200) {
  if (!result) return Response::FromError(result.error());
  return Response::Json(status, *result);
}

// {"corrector_id": id | null, "confirm"?: bool} (the key is required: null takes the copy back).
core::Result<std::pair<std::optional<int64_t>, bool>> TargetBody(const json& body,
                                                                 const char* field,
                                                                 const char* also = "confirm") {
  if (core::Status s = core::RejectUnknownFields(body, {field, "confirm", also}); !s)
    return s.take_error();
  if (!body.contains(field))
    return core::FieldError(field, fmt::format("« {} » manque (null pour retirer).", field));
  std::optional<int64_t> target;
  if (!body[field].is_null()) {
    auto to = core::OptionalIntField(body, field, 1, INT64_MAX);
    if (!to) return to.take_error();
    target = *to;
  }
  auto confirm = core::OptionalBoolField(body, "confirm");
  if (!confirm) return confirm.take_error();
  return std::make_pair(target, confirm->value_or(false));
}

Response Dispatch(grading::DispatchService* d, Request& r) {
  json body = json::object();
  if (!r.body.empty()) {
    auto parsed = JsonObjectBody(r);
    if (!parsed) return Response::FromError(parsed.error());
    body = std::move(*parsed);
  }
  return JsonOr(d->Dispatch(r.IntParam("exam_id"), body, AuditContextFrom(r)));
}

Response ReassignBatch(grading::DispatchService* d, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto target = TargetBody(*body, "to_corrector_id", "from_corrector_id");
  if (!target) return Response::FromError(target.error());
  auto from = core::OptionalIntField(*body, "from_corrector_id", 1, INT64_MAX);
  if (!from) return Response::FromError(from.error());
  if (!*from)
    return Response::FromError(
        core::FieldError("from_corrector_id", "« from_corrector_id » manque."));
  return JsonOr(d->ReassignBatch(r.IntParam("exam_id"), **from, target->first, target->second,
                                 AuditContextFrom(r)));
}

Response Reassign(grading::DispatchService* d, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto target = TargetBody(*body, "corrector_id");
  if (!target) return Response::FromError(target.error());
  auto copy =
      d->Reassign(r.IntParam("copy_id"), target->first, target->second, AuditContextFrom(r));
  if (!copy) return Response::FromError(copy.error());
  return Response::Json(200, copy->ToJson(true));
}

Response AssignedCopies(grading::DispatchService*, scans::CopyService* copies, Request& r) {
  scans::CopyFilter filter;
  const bool admin = r.principal->role == auth::kRoleAdmin;
  if (admin) {
    auto who = IntQuery(r, "corrector_id");
    if (!who) return Response::FromError(who.error());
    filter.corrector_id = *who;
  } else {
    filter.corrector_id = r.principal->user_id;
  }
  auto list = copies->List(r.IntParam("exam_id"), filter);
  if (!list) return Response::FromError(list.error());
  json items = json::array();
  for (const scans::Copy& c : *list) {
    if (c.status == scans::kCopyStaging || (!admin && !c.corrector_id)) continue;
    items.push_back(c.ToJson(admin));
  }
  return Response::Json(200, {{"items", items}});
}

Response Ops(grading::GradingService* g, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto result = g->ApplyOps(r.IntParam("copy_id"), *body, ViewerOf(r));
  if (!result) return Response::FromError(result.error());
  return Response::Json(200, {{"copy_id", r.IntParam("copy_id")},
                              {"version", result->version},
                              {"applied", result->applied},
                              {"replayed", result->replayed}});
}

Response History(grading::GradingService* g, Request& r) {
  const std::string format = r.Query("format").value_or("json");
  if (format != "json" && format != "csv")
    return Response::FromError(core::FieldError("format", "« format » : json ou csv."));
  auto history = g->History(r.IntParam("copy_id"));
  if (!history) return Response::FromError(history.error());
  const int64_t copy_id = r.IntParam("copy_id");
  if (format == "json") {
    json items = json::array();
    for (const grading::GradingBatch& b : *history) {
      items.push_back({{"version", b.version},
                       {"user_id", b.user_id ? json(*b.user_id) : json(nullptr)},
                       {"user_name", b.user_name},
                       {"created_at", b.created_at},
                       {"ops", b.ops}});
    }
    Response resp = Response::Json(200, {{"copy_id", copy_id}, {"items", items}});
    return resp;
  }
  std::string csv = core::CsvLine({"version", "created_at", "user_id", "user_name", "op_id", "type",
                                   "question_id", "annotation_id", "detail"});
  for (const grading::GradingBatch& b : *history) {
    for (const json& op : b.ops) {
      std::string question, annotation;
      if (op.contains("question_id")) question = op["question_id"].dump();
      if (op.contains("annotation_id") && op["annotation_id"].is_string())
        annotation = op["annotation_id"].get<std::string>();
      if (op.contains("annotation") && op["annotation"].contains("id") &&
          op["annotation"]["id"].is_string())
        annotation = op["annotation"]["id"].get<std::string>();
      csv += core::CsvLine({std::to_string(b.version), std::to_string(b.created_at),
                            b.user_id ? std::to_string(*b.user_id) : "", b.user_name,
                            op.value("op_id", ""), op.value("type", ""), question, annotation,
                            op.dump()});
    }
  }
  Response resp = Response::Text(200, std::move(csv), "text/csv; charset=utf-8");
  resp.headers["Content-Disposition"] =
      fmt::format("attachment; filename=\"copie-{}-historique.csv\"", copy_id);
  return resp;
}

Response FinalPdf(grading::FinalizeService* f, Request& r) {
  auto revision = IntQuery(r, "revision");
  if (!revision) return Response::FromError(revision.error());
  if (revision->value_or(0) < 0 || revision->value_or(0) > 100000)
    return Response::FromError(core::FieldError("revision", "« revision » invalide."));
  auto pdf = f->Pdf(r.IntParam("copy_id"), static_cast<int>(revision->value_or(0)), ViewerOf(r));
  if (!pdf) return Response::FromError(pdf.error());
  Response resp = Response::Text(200, std::move(pdf->bytes), "application/pdf");
  resp.headers["Content-Disposition"] = "inline; filename=\"" + pdf->filename + "\"";
  resp.headers["ETag"] = "\"" + pdf->sha256 + "\"";
  resp.headers["Cache-Control"] = "private, no-cache";
  return resp;
}

Response Reopen(grading::FinalizeService* f, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  if (core::Status s = core::RejectUnknownFields(*body, {"reason"}); !s)
    return Response::FromError(s.error());
  auto reason = core::StringField(*body, "reason");
  if (!reason) return Response::FromError(reason.error());
  return JsonOr(f->Reopen(r.IntParam("copy_id"), *reason, AuditContextFrom(r)));
}

Response Stats(grading::StatsService* s, Request& r) {
  std::optional<exams::Points> width;
  if (auto w = r.Query("bin_width"); w && !w->empty()) {
    auto parsed = exams::Points::ParseText(*w);
    if (!parsed)
      return Response::FromError(core::FieldError("bin_width", "« bin_width » : un nombre."));
    width = *parsed;
  }
  return JsonOr(s->ExamStats(r.IntParam("exam_id"), ViewerOf(r), width));
}

Response ListComments(grading::CommentBankService* c, Request& r) {
  grading::BankQuery query;
  query.search = r.Query("q").value_or("");
  if (query.search.size() > 200)
    return Response::FromError(core::FieldError("q", "Recherche trop longue."));
  auto question = IntQuery(r, "question_id");
  if (!question) return Response::FromError(question.error());
  query.question_id = *question;
  auto limit = IntQuery(r, "limit");
  if (!limit) return Response::FromError(limit.error());
  if (*limit) {
    if (**limit < 1 || **limit > 500)
      return Response::FromError(core::FieldError("limit", "« limit » : de 1 à 500."));
    query.limit = static_cast<int>(**limit);
  }
  auto items = c->List(r.IntParam("exam_id"), ViewerOf(r), query);
  if (!items) return Response::FromError(items.error());
  json out = json::array();
  for (const grading::BankItem& i : *items) out.push_back(i.ToJson());
  return Response::Json(200, {{"items", out}});
}

Response CreateComment(grading::CommentBankService* c, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  auto item = c->Create(r.IntParam("exam_id"), ViewerOf(r), *body, AuditContextFrom(r));
  if (!item) return Response::FromError(item.error());
  return Response::Json(201, item->ToJson());
}

Response UpdateComment(grading::CommentBankService* c, Request& r) {
  auto body = JsonObjectBody(r);
  if (!body) return Response::FromError(body.error());
  return JsonOr(c->Update(r.IntParam("comment_id"), ViewerOf(r), *body, AuditContextFrom(r)));
}

Response CommentUses(grading::CommentBankService* c, Request& r) {
  auto uses = c->Uses(r.IntParam("comment_id"), ViewerOf(r));
  if (!uses) return Response::FromError(uses.error());
  json items = json::array();
  for (const grading::BankUse& u : *uses)
    items.push_back({{"copy_id", u.copy_id},
                     {"anonymous_id", u.anonymous_id},
                     {"status", u.copy_status},
                     {"annotation_id", u.annotation_uid}});
  return Response::Json(200, {{"items", items}});
}

}  // namespace

std::vector<Route> GradingRoutes(const GradingRouteDeps& d) {
  const Policy admin = Policy::Roles({auth::kRoleAdmin});
  const Policy staff = Policy::Roles({auth::kRoleAdmin, auth::kRoleTeacher});
  const std::string exam = "/api/v1/exams/{exam_id:int}";
  const std::string copy = "/api/v1/copies/{copy_id:int}";
  auto* dispatch = d.dispatch;
  auto* grading = d.grading;
  auto* finalize = d.finalize;
  auto* stats = d.stats;
  auto* comments = d.comments;
  auto* copies = d.copies;
  return {
      {.method = "POST",
       .pattern = exam + "/dispatch",
       .policy = admin,
       .handler = [dispatch](Request& r) { return Dispatch(dispatch, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = exam + "/dispatch",
       .policy = admin,
       .handler =
           [dispatch](Request& r) { return JsonOr(dispatch->Summary(r.IntParam("exam_id"))); }},
      {.method = "POST",
       .pattern = exam + "/dispatch/reassign",
       .policy = admin,
       .handler = [dispatch](Request& r) { return ReassignBatch(dispatch, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = exam + "/assigned-copies",
       .policy = staff,
       .handler = [dispatch, copies](Request& r) { return AssignedCopies(dispatch, copies, r); }},
      {.method = "PUT",
       .pattern = copy + "/corrector",
       .policy = admin,
       .handler = [dispatch](Request& r) { return Reassign(dispatch, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = copy + "/grading",
       .policy = staff,
       .handler = [grading](Request& r) -> Response {
         auto text = grading->Get(r.IntParam("copy_id"), ViewerOf(r));
         if (!text) return Response::FromError(text.error());
         return Response::Text(200, std::move(*text), "application/json");
       }},
      {.method = "POST",
       .pattern = copy + "/grading/ops",
       .policy = staff,
       .handler = [grading](Request& r) { return Ops(grading, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = copy + "/grading/history",
       .policy = admin,
       .handler = [grading](Request& r) { return History(grading, r); }},
      {.method = "POST",
       .pattern = copy + "/finalize",
       .policy = staff,
       .handler =
           [finalize](Request& r) {
             return JsonOr(
                 finalize->Finalize(r.IntParam("copy_id"), ViewerOf(r), AuditContextFrom(r)), 202);
           }},
      {.method = "GET",
       .pattern = copy + "/finalize",
       .policy = staff,
       .handler =
           [finalize](Request& r) {
             return JsonOr(finalize->State(r.IntParam("copy_id"), ViewerOf(r)));
           }},
      {.method = "POST",
       .pattern = copy + "/finalize/retry",
       .policy = staff,
       .handler =
           [finalize](Request& r) {
             return JsonOr(finalize->Retry(r.IntParam("copy_id"), ViewerOf(r), AuditContextFrom(r)),
                           202);
           }},
      {.method = "POST",
       .pattern = copy + "/reopen",
       .policy = admin,
       .handler = [finalize](Request& r) { return Reopen(finalize, r); },
       .body = BodyKind::kBuffered},
      {.method = "GET",
       .pattern = copy + "/final-pdf",
       .policy = staff,
       .handler = [finalize](Request& r) { return FinalPdf(finalize, r); }},
      {.method = "GET",
       .pattern = exam + "/stats",
       .policy = staff,
       .handler = [stats](Request& r) { return Stats(stats, r); }},
      {.method = "GET",
       .pattern = exam + "/comments",
       .policy = staff,
       .handler = [comments](Request& r) { return ListComments(comments, r); }},
      {.method = "POST",
       .pattern = exam + "/comments",
       .policy = staff,
       .handler = [comments](Request& r) { return CreateComment(comments, r); },
       .body = BodyKind::kBuffered},
      {.method = "PATCH",
       .pattern = "/api/v1/comments/{comment_id:int}",
       .policy = staff,
       .handler = [comments](Request& r) { return UpdateComment(comments, r); },
       .body = BodyKind::kBuffered},
      {.method = "DELETE",
       .pattern = "/api/v1/comments/{comment_id:int}",
       .policy = staff,
       .handler = [comments](Request& r) -> Response {
         auto s = comments->Delete(r.IntParam("comment_id"), ViewerOf(r), AuditContextFrom(r));
         if (!s) return Response::FromError(s.error());
         return Response::NoContent();
       }},
      {.method = "GET",
       .pattern = "/api/v1/comments/{comment_id:int}/uses",
       .policy = staff,
       .handler = [comments](Request& r) { return CommentUses(comments, r); }},
  };
}

}  // namespace korrigo::http
