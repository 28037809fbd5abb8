-- HubSpot ids of the portal's pipelines and stages (spec.ts keys → ids), written by hubspot:setup or
-- adopted once by label (lib/hubspot/pipelines.ts): renaming a stage in HubSpot no longer breaks the portal.
CREATE TABLE "hubspot_pipeline_ids" (
	"pipeline_key" text NOT NULL,
	"stage_key" text NOT NULL,
	"hubspot_id" text NOT NULL,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hubspot_pipeline_ids_pipeline_key_stage_key_pk" PRIMARY KEY("pipeline_key","stage_key")
);
