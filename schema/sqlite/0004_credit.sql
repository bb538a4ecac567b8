-- Credit cover (SPEC 4): policies, assessments, charges, credit support, breach notices and the
-- record of daily checks. Money is integer pence, factors basis points; dates 'YYYY-MM-DD' text
-- (so text order is date order); times microseconds since the epoch.

-- One sequence for every credit record id, so ids are unique across the area and the order of
-- recording breaks ties (a re-issued invoice for the same date wins).
INSERT INTO counters (name, value) VALUES ('credit_seq', 0);

-- Policies are versioned data: one per effective date, never updated.
-- rating_factors: "AAA=10000;AA+=10000;..."; score_bands: "80-100=2000;...".
CREATE TABLE credit_policies (
  id              TEXT PRIMARY KEY,
  display_name    TEXT NOT NULL,
  effective_date  TEXT NOT NULL UNIQUE,
  uplift_bp       INTEGER NOT NULL,
  allowance_basis TEXT NOT NULL,
  rating_factors  TEXT NOT NULL,
  score_bands     TEXT NOT NULL,
  mcv_cap_pence   INTEGER,
  comment         TEXT NOT NULL,
  create_time     INTEGER NOT NULL
);

CREATE TABLE credit_assessments (
  seq            INTEGER PRIMARY KEY,
  party          TEXT NOT NULL REFERENCES parties (id),
  effective_date TEXT NOT NULL,
  rating         TEXT,
  score          INTEGER,
  mcv_pence      INTEGER NOT NULL,
  create_time    INTEGER NOT NULL
);
CREATE INDEX credit_assessments_party ON credit_assessments (party, effective_date, seq);

CREATE TABLE credit_charges (
  seq          INTEGER PRIMARY KEY,
  party        TEXT NOT NULL REFERENCES parties (id),
  period       TEXT NOT NULL,
  invoice_date TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  create_time  INTEGER NOT NULL
);
CREATE INDEX credit_charges_party ON credit_charges (party, invoice_date, seq);

CREATE TABLE credit_instruments (
  seq           INTEGER PRIMARY KEY,
  party         TEXT NOT NULL REFERENCES parties (id),
  kind          TEXT NOT NULL,
  amount_pence  INTEGER NOT NULL,
  issuer        TEXT NOT NULL,
  valid_from    TEXT NOT NULL,
  valid_to      TEXT,
  state         TEXT NOT NULL,
  withdraw_date TEXT,
  version       INTEGER NOT NULL,
  create_time   INTEGER NOT NULL,
  update_time   INTEGER NOT NULL
);
CREATE INDEX credit_instruments_party ON credit_instruments (party, seq);

-- J3.14 notices of breach; an Event of Default (M8.1(d)) is recorded on its notice.
CREATE TABLE credit_notices (
  party           TEXT NOT NULL REFERENCES parties (id),
  notice_date     TEXT NOT NULL,
  cure_deadline   TEXT NOT NULL,
  shortfall_pence INTEGER NOT NULL,
  state           TEXT NOT NULL,
  cured_date      TEXT,
  default_date    TEXT,
  default_pence   INTEGER,
  PRIMARY KEY (party, notice_date)
);
CREATE INDEX credit_notices_state ON credit_notices (state, party, notice_date);

-- One row per date checked: a re-run returns the stored outcome and changes nothing.
CREATE TABLE credit_checks (
  check_date  TEXT PRIMARY KEY,
  response    TEXT NOT NULL,
  principal   TEXT NOT NULL,
  create_time INTEGER NOT NULL
);
