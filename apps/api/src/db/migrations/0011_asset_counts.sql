CREATE TABLE "asset_counts_region" (
	"region_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"assets" integer NOT NULL,
	CONSTRAINT "asset_counts_region_region_id_type_status_pk" PRIMARY KEY("region_id","type","status")
);
--> statement-breakpoint
CREATE TABLE "asset_counts_school" (
	"school_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"assets" integer NOT NULL,
	CONSTRAINT "asset_counts_school_school_id_type_status_pk" PRIMARY KEY("school_id","type","status")
);
--> statement-breakpoint
CREATE INDEX "asset_counts_school_region" ON "asset_counts_school" USING btree ("region_id");--> statement-breakpoint
-- Hand-written (triggers, which drizzle-kit does not write): the counts follow every insert,
-- update and delete of `assets` in the same transaction. One statement's rows are folded into
-- signed deltas by key (+1 after, -1 before), so a daily report, which changes neither the
-- lycée, the type nor the status, nets to nothing and writes nothing. Rows are upserted in key
-- order, lycées then regions, so that concurrent statements lock them in the same order.
CREATE FUNCTION "asset_counts_add"(
  "p_school_ids" uuid[], "p_region_ids" uuid[], "p_types" text[], "p_statuses" text[], "p_deltas" int[]
) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO asset_counts_school AS c (school_id, region_id, type, status, assets)
    SELECT d.school_id, d.region_id, d.type, d.status, sum(d.delta)
    FROM unnest(p_school_ids, p_region_ids, p_types, p_statuses, p_deltas) AS d(school_id, region_id, type, status, delta)
    GROUP BY 1, 2, 3, 4 HAVING sum(d.delta) <> 0 ORDER BY 1, 3, 4
    ON CONFLICT (school_id, type, status) DO UPDATE SET assets = c.assets + excluded.assets;
  INSERT INTO asset_counts_region AS c (region_id, type, status, assets)
    SELECT d.region_id, d.type, d.status, sum(d.delta)
    FROM unnest(p_region_ids, p_types, p_statuses, p_deltas) AS d(region_id, type, status, delta)
    GROUP BY 1, 2, 3 HAVING sum(d.delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (region_id, type, status) DO UPDATE SET assets = c.assets + excluded.assets;
END
$$;
--> statement-breakpoint
-- Transition tables are grouped before they are handed over: a bulk insert of a million rows
-- passes a few thousand keys, not a million.
CREATE FUNCTION "asset_counts_apply"() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM asset_counts_add(array_agg(k.school_id), array_agg(k.region_id), array_agg(k.type), array_agg(k.status), array_agg(k.n))
    FROM (SELECT school_id, region_id, type, status, count(*)::int AS n FROM asset_counts_new GROUP BY 1, 2, 3, 4) k;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM asset_counts_add(array_agg(k.school_id), array_agg(k.region_id), array_agg(k.type), array_agg(k.status), array_agg(k.n))
    FROM (SELECT school_id, region_id, type, status, -count(*)::int AS n FROM asset_counts_old GROUP BY 1, 2, 3, 4) k;
  ELSE
    PERFORM asset_counts_add(array_agg(k.school_id), array_agg(k.region_id), array_agg(k.type), array_agg(k.status), array_agg(k.n))
    FROM (
      SELECT school_id, region_id, type, status, sum(sign)::int AS n
      FROM (SELECT -1 AS sign, school_id, region_id, type, status FROM asset_counts_old
            UNION ALL SELECT 1, school_id, region_id, type, status FROM asset_counts_new) changed
      GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
    ) k;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "asset_counts_clear"() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM asset_counts_school;
  DELETE FROM asset_counts_region;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "assets_counts_insert" AFTER INSERT ON "assets"
  REFERENCING NEW TABLE AS asset_counts_new FOR EACH STATEMENT EXECUTE FUNCTION asset_counts_apply();
--> statement-breakpoint
CREATE TRIGGER "assets_counts_update" AFTER UPDATE ON "assets"
  REFERENCING OLD TABLE AS asset_counts_old NEW TABLE AS asset_counts_new FOR EACH STATEMENT EXECUTE FUNCTION asset_counts_apply();
--> statement-breakpoint
CREATE TRIGGER "assets_counts_delete" AFTER DELETE ON "assets"
  REFERENCING OLD TABLE AS asset_counts_old FOR EACH STATEMENT EXECUTE FUNCTION asset_counts_apply();
--> statement-breakpoint
CREATE TRIGGER "assets_counts_truncate" AFTER TRUNCATE ON "assets"
  FOR EACH STATEMENT EXECUTE FUNCTION asset_counts_clear();
--> statement-breakpoint
-- The assets already there.
INSERT INTO "asset_counts_school" (school_id, region_id, type, status, assets)
  SELECT school_id, region_id, type, status, count(*) FROM "assets" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "asset_counts_region" (region_id, type, status, assets)
  SELECT region_id, type, status, count(*) FROM "assets" GROUP BY 1, 2, 3;
--> statement-breakpoint
-- Statistics now, not at autovacuum's next pass: without them a lycée's total was planned
-- through the region's index (every lycée's rows) instead of the lycée's key.
ANALYZE "asset_counts_school", "asset_counts_region";
