-- The proposals in each status, kept by the writes ('status:<CODE>' counters, storage/tx.h
-- AddToTally), so a listing's total_size is read from a few rows instead of counted per page.
DELETE FROM counters WHERE name LIKE 'status:%';
INSERT INTO counters (name, value) SELECT 'status:' || status, COUNT(*) FROM modifications GROUP BY status;
