-- Documents on a proposal (DocumentService): typed, with revisions; a revision's bytes are
-- stored in chunks of at most 1 MiB (each uploaded in its own transaction), numbered by their
-- offset. Documents and revisions are numbered max+1 inside the writing transaction.
CREATE TABLE documents (
  modification TEXT NOT NULL REFERENCES modifications (reference),
  number       INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  party        TEXT NOT NULL,
  confidential INTEGER NOT NULL,
  principal    TEXT NOT NULL,
  create_time  INTEGER NOT NULL,
  PRIMARY KEY (modification, number)
);

CREATE TABLE document_revisions (
  modification   TEXT NOT NULL,
  document_no    INTEGER NOT NULL,
  number         INTEGER NOT NULL,
  media_type     TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL,
  sha256         TEXT NOT NULL,
  state          TEXT NOT NULL,
  received_bytes INTEGER NOT NULL,
  principal      TEXT NOT NULL,
  create_time    INTEGER NOT NULL,
  complete_time  INTEGER NOT NULL,
  PRIMARY KEY (modification, document_no, number),
  FOREIGN KEY (modification, document_no) REFERENCES documents (modification, number)
);

CREATE TABLE document_chunks (
  modification TEXT NOT NULL,
  document_no  INTEGER NOT NULL,
  revision_no  INTEGER NOT NULL,
  chunk_offset INTEGER NOT NULL,
  data         BLOB NOT NULL,
  PRIMARY KEY (modification, document_no, revision_no, chunk_offset),
  FOREIGN KEY (modification, document_no, revision_no)
    REFERENCES document_revisions (modification, document_no, number)
);
