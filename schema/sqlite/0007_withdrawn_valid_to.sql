-- A withdrawn instrument ends the day before its withdrawal (credit.proto): rows withdrawn
-- before this was written keep their open or later valid_to; set it.
UPDATE credit_instruments SET valid_to = date(withdraw_date, '-1 day')
WHERE withdraw_date IS NOT NULL AND (valid_to IS NULL OR valid_to = '' OR valid_to >= withdraw_date);
