CREATE TABLE "planning"."purchase_orders" (
	"reference" text PRIMARY KEY NOT NULL,
	"supplier" text NOT NULL,
	"material" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"due" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL
);
