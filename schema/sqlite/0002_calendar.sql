-- The working-day calendar's holidays (operator-loaded; England and Wales by default).
CREATE TABLE holidays (
  day  TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
