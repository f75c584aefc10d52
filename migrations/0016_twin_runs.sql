CREATE SCHEMA "twin";
--> statement-breakpoint
CREATE TABLE "twin"."runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scenario" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"document" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "twin_runs_created_idx" ON "twin"."runs" USING btree ("created_at");