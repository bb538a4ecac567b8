-- Register: parties, proposals, the append-only history, idempotent request results.
-- Times are microseconds since the Unix epoch (UTC); business dates are 'YYYY-MM-DD' text.
-- Binary collation everywhere so comparisons and ordering match the SQLite backend.

CREATE TABLE counters (
  name  VARCHAR(64) NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO counters (name, value) VALUES ('event_seq', 0);
INSERT INTO counters (name, value) VALUES ('modification_ref', 0);

CREATE TABLE parties (
  id           VARCHAR(63) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  category     VARCHAR(40) NOT NULL,
  version      BIGINT NOT NULL,
  create_time  BIGINT NOT NULL,
  update_time  BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE modifications (
  reference         VARCHAR(16) NOT NULL PRIMARY KEY,
  number            INT NOT NULL UNIQUE,
  title             VARCHAR(300) NOT NULL,
  proposer          VARCHAR(63) NOT NULL,
  date_raised       CHAR(10) NOT NULL,
  status            VARCHAR(32) NOT NULL,
  suspended_from    VARCHAR(32) NULL,
  path              VARCHAR(16) NOT NULL,
  fast_track        TINYINT NOT NULL,
  urgent            TINYINT NOT NULL,
  sections          TEXT NOT NULL,
  problem_statement MEDIUMTEXT NOT NULL,
  intended_changes  MEDIUMTEXT NOT NULL,
  comment           TEXT NOT NULL,
  is_open           TINYINT NOT NULL,
  version           BIGINT NOT NULL,
  create_time       BIGINT NOT NULL,
  update_time       BIGINT NOT NULL,
  KEY modifications_status (status, reference),
  KEY modifications_open (is_open, reference),
  KEY modifications_proposer (proposer, reference),
  KEY modifications_date_raised (date_raised, reference),
  KEY modifications_title (title, reference),
  CONSTRAINT modifications_proposer_fk FOREIGN KEY (proposer) REFERENCES parties (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE modification_sections (
  reference VARCHAR(16) NOT NULL,
  section   VARCHAR(32) NOT NULL,
  PRIMARY KEY (reference, section),
  KEY modification_sections_section (section, reference),
  CONSTRAINT modification_sections_fk FOREIGN KEY (reference) REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE events (
  sequence       BIGINT NOT NULL PRIMARY KEY,
  resource       VARCHAR(200) NOT NULL,
  kind           VARCHAR(64) NOT NULL,
  effective_date CHAR(10) NOT NULL,
  record_time    BIGINT NOT NULL,
  principal      VARCHAR(200) NOT NULL,
  status         VARCHAR(32) NULL,
  before_json    MEDIUMTEXT NOT NULL,
  after_json     MEDIUMTEXT NOT NULL,
  note           TEXT NOT NULL,
  KEY events_resource (resource, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE requests (
  request_id  VARCHAR(128) NOT NULL PRIMARY KEY,
  method      VARCHAR(128) NOT NULL,
  principal   VARCHAR(200) NOT NULL,
  response    MEDIUMBLOB NOT NULL,
  create_time BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
