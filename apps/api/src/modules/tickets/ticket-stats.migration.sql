-- Hand-written part of migration 0002 (drizzle-kit cannot express triggers): the steering
-- rollups (ticket-stats.schema.ts) follow every change of `tickets` in the same transaction.
-- scripts/regenerate-migration-0002.sh appends this file to the generated migration.

-- The two upserts that fold a set of ticket rows, each with a sign (+1 after, -1 before),
-- into the rollups. `source` names the rows: a trigger's transition tables, or `tickets` for
-- the backfill. Rows are upserted in key order so that concurrent transactions lock alike.
CREATE OR REPLACE FUNCTION ticket_stats_fold_sql(source text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $fold$
SELECT ARRAY[
  format($q$
    WITH m AS (
      SELECT c.region_id, c.school_id, c.category, c.assignee_organisation_id AS organisation_id,
        c.kind IN ('security_incident', 'data_breach') AS restricted,
        (c.received_at AT TIME ZONE 'UTC')::date AS day,
        c.sign AS tickets,
        c.sign * (c.processing_minutes IS NOT NULL)::int AS processed,
        c.sign * coalesce(c.processing_minutes, 0)::bigint AS processing_minutes,
        c.sign * (c.qualified_at IS NOT NULL)::int AS take_charge_measured,
        c.sign * coalesce(c.qualified_at <= c.take_charge_due_at, false)::int AS take_charge_met,
        c.sign * (c.resolved_at IS NOT NULL AND c.resolution_due_at IS NOT NULL)::int AS resolution_measured,
        c.sign * coalesce(c.resolved_at <= c.resolution_due_at, false)::int AS resolution_met,
        c.sign * (c.resolved_at IS NOT NULL OR c.reopen_count > 0)::int AS reopen_base,
        c.sign * (c.reopen_count > 0)::int AS reopened
      FROM (%1$s) c
    )
    INSERT INTO ticket_stats_region AS r (region_id, dimension, key, grain, period, restricted, tickets, processed, processing_minutes,
      take_charge_measured, take_charge_met, resolution_measured, resolution_met, reopen_base, reopened)
    SELECT m.region_id, d.dimension, d.key, g.grain, g.period, m.restricted, sum(m.tickets), sum(m.processed), sum(m.processing_minutes),
      sum(m.take_charge_measured), sum(m.take_charge_met), sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)
    FROM m
    CROSS JOIN LATERAL (VALUES ('none', ''), ('school', m.school_id::text), ('category', m.category), ('organisation', coalesce(m.organisation_id::text, ''))) d(dimension, key)
    CROSS JOIN LATERAL (VALUES ('day', m.day), ('month', date_trunc('month', m.day)::date)) g(grain, period)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING (sum(m.tickets), sum(m.processed), sum(m.processing_minutes), sum(m.take_charge_measured), sum(m.take_charge_met),
      sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 4, 5, 6, 3
    ON CONFLICT (region_id, dimension, grain, period, restricted, key) DO UPDATE SET
      tickets = r.tickets + excluded.tickets, processed = r.processed + excluded.processed,
      processing_minutes = r.processing_minutes + excluded.processing_minutes,
      take_charge_measured = r.take_charge_measured + excluded.take_charge_measured, take_charge_met = r.take_charge_met + excluded.take_charge_met,
      resolution_measured = r.resolution_measured + excluded.resolution_measured, resolution_met = r.resolution_met + excluded.resolution_met,
      reopen_base = r.reopen_base + excluded.reopen_base, reopened = r.reopened + excluded.reopened
  $q$, source),
  format($q$
    WITH m AS (
      SELECT c.region_id, c.school_id, c.category, c.assignee_organisation_id AS organisation_id,
        c.kind IN ('security_incident', 'data_breach') AS restricted,
        date_trunc('month', c.received_at AT TIME ZONE 'UTC')::date AS month,
        c.sign AS tickets,
        c.sign * (c.processing_minutes IS NOT NULL)::int AS processed,
        c.sign * coalesce(c.processing_minutes, 0)::bigint AS processing_minutes,
        c.sign * (c.qualified_at IS NOT NULL)::int AS take_charge_measured,
        c.sign * coalesce(c.qualified_at <= c.take_charge_due_at, false)::int AS take_charge_met,
        c.sign * (c.resolved_at IS NOT NULL AND c.resolution_due_at IS NOT NULL)::int AS resolution_measured,
        c.sign * coalesce(c.resolved_at <= c.resolution_due_at, false)::int AS resolution_met,
        c.sign * (c.resolved_at IS NOT NULL OR c.reopen_count > 0)::int AS reopen_base,
        c.sign * (c.reopen_count > 0)::int AS reopened
      FROM (%1$s) c
    )
    INSERT INTO ticket_stats_school AS r (school_id, region_id, month, restricted, category, organisation_id, tickets, processed, processing_minutes,
      take_charge_measured, take_charge_met, resolution_measured, resolution_met, reopen_base, reopened)
    SELECT m.school_id, m.region_id, m.month, m.restricted, m.category, m.organisation_id, sum(m.tickets), sum(m.processed), sum(m.processing_minutes),
      sum(m.take_charge_measured), sum(m.take_charge_met), sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)
    FROM m
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING (sum(m.tickets), sum(m.processed), sum(m.processing_minutes), sum(m.take_charge_measured), sum(m.take_charge_met),
      sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 3, 4, 5, 6
    ON CONFLICT (school_id, month, restricted, category, organisation_id) DO UPDATE SET
      tickets = r.tickets + excluded.tickets, processed = r.processed + excluded.processed,
      processing_minutes = r.processing_minutes + excluded.processing_minutes,
      take_charge_measured = r.take_charge_measured + excluded.take_charge_measured, take_charge_met = r.take_charge_met + excluded.take_charge_met,
      resolution_measured = r.resolution_measured + excluded.resolution_measured, resolution_met = r.resolution_met + excluded.resolution_met,
      reopen_base = r.reopen_base + excluded.reopen_base, reopened = r.reopened + excluded.reopened
  $q$, source)
]
$fold$;

-- One function for the three statement triggers: a statement's rows before and after.
-- Transition tables are visible only to this function's own queries, hence EXECUTE here.
CREATE OR REPLACE FUNCTION ticket_stats_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $apply$
DECLARE
  statement text;
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM ticket_stats_new'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM ticket_stats_old'
    ELSE 'SELECT -1 AS sign, * FROM ticket_stats_old UNION ALL SELECT 1 AS sign, * FROM ticket_stats_new'
  END;
BEGIN
  FOREACH statement IN ARRAY ticket_stats_fold_sql(source) LOOP
    EXECUTE statement;
  END LOOP;
  RETURN NULL;
END
$apply$;

CREATE TRIGGER tickets_stats_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS ticket_stats_new FOR EACH STATEMENT EXECUTE FUNCTION ticket_stats_apply();
CREATE TRIGGER tickets_stats_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS ticket_stats_old NEW TABLE AS ticket_stats_new FOR EACH STATEMENT EXECUTE FUNCTION ticket_stats_apply();
CREATE TRIGGER tickets_stats_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS ticket_stats_old FOR EACH STATEMENT EXECUTE FUNCTION ticket_stats_apply();

-- Tickets filed before this migration.
DO $backfill$
DECLARE statement text;
BEGIN
  FOREACH statement IN ARRAY ticket_stats_fold_sql('SELECT 1 AS sign, * FROM tickets') LOOP
    EXECUTE statement;
  END LOOP;
END
$backfill$;
