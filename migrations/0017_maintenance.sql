CREATE SCHEMA "maintenance";
--> statement-breakpoint
CREATE SEQUENCE "maintenance"."work_order_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "maintenance"."breakdowns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"line" text NOT NULL,
	"station" text NOT NULL,
	"reason" text NOT NULL,
	"down_at" timestamp (3) with time zone NOT NULL,
	"up_at" timestamp (3) with time zone,
	"paused_ms" bigint DEFAULT 0 NOT NULL,
	"event_id" bigint NOT NULL,
	"work_order_id" uuid NOT NULL,
	CONSTRAINT "breakdowns_station_start_key" UNIQUE("group_id","line","station","down_at")
);
--> statement-breakpoint
CREATE TABLE "maintenance"."command_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"command" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance"."part_issues" (
	"movement_id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"material" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"lot_number" text NOT NULL,
	"location" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance"."part_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"material" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"issued" numeric(20, 6) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "part_reservations_order_material_key" UNIQUE("work_order_id","material"),
	CONSTRAINT "part_reservations_quantity" CHECK ("maintenance"."part_reservations"."quantity" > 0 and "maintenance"."part_reservations"."issued" >= 0)
);
--> statement-breakpoint
CREATE TABLE "maintenance"."plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"instructions" text,
	"line" text NOT NULL,
	"station" text,
	"trigger" text NOT NULL,
	"interval_days" integer,
	"first_due" date,
	"counter" text,
	"interval_count" bigint,
	"baseline" bigint,
	"first_due_after" bigint,
	"lead_days" integer NOT NULL,
	"duration_minutes" integer NOT NULL,
	"needs_line_down" boolean DEFAULT false NOT NULL,
	"last_due_index" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "plans_code_unique" UNIQUE("code"),
	CONSTRAINT "plans_trigger" CHECK ("maintenance"."plans"."trigger" in ('calendar', 'counter')),
	CONSTRAINT "plans_trigger_fields" CHECK (("maintenance"."plans"."trigger" = 'calendar' and "maintenance"."plans"."interval_days" > 0 and "maintenance"."plans"."first_due" is not null)
        or ("maintenance"."plans"."trigger" = 'counter' and "maintenance"."plans"."interval_count" > 0 and "maintenance"."plans"."counter" in ('cycles', 'cartridges')))
);
--> statement-breakpoint
CREATE TABLE "maintenance"."station_watch" (
	"group_id" text NOT NULL,
	"line" text NOT NULL,
	"station" text NOT NULL,
	"state" text,
	"reason" text DEFAULT '' NOT NULL,
	"state_since" timestamp (3) with time zone,
	"last_good" bigint,
	"last_reject" bigint,
	"good" bigint DEFAULT 0 NOT NULL,
	"reject" bigint DEFAULT 0 NOT NULL,
	"open_down_at" timestamp (3) with time zone,
	"open_reason" text,
	"open_paused_since" timestamp (3) with time zone,
	"open_paused_ms" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "station_watch_key" UNIQUE("group_id","line","station")
);
--> statement-breakpoint
CREATE TABLE "maintenance"."watch_cursor" (
	"group_id" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"settled_id" bigint NOT NULL,
	"pending_id" bigint,
	"pending_xids" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance"."work_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"line" text NOT NULL,
	"station" text,
	"reason" text,
	"down_at" timestamp (3) with time zone,
	"breakdown_id" uuid,
	"plan_id" uuid,
	"due_index" integer,
	"due_at" timestamp (3) with time zone,
	"due_count" bigint,
	"window_from" timestamp (3) with time zone,
	"window_to" timestamp (3) with time zone,
	"outage_id" uuid,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"document" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_orders_number_unique" UNIQUE("number"),
	CONSTRAINT "work_orders_plan_due_key" UNIQUE("plan_id","due_index"),
	CONSTRAINT "work_orders_kind" CHECK ("maintenance"."work_orders"."kind" in ('breakdown', 'corrective', 'preventive')),
	CONSTRAINT "work_orders_state" CHECK ("maintenance"."work_orders"."state" in ('open', 'in_progress', 'closed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "planning"."line_outages" ADD COLUMN "source" text DEFAULT 'planner' NOT NULL;--> statement-breakpoint
ALTER TABLE "planning"."line_outages" ADD COLUMN "source_ref" text;--> statement-breakpoint
ALTER TABLE "maintenance"."part_issues" ADD CONSTRAINT "part_issues_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "maintenance"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance"."part_reservations" ADD CONSTRAINT "part_reservations_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "maintenance"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "breakdowns_down_idx" ON "maintenance"."breakdowns" USING btree ("down_at");--> statement-breakpoint
CREATE INDEX "part_issues_order_idx" ON "maintenance"."part_issues" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "part_reservations_material_idx" ON "maintenance"."part_reservations" USING btree ("material");--> statement-breakpoint
CREATE INDEX "work_orders_station_idx" ON "maintenance"."work_orders" USING btree ("line","station","opened_at");--> statement-breakpoint
CREATE INDEX "work_orders_state_idx" ON "maintenance"."work_orders" USING btree ("state","kind");