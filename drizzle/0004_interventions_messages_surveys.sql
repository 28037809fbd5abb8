CREATE TABLE "image_variants" (
	"file_id" text NOT NULL,
	"variant" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_variants_file_id_variant_pk" PRIMARY KEY("file_id","variant")
);
--> statement-breakpoint
CREATE TABLE "portal_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"ticket_id" text,
	"kind" text,
	"subject" text,
	"body" text NOT NULL,
	"upload_ids" text[] DEFAULT '{}' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"note_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "portal_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"purpose" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"bytes" "bytea",
	"hubspot_file_id" text,
	"attached_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"jti" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "image_variants_created_idx" ON "image_variants" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "portal_messages_contact_idx" ON "portal_messages" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE INDEX "portal_messages_ticket_idx" ON "portal_messages" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "portal_uploads_contact_idx" ON "portal_uploads" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_ticket_idx" ON "survey_responses" USING btree ("ticket_id");