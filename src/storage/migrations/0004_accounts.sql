-- Accounts, server-side sessions, one-time codes (activation, password reset) and login throttling.
CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,       -- folded (lower case, no accents): uniqueness ignores case
  email TEXT,
  email_key TEXT UNIQUE,
  search_key TEXT NOT NULL,                -- folded username, name and email, for accent-insensitive search
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'teacher', 'student')),
  active INTEGER NOT NULL DEFAULT 1,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT,                      -- NULL until the account is activated
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_login_at BIGINT
);
CREATE INDEX users_role_idx ON users (role, active);

CREATE TABLE sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the cookie value; the value itself is never stored
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE one_time_codes (
  id {{id}},
  code_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('activation', 'password_reset')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX one_time_codes_user_idx ON one_time_codes (user_id, purpose);

CREATE TABLE login_failures (
  id {{id}},
  scope TEXT NOT NULL CHECK (scope IN ('account', 'ip')),
  subject TEXT NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_idx ON login_failures (scope, subject, failed_at);

CREATE TABLE rate_limit_hits (
  bucket TEXT NOT NULL,
  subject TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (bucket, subject, window_start)
);
