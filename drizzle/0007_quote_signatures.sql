CREATE TABLE "quote_decisions" (
	"quote_id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"ip" text,
	"user_agent" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_originals" (
	"id" text PRIMARY KEY NOT NULL,
	"quote_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"data_hash" text NOT NULL,
	"sha256" text NOT NULL,
	"pdf" "bytea" NOT NULL,
	"signature_box" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_signatures" (
	"id" text PRIMARY KEY NOT NULL,
	"quote_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"quote_number" text NOT NULL,
	"signer_name" text NOT NULL,
	"identity" jsonb NOT NULL,
	"consent_text" text NOT NULL,
	"signature_kind" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"ip" text NOT NULL,
	"user_agent" text NOT NULL,
	"original_id" text NOT NULL,
	"original_sha256" text NOT NULL,
	"signed_pdf" "bytea" NOT NULL,
	"signed_sha256" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_signatures_quote_id_unique" UNIQUE("quote_id")
);
--> statement-breakpoint
CREATE TABLE "quote_signing_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"quote_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"original_id" text,
	"consented_at" timestamp with time zone,
	"consent_text" text,
	"signer_name" text,
	"signature_kind" text,
	"signature_value" text,
	"code_hash" text,
	"code_channel" text,
	"code_destination" text,
	"code_sent_at" timestamp with time zone,
	"code_expires_at" timestamp with time zone,
	"code_tries" integer DEFAULT 0 NOT NULL,
	"codes_sent" integer DEFAULT 0 NOT NULL,
	"code_window_start" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quote_originals_quote_data_idx" ON "quote_originals" USING btree ("quote_id","data_hash");--> statement-breakpoint
CREATE INDEX "quote_signatures_contact_idx" ON "quote_signatures" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_signing_sessions_quote_contact_idx" ON "quote_signing_sessions" USING btree ("quote_id","contact_id");--> statement-breakpoint
-- Evidence is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE on the signed
-- quotes' evidence, the decisions and the originals they hash (a bug or a stray query cannot
-- rewrite a signature's proof).
CREATE OR REPLACE FUNCTION refuse_evidence_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER quote_signatures_append_only BEFORE UPDATE OR DELETE ON "quote_signatures" FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER quote_signatures_no_truncate BEFORE TRUNCATE ON "quote_signatures" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER quote_decisions_append_only BEFORE UPDATE OR DELETE ON "quote_decisions" FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER quote_decisions_no_truncate BEFORE TRUNCATE ON "quote_decisions" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER quote_originals_append_only BEFORE UPDATE OR DELETE ON "quote_originals" FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER quote_originals_no_truncate BEFORE TRUNCATE ON "quote_originals" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
