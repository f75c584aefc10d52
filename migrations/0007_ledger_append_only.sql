-- The stock ledger, the lots' histories and the packing events are records of
-- what happened: corrections are new rows, never edits. A trigger refuses
-- UPDATE, DELETE and TRUNCATE on them, whoever asks.
CREATE FUNCTION "storage"."refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the record is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "movements_append_only" BEFORE UPDATE OR DELETE ON "storage"."movements"
  FOR EACH ROW EXECUTE FUNCTION "storage"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "movements_no_truncate" BEFORE TRUNCATE ON "storage"."movements"
  FOR EACH STATEMENT EXECUTE FUNCTION "storage"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "lot_events_append_only" BEFORE UPDATE OR DELETE ON "genealogy"."lot_events"
  FOR EACH ROW EXECUTE FUNCTION "storage"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "lot_events_no_truncate" BEFORE TRUNCATE ON "genealogy"."lot_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "storage"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "aggregation_events_append_only" BEFORE UPDATE OR DELETE ON "genealogy"."aggregation_events"
  FOR EACH ROW EXECUTE FUNCTION "storage"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "aggregation_events_no_truncate" BEFORE TRUNCATE ON "genealogy"."aggregation_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "storage"."refuse_change"();
