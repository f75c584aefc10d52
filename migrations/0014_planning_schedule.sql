CREATE TABLE "planning"."line_outages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"line" text NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" text
);
--> statement-breakpoint
CREATE TABLE "planning"."plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"origin" timestamp with time zone NOT NULL,
	"budget_ms" integer NOT NULL,
	"document" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipping"."orders" ADD COLUMN "priority" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
CREATE INDEX "line_outages_line_idx" ON "planning"."line_outages" USING btree ("line","from");--> statement-breakpoint
CREATE INDEX "plans_created_idx" ON "planning"."plans" USING btree ("created_at");