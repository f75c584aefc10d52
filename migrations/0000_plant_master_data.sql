CREATE SCHEMA "plant";
--> statement-breakpoint
CREATE TABLE "plant"."areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."bom_items" (
	"product_code" text NOT NULL,
	"material_code" text NOT NULL,
	"basis" integer NOT NULL,
	"quantity" double precision NOT NULL,
	"scrap_percent" double precision NOT NULL,
	CONSTRAINT "bom_items_product_code_material_code_pk" PRIMARY KEY("product_code","material_code")
);
--> statement-breakpoint
CREATE TABLE "plant"."calendars" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."changeovers" (
	"line_code" text NOT NULL,
	"from_product" text NOT NULL,
	"to_product" text NOT NULL,
	"minutes" integer NOT NULL,
	CONSTRAINT "changeovers_line_code_from_product_to_product_pk" PRIMARY KEY("line_code","from_product","to_product")
);
--> statement-breakpoint
CREATE TABLE "plant"."characteristics" (
	"specification_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"unit" text,
	"lsl" double precision,
	"usl" double precision,
	"nominal" double precision,
	"defect_class" text,
	"aql" double precision,
	"inspection_level" text,
	"retired_at" timestamp with time zone,
	CONSTRAINT "characteristics_specification_code_code_pk" PRIMARY KEY("specification_code","code")
);
--> statement-breakpoint
CREATE TABLE "plant"."customers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"country" text NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."holidays" (
	"calendar_code" text NOT NULL,
	"position" integer NOT NULL,
	"date" date,
	"annual" text,
	"name" text NOT NULL,
	CONSTRAINT "holidays_calendar_code_position_pk" PRIMARY KEY("calendar_code","position")
);
--> statement-breakpoint
CREATE TABLE "plant"."line_products" (
	"line_code" text NOT NULL,
	"product_code" text NOT NULL,
	"rate_per_minute" double precision NOT NULL,
	"share" double precision,
	CONSTRAINT "line_products_line_code_product_code_pk" PRIMARY KEY("line_code","product_code")
);
--> statement-breakpoint
CREATE TABLE "plant"."lines" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"area_code" text NOT NULL,
	"calendar_code" text NOT NULL,
	"default_changeover_minutes" integer NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."locations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" text,
	"net_explosive_limit_kg" double precision,
	"hazard_divisions" text[] NOT NULL,
	"compatibility_groups" text[] NOT NULL,
	"magazine_type" text,
	"x" double precision,
	"y" double precision,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."maintenance_windows" (
	"code" text NOT NULL,
	"line_code" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "maintenance_windows_code_line_code_pk" PRIMARY KEY("code","line_code")
);
--> statement-breakpoint
CREATE TABLE "plant"."materials" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"unit" text NOT NULL,
	"shelf_life_days" integer,
	"un_number" text,
	"hazard_division" text,
	"compatibility_group" text,
	"net_explosive_per_unit_kg" double precision,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."range_tests" (
	"specification_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text,
	"sample_size" integer NOT NULL,
	"limits" jsonb NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "range_tests_specification_code_code_pk" PRIMARY KEY("specification_code","code")
);
--> statement-breakpoint
CREATE TABLE "plant"."revisions" (
	"number" serial PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"source" text NOT NULL,
	"actor" text,
	"note" text,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plant"."shifts" (
	"calendar_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"days" text[] NOT NULL,
	"break_minutes" integer NOT NULL,
	CONSTRAINT "shifts_calendar_code_code_pk" PRIMARY KEY("calendar_code","code")
);
--> statement-breakpoint
CREATE TABLE "plant"."sites" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"timezone" text NOT NULL,
	"manufacturer_code" text,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."specifications" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"product_code" text NOT NULL,
	"customer_code" text,
	"revision" text NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plant"."stations" (
	"line_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"sequence" integer NOT NULL,
	"rate_per_minute" double precision NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "stations_line_code_code_pk" PRIMARY KEY("line_code","code")
);
--> statement-breakpoint
CREATE TABLE "plant"."supplier_materials" (
	"supplier_code" text NOT NULL,
	"material_code" text NOT NULL,
	CONSTRAINT "supplier_materials_supplier_code_material_code_pk" PRIMARY KEY("supplier_code","material_code")
);
--> statement-breakpoint
CREATE TABLE "plant"."suppliers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"imported" boolean NOT NULL,
	"lead_time_days" integer NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "plant"."bom_items" ADD CONSTRAINT "bom_items_product_code_materials_code_fk" FOREIGN KEY ("product_code") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."bom_items" ADD CONSTRAINT "bom_items_material_code_materials_code_fk" FOREIGN KEY ("material_code") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."changeovers" ADD CONSTRAINT "changeovers_line_code_lines_code_fk" FOREIGN KEY ("line_code") REFERENCES "plant"."lines"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."changeovers" ADD CONSTRAINT "changeovers_from_product_materials_code_fk" FOREIGN KEY ("from_product") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."changeovers" ADD CONSTRAINT "changeovers_to_product_materials_code_fk" FOREIGN KEY ("to_product") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."characteristics" ADD CONSTRAINT "characteristics_specification_code_specifications_code_fk" FOREIGN KEY ("specification_code") REFERENCES "plant"."specifications"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."holidays" ADD CONSTRAINT "holidays_calendar_code_calendars_code_fk" FOREIGN KEY ("calendar_code") REFERENCES "plant"."calendars"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."line_products" ADD CONSTRAINT "line_products_line_code_lines_code_fk" FOREIGN KEY ("line_code") REFERENCES "plant"."lines"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."line_products" ADD CONSTRAINT "line_products_product_code_materials_code_fk" FOREIGN KEY ("product_code") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."lines" ADD CONSTRAINT "lines_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "plant"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."lines" ADD CONSTRAINT "lines_calendar_code_calendars_code_fk" FOREIGN KEY ("calendar_code") REFERENCES "plant"."calendars"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."locations" ADD CONSTRAINT "locations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "plant"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."maintenance_windows" ADD CONSTRAINT "maintenance_windows_line_code_lines_code_fk" FOREIGN KEY ("line_code") REFERENCES "plant"."lines"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."range_tests" ADD CONSTRAINT "range_tests_specification_code_specifications_code_fk" FOREIGN KEY ("specification_code") REFERENCES "plant"."specifications"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."shifts" ADD CONSTRAINT "shifts_calendar_code_calendars_code_fk" FOREIGN KEY ("calendar_code") REFERENCES "plant"."calendars"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."specifications" ADD CONSTRAINT "specifications_product_code_materials_code_fk" FOREIGN KEY ("product_code") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."specifications" ADD CONSTRAINT "specifications_customer_code_customers_code_fk" FOREIGN KEY ("customer_code") REFERENCES "plant"."customers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."stations" ADD CONSTRAINT "stations_line_code_lines_code_fk" FOREIGN KEY ("line_code") REFERENCES "plant"."lines"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."supplier_materials" ADD CONSTRAINT "supplier_materials_supplier_code_suppliers_code_fk" FOREIGN KEY ("supplier_code") REFERENCES "plant"."suppliers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plant"."supplier_materials" ADD CONSTRAINT "supplier_materials_material_code_materials_code_fk" FOREIGN KEY ("material_code") REFERENCES "plant"."materials"("code") ON DELETE no action ON UPDATE no action;