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
CREATE TRIGGER session_epochs_notify AFTER INSERT OR UPDATE OR DELETE ON session_epochs FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER session_epochs_notify_truncate AFTER TRUNCATE ON session_epochs FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER revoked_sessions_notify AFTER INSERT OR UPDATE OR DELETE ON revoked_sessions FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER revoked_sessions_notify_truncate AFTER TRUNCATE ON revoked_sessions FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER reservations_notify AFTER INSERT OR UPDATE OR DELETE ON reservations FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER reservations_notify_truncate AFTER TRUNCATE ON reservations FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER customer_addresses_notify AFTER INSERT OR UPDATE OR DELETE ON customer_addresses FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER customer_addresses_notify_truncate AFTER TRUNCATE ON customer_addresses FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER quote_decisions_notify AFTER INSERT OR UPDATE OR DELETE ON quote_decisions FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER quote_decisions_notify_truncate AFTER TRUNCATE ON quote_decisions FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER quote_signatures_notify AFTER INSERT OR UPDATE OR DELETE ON quote_signatures FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER quote_signatures_notify_truncate AFTER TRUNCATE ON quote_signatures FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER survey_responses_notify AFTER INSERT OR UPDATE OR DELETE ON survey_responses FOR EACH ROW EXECUTE FUNCTION duret_notify_contact_rows();
--> statement-breakpoint
CREATE TRIGGER survey_responses_notify_truncate AFTER TRUNCATE ON survey_responses FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_contact_rows();
