-- The ledger carries each lot's number beside its material, so an interlock's
-- refusal can name the lots already in a magazine. Existing rows take it from
-- their lot; the append-only trigger is lifted for this one backfill only.
ALTER TABLE "storage"."balances" ADD COLUMN "lot_number" text;--> statement-breakpoint
UPDATE "storage"."balances" b SET "lot_number" = l."number" FROM "genealogy"."lots" l WHERE l."id" = b."lot_id";--> statement-breakpoint
UPDATE "storage"."balances" SET "lot_number" = "lot_id"::text WHERE "lot_number" IS NULL;--> statement-breakpoint
ALTER TABLE "storage"."balances" ALTER COLUMN "lot_number" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "storage"."movements" ADD COLUMN "lot_number" text;--> statement-breakpoint
ALTER TABLE "storage"."movements" DISABLE TRIGGER "movements_append_only";--> statement-breakpoint
UPDATE "storage"."movements" m SET "lot_number" = l."number" FROM "genealogy"."lots" l WHERE l."id" = m."lot_id";--> statement-breakpoint
UPDATE "storage"."movements" SET "lot_number" = "lot_id"::text WHERE "lot_number" IS NULL;--> statement-breakpoint
ALTER TABLE "storage"."movements" ENABLE TRIGGER "movements_append_only";--> statement-breakpoint
ALTER TABLE "storage"."movements" ALTER COLUMN "lot_number" SET NOT NULL;
