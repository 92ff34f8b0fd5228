-- Recollect system of record. Ids are text (uuids made by the application) so both PGlite and PostgreSQL
-- behave the same; money is integer minor units with an ISO currency; every instant is timestamptz.

CREATE TABLE accounts (
  account_id        text PRIMARY KEY,
  external_id       text NOT NULL UNIQUE,
  first_name        text NOT NULL,
  last_name         text NOT NULL DEFAULT '',
  date_of_birth     date,
  ssn_last4         text,
  language          text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh')),
  country           text NOT NULL DEFAULT 'US',
  state             text,
  province          text,
  postal_code       text,
  time_zone         text,
  flags             text[] NOT NULL DEFAULT '{}',
  blocked_windows   jsonb NOT NULL DEFAULT '[]',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE debts (
  debt_id               text PRIMARY KEY,
  account_id            text NOT NULL REFERENCES accounts(account_id),
  external_id           text NOT NULL,
  creditor              text NOT NULL DEFAULT '',
  balance_minor         bigint NOT NULL CHECK (balance_minor >= 0),
  minimum_payment_minor bigint,
  currency              text NOT NULL,
  days_past_due         integer NOT NULL DEFAULT 0,
  due_date              date,
  status                text NOT NULL DEFAULT 'open',
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, external_id)
);

CREATE TABLE phones (
  phone_id        text PRIMARY KEY,
  account_id      text NOT NULL REFERENCES accounts(account_id),
  number_e164     text NOT NULL,
  phone_type      text NOT NULL DEFAULT 'unknown' CHECK (phone_type IN ('mobile', 'landline', 'unknown')),
  consent         boolean NOT NULL DEFAULT false,
  consent_source  text,
  consent_at      timestamptz,
  status          text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'bad', 'dnc', 'opted_out')),
  priority        integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, number_e164)
);
CREATE INDEX phones_number_idx ON phones (number_e164);

CREATE TABLE notes (
  note_id     text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(account_id),
  author      text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
  campaign_id   text PRIMARY KEY,
  name          text NOT NULL,
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'paused', 'stopped', 'completed')),
  script_id     text NOT NULL,
  profile       text NOT NULL,
  pacing_mode   text NOT NULL CHECK (pacing_mode IN ('preview', 'progressive', 'predictive', 'agentless')),
  filter        jsonb NOT NULL DEFAULT '{}',
  caller_ids    jsonb NOT NULL DEFAULT '[]',
  trunks        jsonb NOT NULL DEFAULT '[]',
  retry_rules   jsonb NOT NULL DEFAULT '{}',
  settings      jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every compliance decision made for a real dial, linked from the attempt it allowed (or not).
CREATE TABLE decisions (
  decision_id       text PRIMARY KEY,
  account_id        text NOT NULL REFERENCES accounts(account_id),
  campaign_id       text REFERENCES campaigns(campaign_id),
  phone_e164        text,
  profile           text NOT NULL,
  decided_at        timestamptz NOT NULL,
  allowed           boolean NOT NULL,
  blocked_by        text[] NOT NULL DEFAULT '{}',
  rules             jsonb NOT NULL,
  next_eligible_at  timestamptz
);
CREATE INDEX decisions_account_idx ON decisions (account_id, decided_at);

-- One row per dial attempt, written before the originate and updated at each step, so a process dying
-- mid-call leaves an open attempt that the restart reconciliation closes truthfully.
CREATE TABLE attempts (
  attempt_id      text PRIMARY KEY,
  campaign_id     text REFERENCES campaigns(campaign_id),
  account_id      text NOT NULL REFERENCES accounts(account_id),
  debt_id         text REFERENCES debts(debt_id),
  phone_id        text REFERENCES phones(phone_id),
  number_e164     text NOT NULL,
  decision_id     text REFERENCES decisions(decision_id),
  caller_id       text,
  dialer_id       text,
  fs_node         text,
  fs_uuid         text,
  trunk           text,
  channel         text NOT NULL DEFAULT 'robot' CHECK (channel IN ('robot', 'agent')),
  status          text NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'dialing', 'ringing', 'answered', 'ended')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  dialed_at       timestamptz,
  answered_at     timestamptz,
  ended_at        timestamptz,
  hangup_cause    text,
  q850_code       integer,
  sip_status      integer,
  amd_result      text,
  disposition     text,
  contact_outcome text,
  recording_path  text,
  recording_ms    integer,
  detail          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX attempts_account_idx ON attempts (account_id, created_at);
CREATE INDEX attempts_open_idx ON attempts (status) WHERE status <> 'ended';
CREATE UNIQUE INDEX attempts_fs_uuid_idx ON attempts (fs_uuid) WHERE fs_uuid IS NOT NULL;

-- Contact history the frequency caps count: our calls (from attempts) and contacts we did not place
-- (consumer-initiated calls, texts, emails). Outcome vocabulary is the compliance engine's.
CREATE TABLE contact_events (
  contact_id   text PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(account_id),
  debt_ids     text[] NOT NULL DEFAULT '{}',
  phone_e164   text,
  occurred_at  timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('call', 'text', 'email', 'inbound_call')),
  outcome      text NOT NULL CHECK (outcome IN ('conversation', 'voicemail', 'no_answer', 'busy', 'failed', 'not_in_service', 'machine')),
  channel      text CHECK (channel IN ('robot', 'agent')),
  attempt_id   text REFERENCES attempts(attempt_id)
);
CREATE INDEX contact_events_account_idx ON contact_events (account_id, occurred_at);

CREATE TABLE transcript_turns (
  attempt_id   text NOT NULL REFERENCES attempts(attempt_id),
  turn_no      integer NOT NULL,
  occurred_at  timestamptz NOT NULL,
  state        text,
  prompt       text,
  heard        text,
  intent       text,
  confidence   double precision,
  slots        jsonb NOT NULL DEFAULT '{}',
  transition   text,
  PRIMARY KEY (attempt_id, turn_no)
);

CREATE TABLE promises (
  promise_id    text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts(account_id),
  debt_id       text REFERENCES debts(debt_id),
  attempt_id    text REFERENCES attempts(attempt_id),
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  currency      text NOT NULL,
  due_date      date,
  installments  jsonb,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE callbacks (
  callback_id  text PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(account_id),
  attempt_id   text REFERENCES attempts(attempt_id),
  due_at       timestamptz NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payments (
  payment_id    text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts(account_id),
  debt_id       text REFERENCES debts(debt_id),
  external_id   text UNIQUE,
  amount_minor  bigint NOT NULL,
  currency      text NOT NULL,
  paid_at       timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE imports (
  import_id    text PRIMARY KEY,
  source       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  rows_total   integer NOT NULL,
  rows_ok      integer NOT NULL,
  rows_failed  integer NOT NULL,
  errors       jsonb NOT NULL DEFAULT '[]'
);

-- Who did what: every write through the API, every recording access.
CREATE TABLE audit_log (
  audit_id     bigserial PRIMARY KEY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  role         text NOT NULL,
  action       text NOT NULL,
  target       text,
  detail       jsonb NOT NULL DEFAULT '{}'
);
