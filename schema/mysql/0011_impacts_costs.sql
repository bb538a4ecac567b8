-- Issue 15: impacts by party category, cost estimates, and the Panel's waivers of outstanding
-- DCC assessments.

-- A proposal's impacts travel on its row (EncodeList of "CATEGORY:GRADE:note"), as its other
-- lists do; one row per graded category serves the ListModifications `impacts.<category>`
-- filter, with the grade as its rank (NONE 1 .. HIGH 4) so the comparison is numeric.
ALTER TABLE modifications ADD COLUMN impacts MEDIUMTEXT NOT NULL DEFAULT '';
CREATE TABLE modification_impacts (
  reference  VARCHAR(16) NOT NULL,
  category   VARCHAR(40) NOT NULL,
  grade_rank TINYINT NOT NULL,
  PRIMARY KEY (reference, category),
  KEY modification_impacts_grade (category, grade_rank, reference),
  CONSTRAINT modification_impacts_fk FOREIGN KEY (reference) REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The party categories a consultation asks to respond (EncodeList of category codes).
ALTER TABLE consultations ADD COLUMN respondent_categories TEXT NOT NULL DEFAULT '';

INSERT INTO counters (name, value) VALUES ('cost_estimate_id', 0);
CREATE TABLE cost_estimates (
  id            BIGINT NOT NULL PRIMARY KEY,
  modification  VARCHAR(16) NOT NULL,
  kind          VARCHAR(32) NOT NULL,
  amount_pence  BIGINT NOT NULL,
  source        VARCHAR(800) NOT NULL,
  estimate_date CHAR(10) NOT NULL,
  note          TEXT NOT NULL,
  principal     VARCHAR(200) NOT NULL,
  create_time   BIGINT NOT NULL,
  KEY cost_estimates_modification (modification, id),
  CONSTRAINT cost_estimates_fk FOREIGN KEY (modification) REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One waiver per assessment; the Decision (kind ASSESSMENT_WAIVED) that records it.
CREATE TABLE assessment_waivers (
  assessment_id BIGINT NOT NULL PRIMARY KEY,
  modification  VARCHAR(16) NOT NULL,
  decision_id   BIGINT NOT NULL,
  waive_date    CHAR(10) NOT NULL,
  reason        TEXT NOT NULL,
  KEY assessment_waivers_modification (modification, assessment_id),
  CONSTRAINT assessment_waivers_fk FOREIGN KEY (assessment_id) REFERENCES dcc_assessments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
