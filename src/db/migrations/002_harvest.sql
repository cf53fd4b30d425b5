-- Harvesting: the state of each source, a report per run, the checkpoint of the pass in progress and the
-- native ids a full pass has seen (for the deletion sweep). Runs on PostgreSQL 15 and PGlite.

-- One row per configured source that has ever run.
CREATE TABLE harvest_sources (
  source_id        text PRIMARY KEY,
  kind             text NOT NULL,
  -- idle: nothing in progress; running: a run is (or was, if it crashed) in progress; failed: the last run failed
  state            text NOT NULL CHECK (state IN ('idle', 'running', 'failed')),
  -- incremental runs ask for changes since this time: the start of the last complete pass
  high_water_mark  timestamptz,
  last_success_run bigint,
  last_success_at  timestamptz,
  updated_at       timestamptz NOT NULL
);

-- One row per run (one process invocation); a pass interrupted and resumed spans several runs.
CREATE TABLE harvest_runs (
  run_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id   text NOT NULL,
  mode        text NOT NULL CHECK (mode IN ('full', 'incremental')),
  resumed     boolean NOT NULL,
  since       timestamptz,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  message     text,
  pages       integer NOT NULL DEFAULT 0,
  seen        integer NOT NULL DEFAULT 0,
  created     integer NOT NULL DEFAULT 0,
  updated     integer NOT NULL DEFAULT 0,
  unchanged   integer NOT NULL DEFAULT 0,
  deleted     integer NOT NULL DEFAULT 0,
  failed      integer NOT NULL DEFAULT 0,
  swept       boolean NOT NULL DEFAULT false
);

CREATE INDEX harvest_runs_source_idx ON harvest_runs (source_id, run_id DESC);

-- The records a run could not store, with the reason (crosswalk error, invalid STAC, missing collection).
CREATE TABLE harvest_run_errors (
  error_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id    bigint NOT NULL REFERENCES harvest_runs (run_id) ON DELETE CASCADE,
  native_id text NOT NULL,
  reason    text NOT NULL
);

CREATE INDEX harvest_run_errors_run_idx ON harvest_run_errors (run_id, error_id);

-- The pass in progress of a source: where to resume after a crash, and what the pass is.
CREATE TABLE harvest_checkpoints (
  source_id       text PRIMARY KEY,
  mode            text NOT NULL CHECK (mode IN ('full', 'incremental')),
  since           timestamptz,
  -- the start of the pass's first run: the next high-water mark once the pass completes
  pass_started_at timestamptz NOT NULL,
  -- null: from the beginning
  checkpoint      jsonb,
  run_id          bigint NOT NULL,
  updated_at      timestamptz NOT NULL
);

-- The native ids seen by the full pass in progress (or listed by a reconciliation): the sweep tombstones
-- the source's other records once the pass is complete.
CREATE TABLE harvest_seen (
  source_id text NOT NULL,
  native_id text NOT NULL,
  PRIMARY KEY (source_id, native_id)
);
