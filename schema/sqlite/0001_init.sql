-- Register: parties, proposals, the append-only history, idempotent request results.
-- Times are microseconds since the Unix epoch (UTC); business dates are 'YYYY-MM-DD' text.

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('event_seq', 0);
INSERT INTO counters (name, value) VALUES ('modification_ref', 0);

CREATE TABLE parties (
  id           TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  category     TEXT NOT NULL,
  version      INTEGER NOT NULL,
  create_time  INTEGER NOT NULL,
  update_time  INTEGER NOT NULL
);

CREATE TABLE modifications (
  reference         TEXT PRIMARY KEY,
  number            INTEGER NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  proposer          TEXT NOT NULL REFERENCES parties (id),
  date_raised       TEXT NOT NULL,
  status            TEXT NOT NULL,
  suspended_from    TEXT,
  path              TEXT NOT NULL,
  fast_track        INTEGER NOT NULL,
  urgent            INTEGER NOT NULL,
  sections          TEXT NOT NULL,
  problem_statement TEXT NOT NULL,
  intended_changes  TEXT NOT NULL,
  comment           TEXT NOT NULL,
  is_open           INTEGER NOT NULL,
  version           INTEGER NOT NULL,
  create_time       INTEGER NOT NULL,
  update_time       INTEGER NOT NULL
);
CREATE INDEX modifications_status ON modifications (status, reference);
CREATE INDEX modifications_open ON modifications (is_open, reference);
CREATE INDEX modifications_proposer ON modifications (proposer, reference);
CREATE INDEX modifications_date_raised ON modifications (date_raised, reference);
CREATE INDEX modifications_title ON modifications (title, reference);

-- One row per section a proposal affects, for the `section = "D"` filter.
CREATE TABLE modification_sections (
  reference TEXT NOT NULL REFERENCES modifications (reference),
  section   TEXT NOT NULL,
  PRIMARY KEY (reference, section)
);
CREATE INDEX modification_sections_section ON modification_sections (section, reference);

CREATE TABLE events (
  sequence       INTEGER PRIMARY KEY,
  resource       TEXT NOT NULL,
  kind           TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  record_time    INTEGER NOT NULL,
  principal      TEXT NOT NULL,
  status         TEXT,
  before_json    TEXT NOT NULL,
  after_json     TEXT NOT NULL,
  note           TEXT NOT NULL
);
CREATE INDEX events_resource ON events (resource, sequence);

CREATE TABLE requests (
  request_id  TEXT PRIMARY KEY,
  method      TEXT NOT NULL,
  principal   TEXT NOT NULL,
  response    BLOB NOT NULL,
  create_time INTEGER NOT NULL
);
