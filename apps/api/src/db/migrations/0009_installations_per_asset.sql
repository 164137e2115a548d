CREATE TABLE "asset_installations" (
	"asset_id" uuid PRIMARY KEY NOT NULL,
	"version_ids" uuid[] NOT NULL,
	CONSTRAINT "asset_installations_no_null" CHECK (array_position("asset_installations"."version_ids", null) is null)
);
--> statement-breakpoint
ALTER TABLE "asset_installations" ADD CONSTRAINT "asset_installations_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "asset_installations_versions" ON "asset_installations" USING gin ("version_ids");--> statement-breakpoint
-- Hand-written part (drizzle-kit writes the schema's DDL only; ADR 0010). Each asset's
-- installation rows become its one row of version ids, then the old table goes. The GIN index
-- is built once over the copied rows, rather than grown by every insert of the copy.
DROP INDEX "asset_installations_versions";--> statement-breakpoint
INSERT INTO "asset_installations" ("asset_id", "version_ids")
SELECT "asset_id", array_agg("version_id" ORDER BY "version_id") FROM "software_installations" GROUP BY "asset_id";--> statement-breakpoint
CREATE INDEX "asset_installations_versions" ON "asset_installations" USING gin ("version_ids");--> statement-breakpoint
DROP TABLE "software_installations" CASCADE;--> statement-breakpoint
-- The catalogue only grows. An array's elements cannot have a foreign key, and the ingestion
-- keeps the ids it resolved (a version's id, once committed, stays right): both rely on no
-- version ever being deleted, which the old key only promised for installed ones.
CREATE FUNCTION "software_versions_kept"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'software versions are never deleted (asset installations and ingestion refer to them by id)'
    USING ERRCODE = 'restrict_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER "software_versions_kept" BEFORE DELETE ON "software_versions"
FOR EACH ROW EXECUTE FUNCTION "software_versions_kept"();
