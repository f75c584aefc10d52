CREATE SCHEMA "genealogy";
--> statement-breakpoint
CREATE SCHEMA "storage";
--> statement-breakpoint
CREATE SEQUENCE "genealogy"."handling_unit_serials" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "genealogy"."recall_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "genealogy"."aggregation_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"parent_id" uuid NOT NULL,
	"child_unit_id" uuid,
	"child_lot_id" uuid,
	"quantity" numeric(20, 6),
	"location" text,
	"actor" text NOT NULL,
	CONSTRAINT "aggregation_events_one_child" CHECK (("genealogy"."aggregation_events"."child_unit_id" is null) <> ("genealogy"."aggregation_events"."child_lot_id" is null))
);
--> statement-breakpoint
CREATE TABLE "genealogy"."contents" (
	"parent_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"child_kind" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	CONSTRAINT "contents_parent_id_child_id_pk" PRIMARY KEY("parent_id","child_id"),
	CONSTRAINT "contents_quantity_positive" CHECK ("genealogy"."contents"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "genealogy"."edges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"parent_lot_id" uuid NOT NULL,
	"child_lot_id" uuid NOT NULL,
	"quantity" numeric(20, 6) DEFAULT 0 NOT NULL,
	"unit" text NOT NULL,
	"work_order_id" uuid,
	"feeder_load_id" uuid,
	"station" text,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone,
	"state" text DEFAULT 'open' NOT NULL,
	CONSTRAINT "edges_feeder_load_id_unique" UNIQUE("feeder_load_id"),
	CONSTRAINT "edges_quantity_not_negative" CHECK ("genealogy"."edges"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "genealogy"."feeder_loads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"output_lot_id" uuid NOT NULL,
	"line" text NOT NULL,
	"station" text NOT NULL,
	"material" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"issued" numeric(20, 6) NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	"loaded_by" text NOT NULL,
	"unloaded_at" timestamp with time zone,
	"unloaded_by" text
);
--> statement-breakpoint
CREATE TABLE "genealogy"."handling_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"serial" text NOT NULL,
	"kind" text NOT NULL,
	"sscc" text,
	"material" text,
	"location" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "handling_units_serial_unique" UNIQUE("serial"),
	CONSTRAINT "handling_units_sscc_unique" UNIQUE("sscc")
);
--> statement-breakpoint
CREATE TABLE "genealogy"."lot_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"recall_id" uuid,
	"detail" jsonb,
	CONSTRAINT "lot_events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "genealogy"."lot_series" (
	"manufacturer" text NOT NULL,
	"interfix" integer NOT NULL,
	"last_sequence" integer NOT NULL,
	CONSTRAINT "lot_series_manufacturer_interfix_pk" PRIMARY KEY("manufacturer","interfix")
);
--> statement-breakpoint
CREATE TABLE "genealogy"."lots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"material" text NOT NULL,
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"held_from" text,
	"unit" text NOT NULL,
	"quantity" numeric(20, 6) DEFAULT 0 NOT NULL,
	"supplier" text,
	"supplier_lot" text,
	"certificate" text,
	"expires_on" date,
	"work_order_id" uuid,
	"work_order_number" text,
	"line" text,
	"rework_of" uuid,
	"made_from" timestamp with time zone,
	"made_to" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "lots_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "genealogy"."recalls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"suspect_lot_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" text NOT NULL,
	"signature_id" text,
	"report" jsonb NOT NULL,
	CONSTRAINT "recalls_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "storage"."balances" (
	"location" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "balances_location_lot_id_pk" PRIMARY KEY("location","lot_id"),
	CONSTRAINT "balances_not_negative" CHECK ("storage"."balances"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "storage"."movements" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lot_id" uuid NOT NULL,
	"handling_unit" text DEFAULT '' NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"from_location" text,
	"to_location" text,
	"customer" text,
	"shipment" text,
	"work_order_id" uuid,
	"reason" text,
	"actor" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "movements_id_unique" UNIQUE("id"),
	CONSTRAINT "movements_quantity_positive" CHECK ("storage"."movements"."quantity" > 0),
	CONSTRAINT "movements_somewhere" CHECK ("storage"."movements"."from_location" is not null or "storage"."movements"."to_location" is not null)
);
--> statement-breakpoint
ALTER TABLE "genealogy"."aggregation_events" ADD CONSTRAINT "aggregation_events_parent_id_handling_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "genealogy"."handling_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."aggregation_events" ADD CONSTRAINT "aggregation_events_child_unit_id_handling_units_id_fk" FOREIGN KEY ("child_unit_id") REFERENCES "genealogy"."handling_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."aggregation_events" ADD CONSTRAINT "aggregation_events_child_lot_id_lots_id_fk" FOREIGN KEY ("child_lot_id") REFERENCES "genealogy"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."contents" ADD CONSTRAINT "contents_parent_id_handling_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "genealogy"."handling_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."feeder_loads" ADD CONSTRAINT "feeder_loads_output_lot_id_lots_id_fk" FOREIGN KEY ("output_lot_id") REFERENCES "genealogy"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."feeder_loads" ADD CONSTRAINT "feeder_loads_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "genealogy"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."lot_events" ADD CONSTRAINT "lot_events_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "genealogy"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "genealogy"."recalls" ADD CONSTRAINT "recalls_suspect_lot_id_lots_id_fk" FOREIGN KEY ("suspect_lot_id") REFERENCES "genealogy"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aggregation_events_parent_idx" ON "genealogy"."aggregation_events" USING btree ("parent_id","seq");--> statement-breakpoint
CREATE INDEX "aggregation_events_child_unit_idx" ON "genealogy"."aggregation_events" USING btree ("child_unit_id");--> statement-breakpoint
CREATE INDEX "aggregation_events_child_lot_idx" ON "genealogy"."aggregation_events" USING btree ("child_lot_id");--> statement-breakpoint
CREATE INDEX "aggregation_events_id_idx" ON "genealogy"."aggregation_events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "contents_child_idx" ON "genealogy"."contents" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "edges_parent_idx" ON "genealogy"."edges" USING btree ("parent_lot_id","child_lot_id");--> statement-breakpoint
CREATE INDEX "edges_child_idx" ON "genealogy"."edges" USING btree ("child_lot_id","parent_lot_id");--> statement-breakpoint
CREATE INDEX "feeder_loads_order_idx" ON "genealogy"."feeder_loads" USING btree ("work_order_id","station","material","loaded_at");--> statement-breakpoint
CREATE INDEX "feeder_loads_lot_idx" ON "genealogy"."feeder_loads" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feeder_loads_one_open_idx" ON "genealogy"."feeder_loads" USING btree ("work_order_id","station","material") WHERE "genealogy"."feeder_loads"."unloaded_at" is null;--> statement-breakpoint
CREATE INDEX "handling_units_location_idx" ON "genealogy"."handling_units" USING btree ("location");--> statement-breakpoint
CREATE INDEX "lot_events_lot_idx" ON "genealogy"."lot_events" USING btree ("lot_id","seq");--> statement-breakpoint
CREATE INDEX "lot_events_at_idx" ON "genealogy"."lot_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "lots_material_idx" ON "genealogy"."lots" USING btree ("material","created_at");--> statement-breakpoint
CREATE INDEX "lots_work_order_idx" ON "genealogy"."lots" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "lots_supplier_lot_idx" ON "genealogy"."lots" USING btree ("supplier","supplier_lot");--> statement-breakpoint
CREATE INDEX "lots_created_idx" ON "genealogy"."lots" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "balances_lot_idx" ON "storage"."balances" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "movements_lot_idx" ON "storage"."movements" USING btree ("lot_id","seq");--> statement-breakpoint
CREATE INDEX "movements_shipment_idx" ON "storage"."movements" USING btree ("shipment");