-- The SEC's legal text as data (LegalTextService): each clause's text per version, storing only
-- what a version changed (deleted = 1 marks a clause the version removed), and the revisions of
-- each proposal's redline with their clause changes. A clause's text is at most 64 KiB
-- (domain/legal_text.h), so MEDIUMTEXT.
CREATE TABLE clause_texts (
  clause       VARCHAR(32) NOT NULL,
  version      VARCHAR(32) NOT NULL,
  section      VARCHAR(4) NOT NULL,
  text         MEDIUMTEXT NOT NULL,
  deleted      INT NOT NULL,
  modification VARCHAR(16) NOT NULL,
  create_time  BIGINT NOT NULL,
  PRIMARY KEY (clause, version),
  KEY clause_texts_section (section, clause),
  KEY clause_texts_version (version, clause)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE redline_revisions (
  modification VARCHAR(16) NOT NULL,
  revision     INT NOT NULL,
  base_version VARCHAR(32) NOT NULL,
  author       VARCHAR(300) NOT NULL,
  comment      TEXT NOT NULL,
  create_time  BIGINT NOT NULL,
  PRIMARY KEY (modification, revision),
  CONSTRAINT redline_revisions_modification_fk FOREIGN KEY (modification)
    REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE redline_changes (
  modification VARCHAR(16) NOT NULL,
  revision     INT NOT NULL,
  clause       VARCHAR(32) NOT NULL,
  kind         VARCHAR(8) NOT NULL,
  text         MEDIUMTEXT NOT NULL,
  PRIMARY KEY (modification, revision, clause)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
