-- The recorded HubSpot pipeline and stage ids are read on every page that shows a status: each process
-- keeps a copy (lib/hubspot/pipelines.ts, through lib/memory-cache/row-memory.ts). Whoever changes them
-- (hubspot:setup, another instance adopting a stage, psql), this trigger names the table on channel
-- duret_rows when the change commits, and every instance drops its copy.
CREATE OR REPLACE FUNCTION duret_notify_shared_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('duret_rows', 'table:' || TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER hubspot_pipeline_ids_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hubspot_pipeline_ids FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_shared_rows();
