-- Custom SQL migration file, put your code below! --
-- hand-written: sms-phone-lookup
CREATE INDEX `contacts_phone` ON `contacts` (json_extract(`attributes`, '$.phone'));
