CREATE SCHEMA "production";
--> statement-breakpoint
CREATE SEQUENCE "production"."work_order_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "production"."command_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"command" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "production"."work_order_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"event" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "production"."work_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"product_code" text NOT NULL,
	"line_code" text NOT NULL,
	"quantity" integer NOT NULL,
	"state" text NOT NULL,
	"good_count" bigint DEFAULT 0 NOT NULL,
	"scrap_count" bigint DEFAULT 0 NOT NULL,
	"document" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "production"."work_order_events" ADD CONSTRAINT "work_order_events_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "production"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_order_events_order_idx" ON "production"."work_order_events" USING btree ("work_order_id","seq");--> statement-breakpoint
CREATE INDEX "work_orders_line_state_idx" ON "production"."work_orders" USING btree ("line_code","state");