-- Releases (ReleaseService) and what a proposal waits on. A proposal's release is a column of
-- the proposal (one release at a time); waiting_on is derived by the writes from the status and
-- the DCC assessments outstanding (domain WaitingOnOf), stored so the register filters on it.
CREATE TABLE releases (
  id                  VARCHAR(32) NOT NULL PRIMARY KEY,
  kind                VARCHAR(16) NOT NULL,
  target_date         CHAR(10) NOT NULL,
  cutoff_working_days INT NOT NULL,
  cutoff_date         CHAR(10) NOT NULL,
  state               VARCHAR(16) NOT NULL,
  sec_version         VARCHAR(32) NOT NULL,
  title               VARCHAR(300) NOT NULL,
  comment             TEXT NOT NULL,
  version             BIGINT NOT NULL,
  create_time         BIGINT NOT NULL,
  update_time         BIGINT NOT NULL,
  KEY releases_target (target_date, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE modifications
  ADD COLUMN release_id VARCHAR(32) NULL,
  ADD COLUMN dcc_outstanding INT NOT NULL DEFAULT 0,
  ADD COLUMN waiting_on VARCHAR(32) NOT NULL DEFAULT '',
  ADD KEY modifications_release (release_id, reference),
  ADD KEY modifications_waiting_on (waiting_on, reference),
  ADD CONSTRAINT modifications_release_fk FOREIGN KEY (release_id) REFERENCES releases (id);

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
