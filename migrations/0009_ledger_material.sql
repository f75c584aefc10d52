-- The ledger carries each lot's material, so the safety interlocks can weigh
-- what a location holds without reaching into another module's tables.
-- Existing rows take it from their lot; the append-only trigger is lifted
-- for this one backfill only.
ALTER TABLE "storage"."balances" ADD COLUMN "material" text;--> statement-breakpoint
UPDATE "storage"."balances" b SET "material" = l."material" FROM "genealogy"."lots" l WHERE l."id" = b."lot_id";--> statement-breakpoint
ALTER TABLE "storage"."balances" ALTER COLUMN "material" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "storage"."movements" ADD COLUMN "material" text;--> statement-breakpoint
ALTER TABLE "storage"."movements" DISABLE TRIGGER "movements_append_only";--> statement-breakpoint
UPDATE "storage"."movements" m SET "material" = l."material" FROM "genealogy"."lots" l WHERE l."id" = m."lot_id";--> statement-breakpoint
ALTER TABLE "storage"."movements" ENABLE TRIGGER "movements_append_only";--> statement-breakpoint
ALTER TABLE "storage"."movements" ALTER COLUMN "material" SET NOT NULL;
