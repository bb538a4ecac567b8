-- The working-day calendar's holidays (operator-loaded; England and Wales by default).
CREATE TABLE holidays (
  day  CHAR(10) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
