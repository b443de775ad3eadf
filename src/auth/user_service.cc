// Account administration rules and their audit entries.
#include "auth/user_service.h"

#include <regex>

#include "auth/password_policy.h"
#include "core/json_fields.h"
#include "core/random.h"
#include "core/text_fold.h"

namespace korrigo::auth {
namespace {

using core::RejectUnknownFields;
using core::StringField;
using core::Trim;

core::Error Invalid(const std::string& field, const std::string& message) {
  return core::FieldError(field, message);
}

core::Status ValidUsername(const std::string& u) {
  static const std::regex kPattern("^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$");
  if (!std::regex_match(u, kPattern)) {
    return Invalid("username",
                   "L'identifiant doit faire 3 à 64 caractères : lettres sans accent, chiffres, « "
                   ". », « _ », « - », "
                   "« @ », en commençant par une lettre ou un chiffre.");
  }
  return {};
}

core::Status ValidEmail(const std::string& e) { return core::CheckEmail(e, "email"); }

core::Status ValidDisplayName(const std::string& n) {
  if (n.empty() || core::CodePointCount(n) > 128) {
    return Invalid("display_name", "Le nom affiché est obligatoire (128 caractères au plus).");
  }
  for (unsigned char c : n) {
    if (c < 0x20 || c == 0x7f)
      return Invalid("display_name", "Le nom affiché contient un caractère interdit.");
  }
  return {};
}

std::string GeneratedPassword() {
  // Four groups of the one-time-code alphabet: about 79 bits, easy to read out and type.
  return GenerateOneTimeCode() + "-" + GenerateOneTimeCode().substr(0, 4);
}

}  // namespace

UserService::UserService(storage::Database& db, const core::Clock& clock,
                         const PasswordHasher& hasher, audit::AuditStore& audit,
                         int64_t activation_ttl_ms, int64_t reset_ttl_ms)
    : db_(db),
      clock_(clock),
      hasher_(hasher),
      audit_(audit),
      activation_ttl_ms_(activation_ttl_ms),
      reset_ttl_ms_(reset_ttl_ms) {}

core::Result<NewUserInput> UserService::ParseNewUser(const nlohmann::json& body) {
  if (core::Status s = RejectUnknownFields(
          body, {"username", "email", "display_name", "role", "credential", "password"});
      !s) {
    return s.take_error();
  }
  NewUserInput in;
  for (const char* required : {"username", "display_name", "role"}) {
    if (!body.contains(required))
      return Invalid(required, std::string("Champ obligatoire : « ") + required + " ».");
  }
  auto username = StringField(body, "username");
  if (!username) return username.take_error();
  in.username = Trim(*username);
  auto display = StringField(body, "display_name");
  if (!display) return display.take_error();
  in.display_name = Trim(*display);
  auto role = StringField(body, "role");
  if (!role) return role.take_error();
  in.role = *role;
  if (body.contains("email") && !body["email"].is_null()) {
    auto email = StringField(body, "email");
    if (!email) return email.take_error();
    if (!Trim(*email).empty()) in.email = Trim(*email);
  }
  if (body.contains("credential")) {
    auto c = StringField(body, "credential");
    if (!c) return c.take_error();
    in.credential = *c;
  }
  if (body.contains("password")) {
    auto p = StringField(body, "password");
    if (!p) return p.take_error();
    in.password = *p;
  }
  if (core::Status s = ValidUsername(in.username); !s) return s.take_error();
  if (core::Status s = ValidDisplayName(in.display_name); !s) return s.take_error();
  if (in.email) {
    if (core::Status s = ValidEmail(*in.email); !s) return s.take_error();
  }
  if (in.role != kRoleAdmin && in.role != kRoleTeacher) {
    return Invalid(
        "role",
        "Rôle invalide : admin ou teacher (les comptes élèves viennent de la liste des élèves).");
  }
  if (in.credential != "generated_password" && in.credential != "password" &&
      in.credential != "activation_code") {
    return Invalid("credential",
                   "« credential » doit valoir generated_password, password ou activation_code.");
  }
  if (in.credential == "password" && in.password.empty()) {
    return Invalid("password", "Indiquez le mot de passe (ou choisissez un autre type d'accès).");
  }
  if (in.credential != "password" && !in.password.empty()) {
    return Invalid("password", "Un mot de passe n'est accepté qu'avec credential = password.");
  }
  return in;
}

core::Result<UserPatch> UserService::ParsePatch(const nlohmann::json& body) {
  if (core::Status s = RejectUnknownFields(body, {"display_name", "email", "role", "active"}); !s)
    return s.take_error();
  UserPatch p;
  if (body.contains("display_name")) {
    auto d = StringField(body, "display_name");
    if (!d) return d.take_error();
    p.display_name = Trim(*d);
    if (core::Status s = ValidDisplayName(*p.display_name); !s) return s.take_error();
  }
  if (body.contains("email")) {
    if (body["email"].is_null() ||
        (body["email"].is_string() && Trim(body["email"].get<std::string>()).empty())) {
      p.email = std::optional<std::string>();
    } else {
      auto e = StringField(body, "email");
      if (!e) return e.take_error();
      if (core::Status s = ValidEmail(Trim(*e)); !s) return s.take_error();
      p.email = std::optional<std::string>(Trim(*e));
    }
  }
  if (body.contains("role")) {
    auto r = StringField(body, "role");
    if (!r) return r.take_error();
    if (*r != kRoleAdmin && *r != kRoleTeacher)
      return Invalid("role", "Rôle invalide : admin ou teacher.");
    p.role = *r;
  }
  if (body.contains("active")) {
    if (!body["active"].is_boolean())
      return Invalid("active", "« active » doit valoir true ou false.");
    p.active = body["active"].get<bool>();
  }
  return p;
}

core::Status UserService::CheckUnique(soci::session& s, const std::string& username,
                                      const std::optional<std::string>& email,
                                      int64_t except_id) const {
  if (!username.empty() && users_.UsernameTaken(s, username, except_id)) {
    return core::Error::Conflict("Cet identifiant est déjà utilisé.", {{"field", "username"}});
  }
  if (email && users_.EmailTaken(s, *email, except_id)) {
    return core::Error::Conflict("Cette adresse e-mail est déjà utilisée.", {{"field", "email"}});
  }
  return {};
}

core::Result<UserListPage> UserService::List(const UserFilter& filter, int64_t page,
                                             int64_t page_size) {
  return db_.WithSession([&](soci::session& s) -> core::Result<UserListPage> {
    UserListPage out;
    out.users = users_.List(s, filter, (page - 1) * page_size, page_size, &out.total);
    return out;
  });
}

core::Result<User> UserService::Get(int64_t id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<User> {
    auto r = users_.FindById(s, id);
    if (!r) return core::Error::NotFound("Utilisateur introuvable.");
    return r->user;
  });
}

core::Result<CreatedUser> UserService::Create(const NewUserInput& in,
                                              const audit::AuditContext& context) {
  CreatedUser out;
  std::string hash;
  if (in.credential == "password" || in.credential == "generated_password") {
    std::string password = in.password;
    if (in.credential == "generated_password") {
      do {
        password = GeneratedPassword();
      } while (
          !CheckPassword(password, {in.username, in.email.value_or(""), in.display_name}).ok());
      out.one_time_password = password;
    } else if (core::Status policy =
                   CheckPassword(password, {in.username, in.email.value_or(""), in.display_name});
               !policy) {
      return policy.take_error();
    }
    auto h = hasher_.Hash(password);
    if (!h) return h.take_error();
    hash = *h;
  }
  return db_.InTransaction([&](soci::session& tx) -> core::Result<CreatedUser> {
    if (core::Status s = CheckUnique(tx, in.username, in.email, 0); !s) return s.take_error();
    int64_t now = clock_.NowMs();
    User u;
    u.username = in.username;
    u.email = in.email;
    u.display_name = in.display_name;
    u.role = in.role;
    u.active = true;
    // Someone else knows a generated or admin-chosen password: the user must replace it at first
    // login.
    u.must_change_password = !hash.empty();
    u.has_password = !hash.empty();
    u.created_at = u.updated_at = now;
    u.id = users_.Insert(tx, u, hash);
    if (in.credential == "activation_code") {
      out.code_expires_at = now + activation_ttl_ms_;
      out.activation_code =
          codes_.Issue(tx, u.id, CodePurpose::kActivation, now, *out.code_expires_at);
    }
    out.user = u;
    audit_.Append(tx, context, "user.created", "user", std::to_string(u.id),
                  {{"username", u.username}, {"role", u.role}, {"credential", in.credential}});
    return out;
  });
}

core::Result<User> UserService::CreateWithPassword(const NewUserInput& in, bool must_change,
                                                   bool skip_policy,
                                                   const audit::AuditContext& context) {
  if (core::Status s = ValidUsername(in.username); !s) return s.take_error();
  if (!skip_policy) {
    if (core::Status policy =
            CheckPassword(in.password, {in.username, in.email.value_or(""), in.display_name});
        !policy) {
      return policy.take_error();
    }
  }
  auto hash = hasher_.Hash(in.password);
  if (!hash) return hash.take_error();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<User> {
    if (core::Status s = CheckUnique(tx, in.username, in.email, 0); !s) return s.take_error();
    int64_t now = clock_.NowMs();
    User u;
    u.username = in.username;
    u.email = in.email;
    u.display_name = in.display_name;
    u.role = in.role;
    u.must_change_password = must_change;
    u.has_password = true;
    u.created_at = u.updated_at = now;
    u.id = users_.Insert(tx, u, *hash);
    audit_.Append(tx, context, "user.created", "user", std::to_string(u.id),
                  {{"username", u.username}, {"role", u.role}, {"credential", "password"}});
    return u;
  });
}

core::Result<User> UserService::Update(int64_t id, const UserPatch& patch, int64_t actor_id,
                                       const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<User> {
    auto record = users_.FindById(tx, id);
    if (!record) return core::Error::NotFound("Utilisateur introuvable.");
    User before = record->user;
    User after = before;
    if (patch.display_name) after.display_name = *patch.display_name;
    if (patch.email) after.email = *patch.email;
    if (patch.role) after.role = *patch.role;
    if (patch.active) after.active = *patch.active;
    if (patch.role && before.role == kRoleStudent && *patch.role != kRoleStudent) {
      return core::Error::Conflict("Le rôle d'un compte élève ne peut pas être changé.",
                                   {{"field", "role"}});
    }
    bool loses_admin =
        before.role == kRoleAdmin && before.active && (after.role != kRoleAdmin || !after.active);
    if (id == actor_id && loses_admin) {
      return core::Error::Conflict(
          "Vous ne pouvez ni vous désactiver ni retirer votre propre rôle d'administrateur.");
    }
    if (loses_admin && users_.CountActiveAdmins(tx) <= 1) {
      return core::Error::Conflict("Impossible : c'est le dernier administrateur actif.");
    }
    if (core::Status s = CheckUnique(tx, "", after.email, id); !s) return s.take_error();
    after.updated_at = clock_.NowMs();
    users_.Update(tx, after);
    nlohmann::json changes = nlohmann::json::object();
    if (after.display_name != before.display_name)
      changes["display_name"] = {before.display_name, after.display_name};
    if (after.email != before.email) changes["email"] = "changed";
    if (after.role != before.role) changes["role"] = {before.role, after.role};
    if (after.active != before.active) changes["active"] = {before.active, after.active};
    // A privilege change or a deactivation ends the user's sessions: the next request must log in
    // again.
    if (after.role != before.role || (before.active && !after.active)) {
      changes["sessions_ended"] = sessions_.DeleteForUser(tx, id);
    }
    audit_.Append(tx, context, "user.updated", "user", std::to_string(id), {{"changes", changes}});
    return after;
  });
}

core::Result<CreatedUser> UserService::ResetPassword(int64_t id,
                                                     const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Result<CreatedUser> {
    auto record = users_.FindById(tx, id);
    if (!record) return core::Error::NotFound("Utilisateur introuvable.");
    if (!record->user.active) {
      return core::Error::FailedPrecondition("Ce compte est désactivé : réactivez-le d'abord.");
    }
    int64_t now = clock_.NowMs();
    CreatedUser out;
    out.user = record->user;
    out.code_expires_at = now + reset_ttl_ms_;
    out.activation_code =
        codes_.Issue(tx, id, CodePurpose::kPasswordReset, now, *out.code_expires_at);
    audit_.Append(tx, context, "user.password.reset", "user", std::to_string(id),
                  {{"expires_at", *out.code_expires_at}});
    return out;
  });
}

core::Status UserService::Delete(int64_t id, int64_t actor_id, const audit::AuditContext& context) {
  return db_.InTransaction([&](soci::session& tx) -> core::Status {
    auto record = users_.FindById(tx, id);
    if (!record) return core::Error::NotFound("Utilisateur introuvable.");
    if (id == actor_id)
      return core::Error::Conflict("Vous ne pouvez pas supprimer votre propre compte.");
    if (record->user.role == kRoleAdmin && record->user.active &&
        users_.CountActiveAdmins(tx) <= 1) {
      return core::Error::Conflict("Impossible : c'est le dernier administrateur actif.");
    }
    for (const DeletionGuard& guard : guards_) {
      if (auto reason = guard(tx, id)) {
        return core::Error::Conflict(
            "Ce compte ne peut pas être supprimé : " + *reason + ". Désactivez-le plutôt.",
            {{"reason", *reason}, {"suggestion", "deactivate"}});
      }
    }
    users_.Delete(tx, id);
    audit_.Append(tx, context, "user.deleted", "user", std::to_string(id),
                  {{"username", record->user.username}, {"role", record->user.role}});
    return {};
  });
}

IssuedCode UserService::CreateStudentAccount(soci::session& tx, const std::string& username_base,
                                             const std::optional<std::string>& email,
                                             const std::string& display_name,
                                             const audit::AuditContext& context) {
  std::string username = username_base;
  for (int n = 2; users_.UsernameTaken(tx, username); ++n)
    username = username_base + std::to_string(n);
  int64_t now = clock_.NowMs();
  User u;
  u.username = username;
  if (email && !users_.EmailTaken(tx, *email)) u.email = email;
  u.display_name = display_name;
  u.role = kRoleStudent;
  u.created_at = u.updated_at = now;
  u.id = users_.Insert(tx, u, "");
  IssuedCode out{.user = u,
                 .purpose = CodePurpose::kActivation,
                 .expires_at = now + activation_ttl_ms_,
                 .created = true};
  out.code = codes_.Issue(tx, u.id, out.purpose, now, out.expires_at);
  audit_.Append(tx, context, "user.created", "user", std::to_string(u.id),
                {{"username", u.username}, {"role", u.role}, {"credential", "activation_code"}});
  return out;
}

std::optional<IssuedCode> UserService::ReissueCode(soci::session& tx, int64_t user_id,
                                                   const audit::AuditContext& context) {
  auto record = users_.FindById(tx, user_id);
  if (!record) return std::nullopt;
  int64_t now = clock_.NowMs();
  IssuedCode out{.user = record->user};
  out.purpose = record->user.has_password ? CodePurpose::kPasswordReset : CodePurpose::kActivation;
  out.expires_at =
      now + (out.purpose == CodePurpose::kActivation ? activation_ttl_ms_ : reset_ttl_ms_);
  out.code = codes_.Issue(tx, user_id, out.purpose, now, out.expires_at);
  audit_.Append(tx, context, "user.code.issued", "user", std::to_string(user_id),
                {{"purpose", CodePurposeName(out.purpose)}});
  return out;
}

}  // namespace korrigo::auth
