-- The rows every signed-in page view reads again are kept in each process's memory
-- (lib/db/row-memory.ts). Whoever changes them (the portal, another instance, a script, psql),
-- these triggers name the customer on channel duret_rows when the change commits, and every
-- instance drops its copy of that customer's rows.
CREATE OR REPLACE FUNCTION duret_notify_contact_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('duret_rows', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('duret_rows', OLD.contact_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify('duret_rows', NEW.contact_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['session_epochs', 'revoked_sessions', 'reservations', 'customer_addresses', 'quote_decisions', 'quote_signatures', 'survey_responses'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows()', t || '_notify', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows()', t || '_notify_truncate', t);
  END LOOP;
END
$$;
