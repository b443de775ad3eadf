-- Scanned PDFs uploaded for an exam, the A4 pages taken from them (with their viewing images), the copies
-- (one per student, anonymous), identification suggestions, and the history of page repairs (each one undoable).
ALTER TABLE exams ADD COLUMN copy_prefix TEXT NOT NULL DEFAULT '';   -- random, e.g. "K7Q"; set with the first copy
ALTER TABLE exams ADD COLUMN next_copy_seq INTEGER NOT NULL DEFAULT 1;
ALTER TABLE exams ADD COLUMN identity_zone TEXT NOT NULL DEFAULT '';  -- JSON; '' = the default zone

CREATE TABLE scans (
  id {{id}},
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  filename TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  file_key TEXT NOT NULL REFERENCES stored_files (storage_key),
  status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  progress INTEGER NOT NULL DEFAULT 0,
  page_count INTEGER,                      -- pages of the PDF, once inspected
  pages_done INTEGER NOT NULL DEFAULT 0,
  copies_built INTEGER NOT NULL DEFAULT 0, -- 1 once its pages were grouped into copies
  error TEXT,
  error_rule TEXT,
  job_id BIGINT,
  uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (exam_id, sha256)
);
CREATE INDEX scans_exam_idx ON scans (exam_id, id);

CREATE TABLE copies (
  id {{id}},
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  sequence INTEGER NOT NULL,
  anonymous_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('staging', 'ready', 'grading', 'graded', 'grading_failed')),
  student_id BIGINT REFERENCES students (id),
  flags TEXT NOT NULL DEFAULT '[]',        -- JSON list: incomplete, blank_pages, orientation_review, duplicate_pages
  scan_id BIGINT REFERENCES scans (id) ON DELETE SET NULL,  -- the scan it was built from
  removed INTEGER NOT NULL DEFAULT 0,      -- emptied by a repair (kept so the repair can be undone)
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (exam_id, sequence),
  UNIQUE (exam_id, anonymous_id),
  UNIQUE (exam_id, student_id)
);
CREATE INDEX copies_list_idx ON copies (exam_id, removed, sequence);
CREATE INDEX copies_student_idx ON copies (student_id);

CREATE TABLE pages (
  id {{id}},
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  scan_id BIGINT NOT NULL REFERENCES scans (id),
  source_index INTEGER NOT NULL,           -- 0-based page of the PDF
  half TEXT NOT NULL CHECK (half IN ('full', 'left', 'right')),
  size_class TEXT NOT NULL,                -- a4 | a3 | other: the PDF page it was taken from
  width_px INTEGER NOT NULL,
  height_px INTEGER NOT NULL,
  auto_rotation INTEGER NOT NULL DEFAULT 0,   -- applied to the stored images by orientation detection
  rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),  -- applied when serving
  orientation_confidence REAL NOT NULL DEFAULT 1,
  ink_ratio REAL NOT NULL DEFAULT 0,
  blank INTEGER NOT NULL DEFAULT 0,
  content_sha256 TEXT NOT NULL,
  view_key TEXT NOT NULL REFERENCES stored_files (storage_key),
  thumb_key TEXT NOT NULL REFERENCES stored_files (storage_key),
  copy_id BIGINT REFERENCES copies (id),   -- NULL: in the exam's pool of unassigned pages
  position INTEGER,                        -- 1-based place in the copy
  created_at BIGINT NOT NULL,
  UNIQUE (scan_id, source_index, half)
);
CREATE INDEX pages_copy_idx ON pages (copy_id, position);
CREATE INDEX pages_exam_idx ON pages (exam_id, copy_id);

CREATE TABLE copy_suggestions (
  id {{id}},
  copy_id BIGINT NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
  student_id BIGINT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  source TEXT NOT NULL,                    -- filename | qr | ocr
  confidence REAL NOT NULL,                -- 0–1
  created_at BIGINT NOT NULL,
  UNIQUE (copy_id, student_id, source)
);

CREATE TABLE page_repairs (
  id {{id}},
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  kind TEXT NOT NULL,                      -- merge | split | move | reorder | rotate | remove | assign | undo
  params TEXT NOT NULL,                    -- JSON: what was asked
  before_state TEXT NOT NULL,              -- JSON: the affected copies and pages before
  after_state TEXT NOT NULL,               -- JSON: and after
  user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  undone_by BIGINT,                        -- the repair that undid this one
  created_at BIGINT NOT NULL
);
CREATE INDEX page_repairs_exam_idx ON page_repairs (exam_id, id);
