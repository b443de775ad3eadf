-- Grading: who corrects each copy (dispatch), the corrector's annotations, scores and remarks keyed by stable
-- question ids, every applied batch of changes (history and safe retries), the comment bank, and the final PDFs
-- (every version kept).
ALTER TABLE copies ADD COLUMN corrector_id BIGINT REFERENCES users (id);
ALTER TABLE copies ADD COLUMN assigned_at BIGINT;
ALTER TABLE copies ADD COLUMN grading_version BIGINT NOT NULL DEFAULT 0;  -- bumped by every applied batch
ALTER TABLE copies ADD COLUMN appreciation TEXT NOT NULL DEFAULT '';
ALTER TABLE copies ADD COLUMN grading_error TEXT;        -- why the last final PDF could not be built
ALTER TABLE copies ADD COLUMN finalize_job_id BIGINT;
ALTER TABLE copies ADD COLUMN finalize_attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE copies ADD COLUMN finalized_at BIGINT;       -- the grading time printed in the final PDF
ALTER TABLE copies ADD COLUMN finalized_by BIGINT REFERENCES users (id);
ALTER TABLE copies ADD COLUMN raw_milli BIGINT;          -- points, at finalize
ALTER TABLE copies ADD COLUMN mark_milli BIGINT;         -- the final mark on the exam's scale
ALTER TABLE copies ADD COLUMN graded_scheme_version BIGINT;
CREATE INDEX copies_corrector_idx ON copies (exam_id, corrector_id);

CREATE TABLE dispatches (
  id {{id}},
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  seed TEXT NOT NULL,                      -- the shuffle's seed: the same seed gives the same assignment
  params TEXT NOT NULL,                    -- JSON: correctors and quotas asked
  summary TEXT NOT NULL,                   -- JSON: copies given to each corrector
  user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX dispatches_exam_idx ON dispatches (exam_id, id);

CREATE TABLE annotations (
  id {{id}},
  copy_id BIGINT NOT NULL REFERENCES copies (id),
  uid TEXT NOT NULL,                       -- the client's id, stable across edits
  page_id BIGINT NOT NULL REFERENCES pages (id),
  kind TEXT NOT NULL CHECK (kind IN ('ink', 'highlight', 'rect', 'text', 'stamp')),
  data TEXT NOT NULL,                      -- JSON: geometry, colour, text
  question_id BIGINT,                      -- a leaf of the marking scheme, or NULL
  points_milli BIGINT,                     -- the point delta it carries, or NULL
  bank_item_id BIGINT,                     -- the comment bank item it was made from, or NULL
  author_id BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (copy_id, uid)
);
CREATE INDEX annotations_bank_idx ON annotations (bank_item_id);

CREATE TABLE scores (
  copy_id BIGINT NOT NULL REFERENCES copies (id),
  question_id BIGINT NOT NULL,             -- a stable leaf id of the exam's scheme
  points_milli BIGINT,                     -- NULL: not scored yet (a remark alone)
  remark TEXT NOT NULL DEFAULT '',
  updated_by BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (copy_id, question_id)
);

CREATE TABLE grading_batches (
  id {{id}},
  copy_id BIGINT NOT NULL REFERENCES copies (id),
  version BIGINT NOT NULL,                 -- the copy's grading version this batch produced
  user_id BIGINT REFERENCES users (id),
  ops TEXT NOT NULL,                       -- JSON: the operations as applied
  created_at BIGINT NOT NULL,
  UNIQUE (copy_id, version)
);

CREATE TABLE grading_op_ids (
  copy_id BIGINT NOT NULL REFERENCES copies (id),
  op_id TEXT NOT NULL,                     -- the client's operation id: an op is applied once
  version BIGINT NOT NULL,
  PRIMARY KEY (copy_id, op_id)
);

CREATE TABLE comment_bank (
  id {{id}},
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  owner_id BIGINT REFERENCES users (id),   -- NULL: shared with the exam's correctors
  text TEXT NOT NULL,
  folded TEXT NOT NULL,                    -- lower-case, accents removed: what search compares
  question_id BIGINT,
  points_milli BIGINT,
  usage_count BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX comment_bank_exam_idx ON comment_bank (exam_id, owner_id);

CREATE TABLE final_pdfs (
  id {{id}},
  copy_id BIGINT NOT NULL REFERENCES copies (id),
  revision INTEGER NOT NULL,               -- 1, 2, …: a reopened or re-identified copy gets a new one
  file_key TEXT NOT NULL REFERENCES stored_files (storage_key),
  sha256 TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  page_count INTEGER NOT NULL,
  mark_milli BIGINT NOT NULL,
  raw_milli BIGINT NOT NULL,
  scheme_version BIGINT NOT NULL,
  grading_version BIGINT NOT NULL,
  student_id BIGINT,                       -- who the summary page names
  reason TEXT NOT NULL,                    -- finalize | identity | retry
  current INTEGER NOT NULL DEFAULT 1,      -- 0 once a newer revision replaced it
  created_at BIGINT NOT NULL,
  UNIQUE (copy_id, revision)
);
