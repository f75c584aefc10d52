-- Machine events and dead letters are records of what the machines said:
-- ingest only ever inserts them. A trigger refuses UPDATE, DELETE and TRUNCATE
-- so that no code path (or person with the application's login) rewrites them.
CREATE FUNCTION "telemetry"."refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'machine data is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "machine_events_append_only" BEFORE UPDATE OR DELETE ON "telemetry"."machine_events"
  FOR EACH ROW EXECUTE FUNCTION "telemetry"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "machine_events_no_truncate" BEFORE TRUNCATE ON "telemetry"."machine_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "telemetry"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "dead_letters_append_only" BEFORE UPDATE OR DELETE ON "telemetry"."dead_letters"
  FOR EACH ROW EXECUTE FUNCTION "telemetry"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "dead_letters_no_truncate" BEFORE TRUNCATE ON "telemetry"."dead_letters"
  FOR EACH STATEMENT EXECUTE FUNCTION "telemetry"."refuse_change"();
