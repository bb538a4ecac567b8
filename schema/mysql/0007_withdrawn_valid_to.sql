-- A withdrawn instrument ends the day before its withdrawal (credit.proto): rows withdrawn
-- before this was written keep their open or later valid_to; set it.
UPDATE credit_instruments
SET valid_to = DATE_FORMAT(DATE_SUB(STR_TO_DATE(withdraw_date, '%Y-%m-%d'), INTERVAL 1 DAY), '%Y-%m-%d')
WHERE withdraw_date IS NOT NULL AND (valid_to IS NULL OR valid_to = '' OR valid_to >= withdraw_date);
