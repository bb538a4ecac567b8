-- England and Wales bank holidays 2010-2035, the working-day calendar SPEC 4 assumes, on a new
-- store: the rows of the data file, expanded at build time (cmake/embed_schema.cmake). A
-- holiday an operator already loaded keeps its name.
INSERT IGNORE INTO holidays (day, name) VALUES
@ROWS data/bank-holidays-england-wales.csv@;
