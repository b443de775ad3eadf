-- The student roster (with optional linked accounts), roster imports awaiting confirmation, exams with their
-- classes, correctors and marking scheme (the current tree as JSON, and every version kept for finalized copies).
CREATE TABLE students (
  id {{id}},
  last_name TEXT NOT NULL,
  first_name TEXT NOT NULL,
  birth_date TEXT,                         -- ISO YYYY-MM-DD
  email TEXT,
  class_name TEXT NOT NULL DEFAULT '',
  group_name TEXT NOT NULL DEFAULT '',
  school_id TEXT UNIQUE,                   -- INE or local identifier, upper case; NULL when unknown
  name_key TEXT NOT NULL,                  -- folded last|first|birth date: the identity when there is no school_id
  search_key TEXT NOT NULL,                -- folded names, class, group, id: accent-insensitive search
  user_id BIGINT UNIQUE REFERENCES users (id) ON DELETE SET NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX students_name_key_idx ON students (name_key) WHERE school_id IS NULL;
CREATE INDEX students_name_key_all_idx ON students (name_key);
CREATE INDEX students_class_idx ON students (archived, class_name, group_name);
CREATE INDEX students_sort_idx ON students (archived, last_name, first_name);

CREATE TABLE roster_imports (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the token given with the preview
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  file_name TEXT NOT NULL DEFAULT '',
  file_sha256 TEXT NOT NULL,
  plan_json TEXT NOT NULL,                 -- the parsed rows and the preview they produced
  committed_at BIGINT
);

CREATE TABLE exams (
  id {{id}},
  name TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  exam_date TEXT,                          -- ISO YYYY-MM-DD
  scale_milli BIGINT NOT NULL DEFAULT 20000,        -- "noté sur", in thousandths of a point
  rounding_milli BIGINT NOT NULL DEFAULT 10,        -- rounding step of the final mark (0.01, 0.25, 0.5)
  pages_per_copy INTEGER NOT NULL DEFAULT 4,
  scan_layout TEXT NOT NULL DEFAULT 'a4' CHECK (scan_layout IN ('a4', 'a3_booklet', 'individual')),
  scheme_json TEXT NOT NULL DEFAULT '[]',
  scheme_version INTEGER NOT NULL DEFAULT 1,
  scheme_next_id BIGINT NOT NULL DEFAULT 1,
  search_key TEXT NOT NULL,
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX exams_list_idx ON exams (archived, exam_date);

CREATE TABLE exam_audiences (
  exam_id BIGINT NOT NULL REFERENCES exams (id) ON DELETE CASCADE,
  class_name TEXT NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',     -- '' = the whole class
  PRIMARY KEY (exam_id, class_name, group_name)
);

CREATE TABLE exam_correctors (
  exam_id BIGINT NOT NULL REFERENCES exams (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  added_at BIGINT NOT NULL,
  PRIMARY KEY (exam_id, user_id)
);
CREATE INDEX exam_correctors_user_idx ON exam_correctors (user_id);

CREATE TABLE scheme_versions (
  exam_id BIGINT NOT NULL REFERENCES exams (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  scheme_json TEXT NOT NULL,
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (exam_id, version)
);
