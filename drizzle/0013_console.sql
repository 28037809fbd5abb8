CREATE TABLE "geocode_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"result" jsonb,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_audit" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"staff_email" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"email" text PRIMARY KEY NOT NULL,
	"hubspot_user_id" text,
	"hubspot_owner_id" text,
	"role" text DEFAULT 'office' NOT NULL,
	"totp_secret" text,
	"totp_enrolled_at" timestamp with time zone,
	"totp_last_step" bigint,
	"failed_tries" integer DEFAULT 0 NOT NULL,
	"revoked_before" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_sign_in_links" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"secret_hash" text NOT NULL,
	"request_ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "discarded_by" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "discard_reason" text;--> statement-breakpoint
CREATE INDEX "geocode_cache_expires_idx" ON "geocode_cache" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "staff_audit_at_idx" ON "staff_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "staff_sign_in_links_email_idx" ON "staff_sign_in_links" USING btree ("email","created_at");--> statement-breakpoint
-- Every instance keeps a copy of the settings (lib/settings/store.ts): whoever changes a section
-- (the console, another instance, a script, psql), this trigger names it on channel duret_settings
-- when the change commits, and every instance drops its copy.
CREATE OR REPLACE FUNCTION duret_notify_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('duret_settings', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('duret_settings', OLD.key);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify('duret_settings', NEW.key);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER portal_settings_notify AFTER INSERT OR UPDATE OR DELETE ON portal_settings FOR EACH ROW EXECUTE FUNCTION duret_notify_settings();
--> statement-breakpoint
CREATE TRIGGER portal_settings_notify_truncate AFTER TRUNCATE ON portal_settings FOR EACH STATEMENT EXECUTE FUNCTION duret_notify_settings();
--> statement-breakpoint
-- The staff audit trail is append-only: rows are never changed or removed.
CREATE OR REPLACE FUNCTION duret_staff_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'staff_audit is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER staff_audit_append_only BEFORE UPDATE OR DELETE ON staff_audit FOR EACH ROW EXECUTE FUNCTION duret_staff_audit_append_only();
