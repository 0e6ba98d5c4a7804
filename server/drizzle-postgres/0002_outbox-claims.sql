ALTER TABLE "messages" ADD COLUMN "claimed_until" bigint;
