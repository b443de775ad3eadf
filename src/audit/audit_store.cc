// Audit log SQL. Filters are bound parameters; the WHERE clause is assembled only from fixed
// fragments.
#include "audit/audit_store.h"

namespace korrigo::audit {
namespace {

struct Where {
  std::string sql = " WHERE 1=1";
  // Values bound by name; SOCI keeps references, so they live here until the statement ran.
  int64_t actor = 0, from = 0, to = 0;
  int action_len = 0;
  std::string action, target_type, target_id;
};

Where BuildWhere(const AuditFilter& f) {
  Where w;
  if (f.actor_user_id) {
    w.sql += " AND actor_user_id = :actor";
    w.actor = *f.actor_user_id;
  }
  if (!f.action.empty()) {
    char last = f.action.back();
    if (last == '*' || last == '.') {
      w.action = f.action.substr(0, f.action.size() - (last == '*' ? 1 : 0));
      w.sql += " AND substr(action, 1, :action_len) = :action";
      w.action_len = static_cast<int>(w.action.size());
    } else {
      w.action = f.action;
      w.sql += " AND action = :action";
    }
  }
  if (!f.target_type.empty()) {
    w.sql += " AND target_type = :target_type";
    w.target_type = f.target_type;
  }
  if (!f.target_id.empty()) {
    w.sql += " AND target_id = :target_id";
    w.target_id = f.target_id;
  }
  if (f.from_ms) {
    w.sql += " AND occurred_at >= :from_ms";
    w.from = *f.from_ms;
  }
  if (f.to_ms) {
    w.sql += " AND occurred_at < :to_ms";
    w.to = *f.to_ms;
  }
  return w;
}

template <typename Statement>
void Bind(Statement& st, const AuditFilter& f, Where& w) {
  if (f.actor_user_id) st.exchange(soci::use(w.actor, "actor"));
  if (w.action_len > 0) st.exchange(soci::use(w.action_len, "action_len"));
  if (!f.action.empty()) st.exchange(soci::use(w.action, "action"));
  if (!f.target_type.empty()) st.exchange(soci::use(w.target_type, "target_type"));
  if (!f.target_id.empty()) st.exchange(soci::use(w.target_id, "target_id"));
  if (f.from_ms) st.exchange(soci::use(w.from, "from_ms"));
  if (f.to_ms) st.exchange(soci::use(w.to, "to_ms"));
}

}  // namespace

void AuditStore::Append(soci::session& tx, const AuditContext& c, const std::string& action,
                        const std::string& target_type, const std::string& target_id,
                        const nlohmann::json& details) const {
  int64_t now = clock_.NowMs();
  std::string ua = c.user_agent.substr(0, 256);
  std::string details_text = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  long long actor = c.user_id.value_or(0);
  soci::indicator actor_ind = c.user_id ? soci::i_ok : soci::i_null;
  tx << "INSERT INTO audit_log (occurred_at, actor_user_id, actor_role, action, target_type, "
        "target_id, ip, "
        "user_agent, request_id, details) VALUES (:at, :actor, :role, :action, :ttype, :tid, :ip, "
        ":ua, :rid, "
        ":details)",
      soci::use(now), soci::use(actor, actor_ind), soci::use(c.role), soci::use(action),
      soci::use(target_type), soci::use(target_id), soci::use(c.ip), soci::use(ua),
      soci::use(c.request_id), soci::use(details_text);
}

core::Status AuditStore::AppendAlone(const AuditContext& context, const std::string& action,
                                     const std::string& target_type, const std::string& target_id,
                                     const nlohmann::json& details) {
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    Append(tx, context, action, target_type, target_id, details);
    return {};
  });
}

core::Result<AuditPage> AuditStore::Query(const AuditFilter& filter, int64_t offset,
                                          int64_t limit) {
  return db_.WithSession([&](soci::session& s) -> core::Result<AuditPage> {
    AuditPage page;
    Where w = BuildWhere(filter);
    {
      long long total = 0;
      soci::statement st(s);
      st.alloc();
      Bind(st, filter, w);
      st.exchange(soci::into(total));
      st.prepare("SELECT COUNT(*) FROM audit_log" + w.sql);
      st.define_and_bind();
      st.execute(true);
      page.total = total;
    }
    AuditEntry e;
    long long id = 0, at = 0, actor = 0;
    soci::indicator actor_ind = soci::i_null;
    std::string details;
    soci::statement st(s);
    st.alloc();
    Bind(st, filter, w);
    long long lim = limit, off = offset;
    st.exchange(soci::use(lim, "lim"));
    st.exchange(soci::use(off, "off"));
    st.exchange(soci::into(id));
    st.exchange(soci::into(at));
    st.exchange(soci::into(actor, actor_ind));
    st.exchange(soci::into(e.actor_role));
    st.exchange(soci::into(e.action));
    st.exchange(soci::into(e.target_type));
    st.exchange(soci::into(e.target_id));
    st.exchange(soci::into(e.ip));
    st.exchange(soci::into(e.user_agent));
    st.exchange(soci::into(e.request_id));
    st.exchange(soci::into(details));
    st.prepare(
        "SELECT id, occurred_at, actor_user_id, actor_role, action, target_type, target_id, ip, "
        "user_agent, "
        "request_id, details FROM audit_log" +
        w.sql + " ORDER BY occurred_at DESC, id DESC LIMIT :lim OFFSET :off");
    st.define_and_bind();
    if (st.execute(true)) {
      do {
        e.id = id;
        e.occurred_at = at;
        e.actor_user_id = actor_ind == soci::i_ok ? std::optional<int64_t>(actor) : std::nullopt;
        e.details = nlohmann::json::parse(details, nullptr, false);
        if (e.details.is_discarded()) e.details = nlohmann::json::object();
        page.entries.push_back(e);
      } while (st.fetch());
    }
    return page;
  });
}

}  // namespace korrigo::audit
