-- Governance: meetings, recorded decisions, consultations and responses, Change Board votes,
-- SEC versions, SSC nominations, DCC assessments. Business dates are 'YYYY-MM-DD' text ('' when
-- not set); list columns use the register's EncodeList encoding.

INSERT INTO counters (name, value) VALUES ('decision_id', 0);
INSERT INTO counters (name, value) VALUES ('vote_seq', 0);
INSERT INTO counters (name, value) VALUES ('nomination_id', 0);
INSERT INTO counters (name, value) VALUES ('assessment_id', 0);

CREATE TABLE meetings (
  id          TEXT PRIMARY KEY,
  body        TEXT NOT NULL,
  number      INTEGER NOT NULL,
  day         TEXT NOT NULL,
  items       TEXT NOT NULL,
  comment     TEXT NOT NULL,
  create_time INTEGER NOT NULL
);
CREATE INDEX meetings_body_day ON meetings (body, day, id);
CREATE INDEX meetings_day ON meetings (day, id);

CREATE TABLE decisions (
  id            INTEGER PRIMARY KEY,
  meeting       TEXT NOT NULL,
  modification  TEXT NOT NULL,
  kind          TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  reasons       TEXT NOT NULL,
  reference     TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  status        TEXT NOT NULL,
  path          TEXT NOT NULL,
  timetable     TEXT NOT NULL,
  record_time   INTEGER NOT NULL
);
CREATE INDEX decisions_meeting ON decisions (meeting, id);
CREATE INDEX decisions_modification ON decisions (modification, id);

-- The latest consultation of a proposal; `round` counts re-issues after a send-back.
CREATE TABLE consultations (
  modification TEXT PRIMARY KEY REFERENCES modifications (reference),
  round        INTEGER NOT NULL,
  issue_date   TEXT NOT NULL,
  deadline     TEXT NOT NULL,
  contact      TEXT NOT NULL,
  state        TEXT NOT NULL,
  close_date   TEXT NOT NULL,
  version      INTEGER NOT NULL
);
CREATE INDEX consultations_issue_date ON consultations (issue_date, modification);

CREATE TABLE consultation_responses (
  modification  TEXT NOT NULL,
  round         INTEGER NOT NULL,
  party         TEXT NOT NULL REFERENCES parties (id),
  position      TEXT NOT NULL,
  text          TEXT NOT NULL,
  response_date TEXT NOT NULL,
  principal     TEXT NOT NULL,
  PRIMARY KEY (modification, round, party)
);

-- Every vote cast (a changed vote is a later row); the tally counts each member's last one.
CREATE TABLE votes (
  sequence     INTEGER PRIMARY KEY,
  modification TEXT NOT NULL,
  round        INTEGER NOT NULL,
  voter        TEXT NOT NULL,
  voting_group TEXT NOT NULL,
  choice       TEXT NOT NULL,
  reason       TEXT NOT NULL,
  vote_date    TEXT NOT NULL
);
CREATE INDEX votes_modification ON votes (modification, round, sequence);

CREATE TABLE sec_versions (
  number         TEXT PRIMARY KEY,
  effective_date TEXT NOT NULL,
  implements     TEXT NOT NULL,
  sections       TEXT NOT NULL,
  comment        TEXT NOT NULL,
  create_time    INTEGER NOT NULL
);
CREATE INDEX sec_versions_effective ON sec_versions (effective_date, number);

CREATE TABLE ssc_nominations (
  id                  INTEGER PRIMARY KEY,
  nominating_party    TEXT NOT NULL REFERENCES parties (id),
  nominator_name      TEXT NOT NULL,
  nominator_position  TEXT NOT NULL,
  nominator_is_senior INTEGER NOT NULL,
  nominee             TEXT NOT NULL,
  nominee_category    TEXT NOT NULL,
  security_expertise  TEXT NOT NULL,
  nominated_on        TEXT NOT NULL,
  state               TEXT NOT NULL,
  rejection_reason    TEXT NOT NULL,
  vetted              INTEGER NOT NULL,
  vetting_passed      INTEGER NOT NULL,
  vetting_date        TEXT NOT NULL,
  appointed_on        TEXT NOT NULL,
  term_end            TEXT NOT NULL,
  version             INTEGER NOT NULL
);
CREATE INDEX ssc_nominations_state ON ssc_nominations (state, id);

CREATE TABLE dcc_assessments (
  id           INTEGER PRIMARY KEY,
  modification TEXT NOT NULL REFERENCES modifications (reference),
  kind         TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  due_explicit INTEGER NOT NULL,
  state        TEXT NOT NULL,
  updates      TEXT NOT NULL,
  delivered_on TEXT NOT NULL,
  version      INTEGER NOT NULL
);
CREATE INDEX dcc_assessments_modification ON dcc_assessments (modification, id);
