CREATE TABLE "planning"."work_order_targets" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"due" timestamp with time zone,
	"priority" text NOT NULL,
	"proposal" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL
);
