CREATE SCHEMA "idempotency";
--> statement-breakpoint
CREATE TABLE "telemetry"."edge_births" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"birth_key" text NOT NULL,
	"group_id" text NOT NULL,
	"node" text NOT NULL,
	"device" text,
	"bd_seq" integer NOT NULL,
	"node_birth_key" text NOT NULL,
	"seq" integer,
	"born_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"metrics" jsonb NOT NULL,
	"next_seq" integer,
	"rebirth_asked_at" timestamp with time zone,
	"stored_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "edge_births_birth_key_unique" UNIQUE("birth_key")
);
--> statement-breakpoint
CREATE TABLE "telemetry"."message_log" (
	"message_key" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"node" text NOT NULL,
	"seq" integer NOT NULL,
	"sent_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"instance" text NOT NULL,
	"birth" boolean DEFAULT false NOT NULL,
	"checked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency"."command_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"command" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "telemetry"."line_state" ADD COLUMN "order_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "telemetry"."station_state" ADD COLUMN "state_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "edge_births_node_idx" ON "telemetry"."edge_births" USING btree ("group_id","node","born_at");--> statement-breakpoint
CREATE INDEX "edge_births_stored_idx" ON "telemetry"."edge_births" USING btree ("stored_at");--> statement-breakpoint
CREATE INDEX "message_log_unchecked_idx" ON "telemetry"."message_log" USING btree ("group_id","node","sent_at") WHERE not "telemetry"."message_log"."checked";--> statement-breakpoint
CREATE INDEX "message_log_received_idx" ON "telemetry"."message_log" USING btree ("received_at");