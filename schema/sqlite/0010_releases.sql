-- Releases (ReleaseService) and what a proposal waits on. A proposal's release is a column of
-- the proposal (one release at a time); waiting_on is derived by the writes from the status and
-- the DCC assessments outstanding (domain WaitingOnOf), stored so the register filters on it.
CREATE TABLE releases (
  id                  TEXT NOT NULL PRIMARY KEY,
  kind                TEXT NOT NULL,
  target_date         TEXT NOT NULL,
  cutoff_working_days INTEGER NOT NULL,
  cutoff_date         TEXT NOT NULL,
  state               TEXT NOT NULL,
  sec_version         TEXT NOT NULL,
  title               TEXT NOT NULL,
  comment             TEXT NOT NULL,
  version             INTEGER NOT NULL,
  create_time         INTEGER NOT NULL,
  update_time         INTEGER NOT NULL
);
CREATE INDEX releases_target ON releases (target_date, id);

ALTER TABLE modifications ADD COLUMN release_id TEXT NULL REFERENCES releases (id);
ALTER TABLE modifications ADD COLUMN dcc_outstanding INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modifications ADD COLUMN waiting_on TEXT NOT NULL DEFAULT '';
CREATE INDEX modifications_release ON modifications (release_id, reference);
CREATE INDEX modifications_waiting_on ON modifications (waiting_on, reference);

-- The proposals already stored, as WaitingOnOf derives it (domain/modification.cc).
UPDATE modifications SET dcc_outstanding = (
  SELECT COUNT(*) FROM dcc_assessments a
  WHERE a.modification = modifications.reference AND a.state IN ('REQUESTED', 'IN_PROGRESS'));
UPDATE modifications SET waiting_on = CASE
  WHEN status = 'SUBMITTED' THEN 'PANEL'
  WHEN status IN ('REFINEMENT', 'REPORT_PHASE', 'CONSULTATION') AND dcc_outstanding > 0 THEN 'DCC'
  WHEN status IN ('REFINEMENT', 'REPORT_PHASE', 'CONSULTATION', 'APPROVED') THEN 'SECAS'
  WHEN status = 'CHANGE_BOARD' THEN 'CHANGE_BOARD'
  WHEN status = 'AWAITING_AUTHORITY' THEN 'AUTHORITY'
  WHEN status = 'SUSPENDED' THEN 'SECRETARY_OF_STATE'
  ELSE '' END;
