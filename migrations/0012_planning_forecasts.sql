CREATE SCHEMA "planning";
--> statement-breakpoint
CREATE TABLE "planning"."forecasts" (
	"product" text NOT NULL,
	"week" date NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "forecasts_product_week_pk" PRIMARY KEY("product","week")
);
