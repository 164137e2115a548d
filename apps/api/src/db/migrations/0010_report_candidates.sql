-- Hand-written (a function, which drizzle-kit does not write). An agent's report takes the
-- advisory locks on its keys, then reads the assets those keys could match: two round trips
-- until now, one call here. The order matters and holds inside a function: in READ COMMITTED a
-- VOLATILE function's every query takes a fresh snapshot, so the reads below, made after the
-- locks are granted, see an asset that a report of the same machine holding them had committed
-- (one statement doing both would read with its own snapshot, taken before it waited).
-- The matching rules (GLPI's order, format notes §5) stay in TypeScript: this returns, tagged by
-- key, every asset of the region with the serial, the first with one of the UUID's forms, and
-- the first of the school with the name and type (oldest first, as the rules pick).
CREATE FUNCTION "inventory_report_candidates"(
  "p_region_id" uuid, "p_school_id" uuid, "p_locks" text[], "p_serial_key" text, "p_uuids" text[], "p_name_key" text, "p_type" text
) RETURNS TABLE (
  "matched_by" text, "id" uuid, "uuid" text, "school_id" uuid, "name" text, "technical" jsonb, "software_fingerprint" text
)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  -- A function scan returns the array's rows, and so takes the locks, in the order given (sorted by the caller).
  PERFORM pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(p_locks) AS t(k);
  IF p_serial_key IS NOT NULL THEN
    RETURN QUERY SELECT 'serial', a.id, a.uuid, a.school_id, a.name, a.technical, a.software_fingerprint
      FROM assets a WHERE a.region_id = p_region_id AND a.serial_key = p_serial_key ORDER BY a.created_at, a.id;
  END IF;
  IF cardinality(p_uuids) > 0 THEN
    RETURN QUERY SELECT 'uuid', a.id, a.uuid, a.school_id, a.name, a.technical, a.software_fingerprint
      FROM assets a WHERE a.region_id = p_region_id AND a.uuid = ANY (p_uuids) ORDER BY a.created_at, a.id LIMIT 1;
  END IF;
  IF p_name_key IS NOT NULL THEN
    RETURN QUERY SELECT 'name', a.id, a.uuid, a.school_id, a.name, a.technical, a.software_fingerprint
      FROM assets a WHERE a.school_id = p_school_id AND a.name_key = p_name_key AND a.type = p_type ORDER BY a.created_at, a.id LIMIT 1;
  END IF;
END $$;
