CREATE TABLE "account_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"code_hash" text NOT NULL,
	"failed_tries" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customer_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"label" text,
	"line" text NOT NULL,
	"zip" text NOT NULL,
	"city" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_exports" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"step" text,
	"archive" "bytea",
	"size_bytes" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "erased_identities" (
	"identity_hash" text PRIMARY KEY NOT NULL,
	"erasure_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasure_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hubspot_deleted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"retained_documents" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"contact_id" text PRIMARY KEY NOT NULL,
	"reminder_email" boolean DEFAULT true NOT NULL,
	"reminder_sms" boolean DEFAULT true NOT NULL,
	"tracking_email" boolean DEFAULT true NOT NULL,
	"tracking_sms" boolean DEFAULT true NOT NULL,
	"survey_email" boolean DEFAULT true NOT NULL,
	"survey_sms" boolean DEFAULT false NOT NULL,
	"marketing_consent" boolean DEFAULT false NOT NULL,
	"marketing_consent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retained_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source_object_id" text NOT NULL,
	"document_number" text,
	"issued_on" text,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"legal_basis" text NOT NULL,
	"retain_until" timestamp with time zone NOT NULL,
	"erasure_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "account_verifications_contact_idx" ON "account_verifications" USING btree ("contact_id","purpose","created_at");--> statement-breakpoint
CREATE INDEX "customer_addresses_contact_idx" ON "customer_addresses" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_addresses_one_default_idx" ON "customer_addresses" USING btree ("contact_id") WHERE "customer_addresses"."is_default";--> statement-breakpoint
CREATE INDEX "data_exports_contact_idx" ON "data_exports" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "retained_documents_source_idx" ON "retained_documents" USING btree ("kind","source_object_id");--> statement-breakpoint
CREATE INDEX "retained_documents_until_idx" ON "retained_documents" USING btree ("retain_until");