CREATE TABLE "hubspot_cache_invalidations" (
	"tag" text PRIMARY KEY NOT NULL,
	"invalidated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hubspot_cache_invalidations_at_idx" ON "hubspot_cache_invalidations" USING btree ("invalidated_at");