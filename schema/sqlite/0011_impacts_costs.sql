-- Issue 15: impacts by party category, cost estimates, and the Panel's waivers of outstanding
-- DCC assessments.

-- A proposal's impacts travel on its row (EncodeList of "CATEGORY:GRADE:note"), as its other
-- lists do; one row per graded category serves the ListModifications `impacts.<category>`
-- filter, with the grade as its rank (NONE 1 .. HIGH 4) so the comparison is numeric.
ALTER TABLE modifications ADD COLUMN impacts TEXT NOT NULL DEFAULT '';
CREATE TABLE modification_impacts (
  reference  TEXT NOT NULL REFERENCES modifications (reference),
  category   TEXT NOT NULL,
  grade_rank INTEGER NOT NULL,
  PRIMARY KEY (reference, category)
);
CREATE INDEX modification_impacts_grade ON modification_impacts (category, grade_rank, reference);

-- The party categories a consultation asks to respond (EncodeList of category codes).
ALTER TABLE consultations ADD COLUMN respondent_categories TEXT NOT NULL DEFAULT '';

INSERT INTO counters (name, value) VALUES ('cost_estimate_id', 0);
CREATE TABLE cost_estimates (
  id            INTEGER PRIMARY KEY,
  modification  TEXT NOT NULL REFERENCES modifications (reference),
  kind          TEXT NOT NULL,
  amount_pence  INTEGER NOT NULL,
  source        TEXT NOT NULL,
  estimate_date TEXT NOT NULL,
  note          TEXT NOT NULL,
  principal     TEXT NOT NULL,
  create_time   INTEGER NOT NULL
);
CREATE INDEX cost_estimates_modification ON cost_estimates (modification, id);

-- One waiver per assessment; the Decision (kind ASSESSMENT_WAIVED) that records it.
CREATE TABLE assessment_waivers (
  assessment_id INTEGER PRIMARY KEY REFERENCES dcc_assessments (id),
  modification  TEXT NOT NULL,
  decision_id   INTEGER NOT NULL,
  waive_date    TEXT NOT NULL,
  reason        TEXT NOT NULL
);
CREATE INDEX assessment_waivers_modification ON assessment_waivers (modification, assessment_id);
