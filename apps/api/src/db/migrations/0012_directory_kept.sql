-- Hand-written (a trigger, which drizzle-kit does not write). The ingestion remembers, per
-- process, which applications each region's directory already holds, so that a report offers
-- the directory only what it may lack (ADR 0014). That holds only if an entry, once committed,
-- stays: decisions change an entry's status, nothing removes it. This makes it a rule.
CREATE FUNCTION "region_applications_kept"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'entries of a region''s application directory are never deleted (the ingestion remembers them)'
    USING ERRCODE = 'restrict_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER "region_applications_kept" BEFORE DELETE ON "region_applications"
FOR EACH ROW EXECUTE FUNCTION "region_applications_kept"();
