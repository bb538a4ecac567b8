-- Credit cover (SPEC 4): policies, assessments, charges, credit support, breach notices and the
-- record of daily checks. Money is BIGINT pence, factors basis points; dates 'YYYY-MM-DD' text
-- (so text order is date order); times microseconds since the epoch. Binary collation so
-- ordering matches the SQLite backend.

-- One sequence for every credit record id, so ids are unique across the area and the order of
-- recording breaks ties (a re-issued invoice for the same date wins).
INSERT INTO counters (name, value) VALUES ('credit_seq', 0);

-- Policies are versioned data: one per effective date, never updated.
-- rating_factors: "AAA=10000;AA+=10000;..."; score_bands: "80-100=2000;...".
CREATE TABLE credit_policies (
  id              VARCHAR(63) NOT NULL PRIMARY KEY,
  display_name    VARCHAR(200) NOT NULL,
  effective_date  CHAR(10) NOT NULL UNIQUE,
  uplift_bp       BIGINT NOT NULL,
  allowance_basis VARCHAR(32) NOT NULL,
  rating_factors  TEXT NOT NULL,
  score_bands     TEXT NOT NULL,
  mcv_cap_pence   BIGINT NULL,
  comment         TEXT NOT NULL,
  create_time     BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE credit_assessments (
  seq            BIGINT NOT NULL PRIMARY KEY,
  party          VARCHAR(63) NOT NULL,
  effective_date CHAR(10) NOT NULL,
  rating         VARCHAR(8) NULL,
  score          INT NULL,
  mcv_pence      BIGINT NOT NULL,
  create_time    BIGINT NOT NULL,
  KEY credit_assessments_party (party, effective_date, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE credit_charges (
  seq          BIGINT NOT NULL PRIMARY KEY,
  party        VARCHAR(63) NOT NULL,
  period       CHAR(7) NOT NULL,
  invoice_date CHAR(10) NOT NULL,
  amount_pence BIGINT NOT NULL,
  create_time  BIGINT NOT NULL,
  KEY credit_charges_party (party, invoice_date, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE credit_instruments (
  seq           BIGINT NOT NULL PRIMARY KEY,
  party         VARCHAR(63) NOT NULL,
  kind          VARCHAR(32) NOT NULL,
  amount_pence  BIGINT NOT NULL,
  issuer        VARCHAR(200) NOT NULL,
  valid_from    CHAR(10) NOT NULL,
  valid_to      CHAR(10) NULL,
  state         VARCHAR(16) NOT NULL,
  withdraw_date CHAR(10) NULL,
  version       BIGINT NOT NULL,
  create_time   BIGINT NOT NULL,
  update_time   BIGINT NOT NULL,
  KEY credit_instruments_party (party, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- J3.14 notices of breach; an Event of Default (M8.1(d)) is recorded on its notice.
CREATE TABLE credit_notices (
  party           VARCHAR(63) NOT NULL,
  notice_date     CHAR(10) NOT NULL,
  cure_deadline   CHAR(10) NOT NULL,
  shortfall_pence BIGINT NOT NULL,
  state           VARCHAR(16) NOT NULL,
  cured_date      CHAR(10) NULL,
  default_date    CHAR(10) NULL,
  default_pence   BIGINT NULL,
  PRIMARY KEY (party, notice_date),
  KEY credit_notices_state (state, party, notice_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per date checked: a re-run returns the stored outcome and changes nothing.
CREATE TABLE credit_checks (
  check_date  CHAR(10) NOT NULL PRIMARY KEY,
  response    MEDIUMTEXT NOT NULL,
  principal   VARCHAR(200) NOT NULL,
  create_time BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
