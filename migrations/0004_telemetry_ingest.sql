CREATE SCHEMA "telemetry";
--> statement-breakpoint
CREATE TABLE "telemetry"."dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"message_key" text NOT NULL,
	"topic" text NOT NULL,
	"payload" "bytea" NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "dead_letters_message_key_unique" UNIQUE("message_key")
);
--> statement-breakpoint
CREATE TABLE "telemetry"."line_state" (
	"group_id" text NOT NULL,
	"line" text NOT NULL,
	"state" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"since" timestamp (3) with time zone NOT NULL,
	"good" bigint DEFAULT 0 NOT NULL,
	"reject" bigint DEFAULT 0 NOT NULL,
	"work_order" text,
	"product" text,
	"last_event_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "line_state_group_id_line_pk" PRIMARY KEY("group_id","line")
);
--> statement-breakpoint
CREATE TABLE "telemetry"."machine_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"message_key" text NOT NULL,
	"metric_index" integer NOT NULL,
	"message_type" text NOT NULL,
	"group_id" text NOT NULL,
	"node" text NOT NULL,
	"device" text,
	"metric" text NOT NULL,
	"datatype" text NOT NULL,
	"value_number" double precision,
	"value_text" text,
	"value_bool" boolean,
	"birth" boolean NOT NULL,
	"metric_at" timestamp (3) with time zone NOT NULL,
	"seq" integer,
	"bd_seq" integer,
	CONSTRAINT "machine_events_message_metric_key" UNIQUE("message_key","metric_index")
);
--> statement-breakpoint
CREATE TABLE "telemetry"."station_state" (
	"group_id" text NOT NULL,
	"line" text NOT NULL,
	"station" text NOT NULL,
	"state" text,
	"reason" text,
	"since" timestamp (3) with time zone,
	"last_good" bigint,
	"last_reject" bigint,
	"good" bigint DEFAULT 0 NOT NULL,
	"reject" bigint DEFAULT 0 NOT NULL,
	"last_event_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "station_state_group_id_line_station_pk" PRIMARY KEY("group_id","line","station")
);
--> statement-breakpoint
CREATE INDEX "dead_letters_received_idx" ON "telemetry"."dead_letters" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "machine_events_station_metric_idx" ON "telemetry"."machine_events" USING btree ("node","device","metric","metric_at");