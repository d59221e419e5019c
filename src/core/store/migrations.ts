/**
 * Numbered schema migrations, tracked in `PRAGMA user_version`.
 * Append new steps; never edit one that has shipped (file databases keep their version).
 */
export const MIGRATIONS: string[] = [
  /* 1: accounts, keys, agents, batches, calls */ `
  CREATE TABLE accounts (
    account_id                TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    email                     TEXT NOT NULL,
    api_enabled               INTEGER NOT NULL DEFAULT 1,
    max_batch_size            INTEGER NOT NULL DEFAULT 10000,
    max_concurrent_calls      INTEGER NOT NULL DEFAULT 20,
    max_call_duration_seconds INTEGER NOT NULL DEFAULT 900,
    rate_limit_per_minute     INTEGER,            -- NULL: the server's RATE_LIMIT_PER_MINUTE
    webhook_secret            TEXT NOT NULL,
    created_at                TEXT NOT NULL
  );

  CREATE TABLE api_keys (
    key_hash   TEXT PRIMARY KEY,                  -- sha256 hex of the key: lookups never compare raw keys
    api_key    TEXT NOT NULL,                     -- kept so fixtures can be exported and restored
    account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  );
  CREATE INDEX api_keys_by_account ON api_keys(account_id);

  CREATE TABLE agents (
    agent_id        TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    agent_name      TEXT NOT NULL,
    voice           TEXT NOT NULL,
    current_version TEXT NOT NULL,
    outcome_keys    TEXT NOT NULL                 -- JSON array of the agent's outcome labels
  );
  CREATE INDEX agents_by_account ON agents(account_id);

  CREATE TABLE prompt_versions (
    version_id TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents(agent_id) ON DELETE CASCADE
  );

  CREATE TABLE batches (
    schedule_id                   TEXT PRIMARY KEY,
    account_id                    TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    agent_id                      TEXT NOT NULL,
    agent_name                    TEXT NOT NULL,
    version_id                    TEXT NOT NULL,
    status                        TEXT NOT NULL,
    start_mode                    TEXT NOT NULL,
    voice                         TEXT NOT NULL,
    did_number                    TEXT,
    total_contacts                INTEGER NOT NULL,
    completed_contacts            INTEGER NOT NULL,
    failed_contacts               INTEGER NOT NULL,
    pending_contacts              INTEGER NOT NULL,
    concurrency                   INTEGER NOT NULL,
    recording_enabled             INTEGER NOT NULL,
    scheduled_at                  TEXT,
    started_at                    TEXT,
    created_at                    TEXT NOT NULL,
    updated_at                    TEXT NOT NULL,
    interruption                  INTEGER NOT NULL DEFAULT 0,
    use_alternate_number          INTEGER NOT NULL DEFAULT 0,
    deduplicate_by_phone          INTEGER NOT NULL DEFAULT 1,
    callback_url                  TEXT,
    max_duration_seconds_per_call INTEGER,
    metadata                      TEXT,           -- JSON object or NULL
    frozen                        INTEGER NOT NULL DEFAULT 0, -- documentation records: never simulated
    list_json                     BLOB NOT NULL   -- the List item, serialized once per change
  );
  -- Lists are newest first, then by id descending: one index per filter combination.
  CREATE INDEX batches_by_account        ON batches(account_id, created_at DESC, schedule_id DESC);
  CREATE INDEX batches_by_account_status ON batches(account_id, status, created_at DESC, schedule_id DESC);
  CREATE INDEX batches_by_account_agent  ON batches(account_id, agent_id, status, created_at DESC, schedule_id DESC);

  CREATE TABLE calls (
    batch_id                TEXT NOT NULL REFERENCES batches(schedule_id) ON DELETE CASCADE,
    seq                     INTEGER NOT NULL,     -- 1..n in contact order: page N is seq > (N-1)*limit
    call_id                 TEXT NOT NULL,
    external_id             TEXT NOT NULL,
    phone_number            TEXT NOT NULL,
    name                    TEXT,
    status                  TEXT NOT NULL,
    duration_seconds        INTEGER,
    answer_duration_seconds INTEGER,
    disconnect_reason       TEXT,
    transcript_status       TEXT NOT NULL,
    analysis_status         TEXT NOT NULL,
    summary                 TEXT,
    outcomes                TEXT NOT NULL,        -- JSON object
    recording_available     INTEGER NOT NULL,
    started_at              TEXT,
    ended_at                TEXT,
    metadata                TEXT NOT NULL,        -- JSON object
    call_json               BLOB NOT NULL,        -- the List Batch Calls item, serialized once per change
    result_json             BLOB NOT NULL,        -- the Get Batch Results item, serialized once per change
    UNIQUE (batch_id, seq)
  );
  CREATE INDEX calls_by_status   ON calls(batch_id, status, seq);
  CREATE INDEX calls_by_external ON calls(batch_id, external_id, seq);

  -- Per-batch call counts by status, kept in step with every call write, so a filtered
  -- listing's total never needs COUNT(*) over a large batch.
  CREATE TABLE call_status_counts (
    batch_id TEXT NOT NULL REFERENCES batches(schedule_id) ON DELETE CASCADE,
    status   TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (batch_id, status)
  ) WITHOUT ROWID;
  `,
  /* 2: simulation: paused flag, due events, engine state; webhook deliveries and attempts */ `
  ALTER TABLE batches ADD COLUMN paused INTEGER NOT NULL DEFAULT 0; -- admin-only: a paused batch stays "active"

  -- The simulation's priority queue: one row per due event, processed in (due_ms, id) order.
  CREATE TABLE sim_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    due_ms   INTEGER NOT NULL,
    batch_id TEXT NOT NULL REFERENCES batches(schedule_id) ON DELETE CASCADE,
    seq      INTEGER,                              -- the call, or NULL for a batch event
    kind     TEXT NOT NULL
  );
  CREATE INDEX sim_events_due ON sim_events(due_ms, id);
  CREATE INDEX sim_events_by_batch ON sim_events(batch_id, seq);

  -- Engine state that must survive a restart: the clock, id counters.
  CREATE TABLE sim_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE webhook_deliveries (
    n               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL UNIQUE,          -- evt_…: one delivery per event
    event_type      TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    batch_id        TEXT NOT NULL REFERENCES batches(schedule_id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    payload         TEXT NOT NULL,                 -- the exact bytes sent (signed as is)
    status          TEXT NOT NULL,                 -- pending | succeeded | failed
    attempt_count   INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER,                       -- NULL once succeeded or given up
    created_at      TEXT NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_ms, n) WHERE next_attempt_ms IS NOT NULL;
  CREATE INDEX webhook_deliveries_by_batch ON webhook_deliveries(batch_id, n);

  CREATE TABLE webhook_attempts (
    event_id        TEXT NOT NULL REFERENCES webhook_deliveries(event_id) ON DELETE CASCADE,
    attempt         INTEGER NOT NULL,
    attempted_at    TEXT NOT NULL,
    success         INTEGER NOT NULL,
    response_status INTEGER,
    latency_ms      INTEGER NOT NULL,
    error           TEXT,
    redelivery      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, attempt)
  ) WITHOUT ROWID;
  `,
  /* 3: the store keeps records only; each API surface builds its own JSON (and caches it in memory) */ `
  ALTER TABLE batches DROP COLUMN list_json;
  ALTER TABLE calls DROP COLUMN call_json;
  ALTER TABLE calls DROP COLUMN result_json;
  `,
  /* 4: several providers over one store: an account belongs to one provider; phone numbers; what
        Cartesia's and Ultravox's batches and calls add (names, windows, retries, attempts) */ `
  ALTER TABLE accounts ADD COLUMN provider TEXT NOT NULL DEFAULT 'techladder';
  ALTER TABLE accounts ADD COLUMN profile TEXT;   -- TechLadder response profile; NULL: the server's
  ALTER TABLE agents ADD COLUMN created_at TEXT;  -- NULL on databases made before this column

  CREATE TABLE phone_numbers (
    number_id  TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    number     TEXT NOT NULL,                     -- E.164
    kind       TEXT NOT NULL,                     -- who carries it: the provider's own, twilio, sip_trunk
    created_at TEXT NOT NULL
  );
  CREATE INDEX phone_numbers_by_account ON phone_numbers(account_id);

  ALTER TABLE batches ADD COLUMN name TEXT;
  ALTER TABLE batches ADD COLUMN from_number_id TEXT;
  ALTER TABLE batches ADD COLUMN retry_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN window_end_at TEXT;  -- calls not dialed by then expire
  ALTER TABLE batches ADD COLUMN webhook_secret TEXT; -- NULL: the account's
  ALTER TABLE batches ADD COLUMN drained_at TEXT;     -- when no call was left waiting to be dialed
  ALTER TABLE batches ADD COLUMN deleted_at TEXT;     -- deleted batches are gone from every API
  ALTER TABLE batches ADD COLUMN extra TEXT;          -- JSON kept for the surface that made the batch

  ALTER TABLE calls ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE calls ADD COLUMN dialed_ord INTEGER;    -- order of dialing across the store (NULL: not dialed)
  ALTER TABLE calls ADD COLUMN dial_error TEXT;       -- why the call could not be placed at all
  ALTER TABLE calls ADD COLUMN extra TEXT;            -- JSON kept for the surface that made the call
  CREATE INDEX calls_by_call_id ON calls(call_id);
  CREATE INDEX calls_by_dial ON calls(batch_id, dialed_ord) WHERE dialed_ord IS NOT NULL;
  CREATE INDEX calls_by_dial_order ON calls(dialed_ord) WHERE dialed_ord IS NOT NULL;

  -- Earlier attempts of calls dialed again (a retried batch): the call row holds the latest.
  CREATE TABLE call_attempts (
    batch_id                TEXT NOT NULL REFERENCES batches(schedule_id) ON DELETE CASCADE,
    seq                     INTEGER NOT NULL,
    attempt                 INTEGER NOT NULL,
    call_id                 TEXT NOT NULL,
    dialed_ord              INTEGER,
    status                  TEXT NOT NULL,
    duration_seconds        INTEGER,
    answer_duration_seconds INTEGER,
    disconnect_reason       TEXT,
    dial_error              TEXT,
    transcript_status       TEXT NOT NULL,
    analysis_status         TEXT NOT NULL,
    summary                 TEXT,
    outcomes                TEXT NOT NULL,
    recording_available     INTEGER NOT NULL,
    started_at              TEXT,
    ended_at                TEXT,
    PRIMARY KEY (batch_id, seq, attempt)
  ) WITHOUT ROWID;
  CREATE INDEX call_attempts_by_call_id ON call_attempts(call_id);
  CREATE INDEX call_attempts_by_dial ON call_attempts(batch_id, dialed_ord);
  `
]
