-- The SEC's legal text as data (LegalTextService): each clause's text per version, storing only
-- what a version changed (deleted = 1 marks a clause the version removed), and the revisions of
-- each proposal's redline with their clause changes.
CREATE TABLE clause_texts (
  clause       TEXT NOT NULL,
  version      TEXT NOT NULL,
  section      TEXT NOT NULL,
  text         TEXT NOT NULL,
  deleted      INTEGER NOT NULL,
  modification TEXT NOT NULL,
  create_time  INTEGER NOT NULL,
  PRIMARY KEY (clause, version)
);
CREATE INDEX clause_texts_section ON clause_texts (section, clause);
CREATE INDEX clause_texts_version ON clause_texts (version, clause);

CREATE TABLE redline_revisions (
  modification TEXT NOT NULL REFERENCES modifications (reference),
  revision     INTEGER NOT NULL,
  base_version TEXT NOT NULL,
  author       TEXT NOT NULL,
  comment      TEXT NOT NULL,
  create_time  INTEGER NOT NULL,
  PRIMARY KEY (modification, revision)
);

CREATE TABLE redline_changes (
  modification TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  clause       TEXT NOT NULL,
  kind         TEXT NOT NULL,
  text         TEXT NOT NULL,
  PRIMARY KEY (modification, revision, clause)
);
