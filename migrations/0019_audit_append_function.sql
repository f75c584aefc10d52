-- Appending to the audit chain in one statement. Every consequential change
-- appends an entry under one lock (the chain has a single order), and the lock
-- is held until the change commits; taking it, reading the chain's head and
-- inserting were three round trips inside that window, which bounded the
-- plant's write rate. The application still computes the entry's canonical
-- text (core/audit/chain.ts); the sequence number is its last field, so the
-- text arrives without it and the hash is the same one `lotline audit verify`
-- recomputes: sha256(prev_hash, newline, canonical text).
CREATE FUNCTION "audit"."append_entry"(
  p_at timestamptz,
  p_actor text,
  p_action text,
  p_entity_type text,
  p_entity_id text,
  p_before jsonb,
  p_after jsonb,
  p_canonical_head text
) RETURNS TABLE ("entry_seq" bigint, "entry_prev_hash" text, "entry_hash" text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_seq bigint;
  v_prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(7201003);
  -- A new statement, so a new snapshot: it sees the entry of whoever held the lock last.
  SELECT e."seq" + 1, e."hash" INTO v_seq, v_prev
    FROM "audit"."entries" e ORDER BY e."seq" DESC LIMIT 1;
  v_seq := coalesce(v_seq, 1);
  v_prev := coalesce(v_prev, repeat('0', 64));
  entry_seq := v_seq;
  entry_prev_hash := v_prev;
  entry_hash := encode(
    sha256(convert_to(v_prev || E'\n' || p_canonical_head || v_seq::text || '}', 'UTF8')),
    'hex'
  );
  INSERT INTO "audit"."entries"
    ("seq", "at", "actor", "action", "entity_type", "entity_id", "before", "after", "prev_hash", "hash")
    VALUES (v_seq, p_at, p_actor, p_action, p_entity_type, p_entity_id, p_before, p_after, v_prev, entry_hash);
  RETURN NEXT;
END;
$$;
