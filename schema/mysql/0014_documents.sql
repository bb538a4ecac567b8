-- Documents on a proposal (DocumentService): typed, with revisions; a revision's bytes are
-- stored in chunks of at most 1 MiB (each uploaded in its own transaction), numbered by their
-- offset. Documents and revisions are numbered max+1 inside the writing transaction. A chunk is
-- a LONGBLOB: binary bytes, no character set.
CREATE TABLE documents (
  modification VARCHAR(16) NOT NULL,
  number       BIGINT NOT NULL,
  kind         VARCHAR(32) NOT NULL,
  title        VARCHAR(300) NOT NULL,
  party        VARCHAR(63) NOT NULL,
  confidential TINYINT NOT NULL,
  principal    VARCHAR(200) NOT NULL,
  create_time  BIGINT NOT NULL,
  PRIMARY KEY (modification, number),
  CONSTRAINT documents_fk FOREIGN KEY (modification) REFERENCES modifications (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE document_revisions (
  modification   VARCHAR(16) NOT NULL,
  document_no    BIGINT NOT NULL,
  number         BIGINT NOT NULL,
  media_type     VARCHAR(127) NOT NULL,
  size_bytes     BIGINT NOT NULL,
  sha256         CHAR(64) NOT NULL,
  state          VARCHAR(16) NOT NULL,
  received_bytes BIGINT NOT NULL,
  principal      VARCHAR(200) NOT NULL,
  create_time    BIGINT NOT NULL,
  complete_time  BIGINT NOT NULL,
  PRIMARY KEY (modification, document_no, number),
  CONSTRAINT document_revisions_fk FOREIGN KEY (modification, document_no)
    REFERENCES documents (modification, number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE document_chunks (
  modification VARCHAR(16) NOT NULL,
  document_no  BIGINT NOT NULL,
  revision_no  BIGINT NOT NULL,
  chunk_offset BIGINT NOT NULL,
  data         LONGBLOB NOT NULL,
  PRIMARY KEY (modification, document_no, revision_no, chunk_offset),
  CONSTRAINT document_chunks_fk FOREIGN KEY (modification, document_no, revision_no)
    REFERENCES document_revisions (modification, document_no, number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
