CREATE TABLE "hubspot_creates" (
	"key" text PRIMARY KEY NOT NULL,
	"object_type" text NOT NULL,
	"hubspot_id" text,
	"attempt_started_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"resolved_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
