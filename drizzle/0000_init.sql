CREATE TABLE "hubspot_budget" (
	"bucket" text NOT NULL,
	"second" bigint NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hubspot_budget_bucket_second_pk" PRIMARY KEY("bucket","second")
);
--> statement-breakpoint
CREATE TABLE "hubspot_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"tags" text[] NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"subscription_type" text NOT NULL,
	"object_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hubspot_cache_tags_idx" ON "hubspot_cache" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "hubspot_cache_expires_idx" ON "hubspot_cache" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "webhook_events_received_idx" ON "webhook_events" USING btree ("received_at");