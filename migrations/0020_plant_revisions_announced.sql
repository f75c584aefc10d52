-- The plant's current revision is read by nearly every command. A process
-- keeps it in memory, so it must hear when another process (a second server,
-- the CLI, psql) records a new one: every change to plant.revisions is
-- announced on the channel lotline_changes, delivered when it commits
-- (core/db/change-listener.ts listens).
CREATE FUNCTION "plant"."announce_revisions"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lotline_changes', 'revisions');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "revisions_announced" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "plant"."revisions"
  FOR EACH STATEMENT EXECUTE FUNCTION "plant"."announce_revisions"();
