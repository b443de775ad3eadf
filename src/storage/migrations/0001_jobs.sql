-- Background jobs: claimed atomically by workers, heartbeated while running, retried with backoff.
-- Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE jobs (
  id {{id}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  priority INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  idempotency_key TEXT UNIQUE,
  run_after BIGINT NOT NULL,
  progress_percent INTEGER NOT NULL DEFAULT 0,
  progress_message TEXT NOT NULL DEFAULT '',
  result TEXT,
  error TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  worker_id TEXT,
  heartbeat_at BIGINT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX jobs_claim_idx ON jobs (state, run_after, priority);
CREATE INDEX jobs_running_idx ON jobs (state, heartbeat_at);
CREATE INDEX jobs_kind_state_idx ON jobs (kind, state);
