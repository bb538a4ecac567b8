-- Governance: meetings, recorded decisions, consultations and responses, Change Board votes,
-- SEC versions, SSC nominations, DCC assessments. Business dates are CHAR(10) 'YYYY-MM-DD' (''
-- when not set); list columns use the register's EncodeList encoding. Binary collation so
-- comparisons and ordering match the SQLite backend.

INSERT INTO counters (name, value) VALUES ('decision_id', 0);
INSERT INTO counters (name, value) VALUES ('vote_seq', 0);
INSERT INTO counters (name, value) VALUES ('nomination_id', 0);
INSERT INTO counters (name, value) VALUES ('assessment_id', 0);

CREATE TABLE meetings (
  id          VARCHAR(80) NOT NULL PRIMARY KEY,
  body        VARCHAR(40) NOT NULL,
  number      INT NOT NULL,
  day         CHAR(10) NOT NULL,
  items       MEDIUMTEXT NOT NULL,
  comment     TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  KEY meetings_body_day (body, day, id),
  KEY meetings_day (day, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE decisions (
  id            BIGINT NOT NULL PRIMARY KEY,
  meeting       VARCHAR(80) NOT NULL,
  modification  VARCHAR(16) NOT NULL,
  kind          VARCHAR(40) NOT NULL,
  outcome       TEXT NOT NULL,
  reasons       TEXT NOT NULL,
  reference     VARCHAR(200) NOT NULL,
  decision_date CHAR(10) NOT NULL,
  status        VARCHAR(32) NOT NULL,
  path          VARCHAR(16) NOT NULL,
  timetable     TEXT NOT NULL,
  record_time   BIGINT NOT NULL,
  KEY decisions_meeting (meeting, id),
  KEY decisions_modification (modification, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The latest consultation of a proposal; `round` counts re-issues after a send-back.
CREATE TABLE consultations (
  modification VARCHAR(16) NOT NULL PRIMARY KEY,
  round        INT NOT NULL,
  issue_date   CHAR(10) NOT NULL,
  deadline     CHAR(10) NOT NULL,
  contact      VARCHAR(200) NOT NULL,
  state        VARCHAR(16) NOT NULL,
  close_date   CHAR(10) NOT NULL,
  version      BIGINT NOT NULL,
  KEY consultations_issue_date (issue_date, modification),
  CONSTRAINT consultations_fk FOREIGN KEY (modification) REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE consultation_responses (
  modification  VARCHAR(16) NOT NULL,
  round         INT NOT NULL,
  party         VARCHAR(63) NOT NULL,
  position      VARCHAR(16) NOT NULL,
  text          MEDIUMTEXT NOT NULL,
  response_date CHAR(10) NOT NULL,
  principal     VARCHAR(200) NOT NULL,
  PRIMARY KEY (modification, round, party),
  CONSTRAINT consultation_responses_party_fk FOREIGN KEY (party) REFERENCES parties (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every vote cast (a changed vote is a later row); the tally counts each member's last one.
CREATE TABLE votes (
  sequence     BIGINT NOT NULL PRIMARY KEY,
  modification VARCHAR(16) NOT NULL,
  round        INT NOT NULL,
  voter         VARCHAR(200) NOT NULL,
  voting_group VARCHAR(40) NOT NULL,
  choice       VARCHAR(16) NOT NULL,
  reason       TEXT NOT NULL,
  vote_date    CHAR(10) NOT NULL,
  KEY votes_modification (modification, round, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sec_versions (
  number         VARCHAR(32) NOT NULL PRIMARY KEY,
  effective_date CHAR(10) NOT NULL,
  implements     TEXT NOT NULL,
  sections       TEXT NOT NULL,
  comment        TEXT NOT NULL,
  create_time    BIGINT NOT NULL,
  KEY sec_versions_effective (effective_date, number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ssc_nominations (
  id                  BIGINT NOT NULL PRIMARY KEY,
  nominating_party    VARCHAR(63) NOT NULL,
  nominator_name      VARCHAR(200) NOT NULL,
  nominator_position  VARCHAR(200) NOT NULL,
  nominator_is_senior TINYINT NOT NULL,
  nominee             VARCHAR(200) NOT NULL,
  nominee_category    VARCHAR(40) NOT NULL,
  security_expertise  TEXT NOT NULL,
  nominated_on        CHAR(10) NOT NULL,
  state               VARCHAR(16) NOT NULL,
  rejection_reason    TEXT NOT NULL,
  vetted              TINYINT NOT NULL,
  vetting_passed      TINYINT NOT NULL,
  vetting_date        CHAR(10) NOT NULL,
  appointed_on        CHAR(10) NOT NULL,
  term_end            CHAR(10) NOT NULL,
  version             BIGINT NOT NULL,
  KEY ssc_nominations_state (state, id),
  CONSTRAINT ssc_nominations_party_fk FOREIGN KEY (nominating_party) REFERENCES parties (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE dcc_assessments (
  id           BIGINT NOT NULL PRIMARY KEY,
  modification VARCHAR(16) NOT NULL,
  kind         VARCHAR(16) NOT NULL,
  requested_on CHAR(10) NOT NULL,
  due_on       CHAR(10) NOT NULL,
  due_explicit TINYINT NOT NULL,
  state        VARCHAR(16) NOT NULL,
  updates      MEDIUMTEXT NOT NULL,
  delivered_on CHAR(10) NOT NULL,
  version      BIGINT NOT NULL,
  KEY dcc_assessments_modification (modification, id),
  CONSTRAINT dcc_assessments_fk FOREIGN KEY (modification) REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
