CREATE SCHEMA "shipping";
--> statement-breakpoint
CREATE SEQUENCE "shipping"."order_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "shipping"."shipment_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "shipping"."order_lines" (
	"order_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"product" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"unit" text NOT NULL,
	"due" date NOT NULL,
	"shipped" numeric(20, 6) DEFAULT 0 NOT NULL,
	CONSTRAINT "order_lines_order_id_line_pk" PRIMARY KEY("order_id","line"),
	CONSTRAINT "order_lines_quantity_positive" CHECK ("shipping"."order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipping"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"customer" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"allocated_at" timestamp with time zone,
	"picked_at" timestamp with time zone,
	"picked_by" text,
	"dispatched_at" timestamp with time zone,
	"shipment" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	CONSTRAINT "orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "shipping"."reservations" (
	"serial" text PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"kind" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"expires_on" date,
	"lots" jsonb NOT NULL,
	"reserved_at" timestamp with time zone NOT NULL,
	"reserved_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."shipments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"customer" text NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"dispatched_by" text NOT NULL,
	"signature_id" text NOT NULL,
	"content" jsonb NOT NULL,
	CONSTRAINT "shipments_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "shipping"."order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "shipping"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."reservations" ADD CONSTRAINT "reservations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "shipping"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "shipping"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_state_idx" ON "shipping"."orders" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "shipping"."orders" USING btree ("customer","created_at");--> statement-breakpoint
CREATE INDEX "reservations_order_idx" ON "shipping"."reservations" USING btree ("order_id","line");--> statement-breakpoint
CREATE INDEX "shipments_customer_idx" ON "shipping"."shipments" USING btree ("customer","dispatched_at");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipping"."shipments" USING btree ("order_id");