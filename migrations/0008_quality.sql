CREATE SCHEMA "quality";
--> statement-breakpoint
CREATE SEQUENCE "quality"."inspection_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "quality"."nonconformance_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "quality"."dispositions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"lot_number" text NOT NULL,
	"decision" text NOT NULL,
	"basis" text,
	"reason" text,
	"signature_id" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality"."inspections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"lot_number" text NOT NULL,
	"material" text NOT NULL,
	"supplier" text,
	"scope" text NOT NULL,
	"specification" text NOT NULL,
	"plan" jsonb NOT NULL,
	"state" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" text NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "inspections_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "quality"."nonconformance_lots" (
	"nonconformance_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"lot_number" text NOT NULL,
	CONSTRAINT "nonconformance_lots_nonconformance_id_lot_id_pk" PRIMARY KEY("nonconformance_id","lot_id")
);
--> statement-breakpoint
CREATE TABLE "quality"."nonconformances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"source" text NOT NULL,
	"inspection_id" uuid,
	"state" text NOT NULL,
	"investigation" text,
	"decision" text,
	"decision_note" text,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"signature_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "nonconformances_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "quality"."results" (
	"inspection_id" uuid NOT NULL,
	"characteristic" text NOT NULL,
	"data" jsonb NOT NULL,
	"verdict" jsonb NOT NULL,
	"accepted" boolean NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	CONSTRAINT "results_inspection_id_characteristic_pk" PRIMARY KEY("inspection_id","characteristic")
);
--> statement-breakpoint
CREATE TABLE "quality"."switching_steps" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"inspection_id" uuid,
	"lot_number" text,
	"at" timestamp with time zone NOT NULL,
	"accepted" boolean,
	"severity_before" text NOT NULL,
	"severity_after" text NOT NULL,
	"transition" jsonb,
	"ignored" text,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality"."switching_streams" (
	"stream" text PRIMARY KEY NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality"."nonconformance_lots" ADD CONSTRAINT "nonconformance_lots_nonconformance_id_nonconformances_id_fk" FOREIGN KEY ("nonconformance_id") REFERENCES "quality"."nonconformances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality"."results" ADD CONSTRAINT "results_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "quality"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispositions_lot_idx" ON "quality"."dispositions" USING btree ("lot_id","at");--> statement-breakpoint
CREATE INDEX "inspections_lot_idx" ON "quality"."inspections" USING btree ("lot_id","opened_at");--> statement-breakpoint
CREATE INDEX "inspections_state_idx" ON "quality"."inspections" USING btree ("state");--> statement-breakpoint
CREATE INDEX "nonconformance_lots_lot_idx" ON "quality"."nonconformance_lots" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "nonconformances_state_idx" ON "quality"."nonconformances" USING btree ("state");--> statement-breakpoint
CREATE INDEX "switching_steps_stream_idx" ON "quality"."switching_steps" USING btree ("stream","seq");