-- Proposals moved from one release to another (MoveModification), so the status report can show
-- each release's slips without parsing event notes. Append-only, written with the move.
CREATE TABLE release_moves (
  id                 BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  modification       VARCHAR(16) NOT NULL,
  from_release       VARCHAR(32) NOT NULL,
  to_release         VARCHAR(32) NOT NULL,
  move_date          CHAR(10) NOT NULL,
  authority_decision VARCHAR(300) NOT NULL,
  KEY release_moves_from (from_release, move_date),
  CONSTRAINT release_moves_from_fk FOREIGN KEY (from_release) REFERENCES releases (id),
  CONSTRAINT release_moves_to_fk FOREIGN KEY (to_release) REFERENCES releases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
