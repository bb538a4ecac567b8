-- Proposals moved from one release to another (MoveModification), so the status report can show
-- each release's slips without parsing event notes. Append-only, written with the move.
CREATE TABLE release_moves (
  id                 INTEGER NOT NULL PRIMARY KEY,
  modification       TEXT NOT NULL,
  from_release       TEXT NOT NULL REFERENCES releases (id),
  to_release         TEXT NOT NULL REFERENCES releases (id),
  move_date          TEXT NOT NULL,
  authority_decision TEXT NOT NULL
);
CREATE INDEX release_moves_from ON release_moves (from_release, move_date);
