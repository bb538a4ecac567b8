-- An absent governance date is NULL, as everywhere else in the store (it was ''): the
-- consultation's close date, a nomination's vetting, appointment and term end, an
-- assessment's delivery.
-- SQLite cannot relax NOT NULL in place: each column is copied into a new nullable one.
ALTER TABLE consultations ADD COLUMN close_date_nullable TEXT;
UPDATE consultations SET close_date_nullable = NULLIF(close_date, '');
ALTER TABLE consultations DROP COLUMN close_date;
ALTER TABLE consultations RENAME COLUMN close_date_nullable TO close_date;
ALTER TABLE ssc_nominations ADD COLUMN vetting_date_nullable TEXT;
UPDATE ssc_nominations SET vetting_date_nullable = NULLIF(vetting_date, '');
ALTER TABLE ssc_nominations DROP COLUMN vetting_date;
ALTER TABLE ssc_nominations RENAME COLUMN vetting_date_nullable TO vetting_date;
ALTER TABLE ssc_nominations ADD COLUMN appointed_on_nullable TEXT;
UPDATE ssc_nominations SET appointed_on_nullable = NULLIF(appointed_on, '');
ALTER TABLE ssc_nominations DROP COLUMN appointed_on;
ALTER TABLE ssc_nominations RENAME COLUMN appointed_on_nullable TO appointed_on;
ALTER TABLE ssc_nominations ADD COLUMN term_end_nullable TEXT;
UPDATE ssc_nominations SET term_end_nullable = NULLIF(term_end, '');
ALTER TABLE ssc_nominations DROP COLUMN term_end;
ALTER TABLE ssc_nominations RENAME COLUMN term_end_nullable TO term_end;
ALTER TABLE dcc_assessments ADD COLUMN delivered_on_nullable TEXT;
UPDATE dcc_assessments SET delivered_on_nullable = NULLIF(delivered_on, '');
ALTER TABLE dcc_assessments DROP COLUMN delivered_on;
ALTER TABLE dcc_assessments RENAME COLUMN delivered_on_nullable TO delivered_on;
