-- An absent governance date is NULL, as everywhere else in the store (it was ''): the
-- consultation's close date, a nomination's vetting, appointment and term end, an
-- assessment's delivery.
ALTER TABLE consultations MODIFY close_date CHAR(10) NULL;
UPDATE consultations SET close_date = NULL WHERE close_date = '';
ALTER TABLE ssc_nominations MODIFY vetting_date CHAR(10) NULL;
UPDATE ssc_nominations SET vetting_date = NULL WHERE vetting_date = '';
ALTER TABLE ssc_nominations MODIFY appointed_on CHAR(10) NULL;
UPDATE ssc_nominations SET appointed_on = NULL WHERE appointed_on = '';
ALTER TABLE ssc_nominations MODIFY term_end CHAR(10) NULL;
UPDATE ssc_nominations SET term_end = NULL WHERE term_end = '';
ALTER TABLE dcc_assessments MODIFY delivered_on CHAR(10) NULL;
UPDATE dcc_assessments SET delivered_on = NULL WHERE delivered_on = '';
