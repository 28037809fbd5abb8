CREATE TABLE "reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"booking_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"technician_id" text NOT NULL,
	"service_type" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"address" text NOT NULL,
	"location_lat" double precision,
	"location_lng" double precision,
	"note" text,
	"locale" text DEFAULT 'fr' NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"idempotency_key" text NOT NULL,
	"rescheduled_from" text,
	"hubspot_meeting_id" text,
	"hubspot_ticket_id" text,
	"hubspot_synced_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservations_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE INDEX "reservations_contact_idx" ON "reservations" USING btree ("contact_id","starts_at");--> statement-breakpoint
CREATE INDEX "reservations_booking_idx" ON "reservations" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "reservations_technician_idx" ON "reservations" USING btree ("technician_id","starts_at");--> statement-breakpoint
-- Two confirmed reservations of one technician can never overlap, travel buffer included
-- (btree_gist, migration 0001). A concurrent second insert fails with SQLSTATE 23P01.
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_no_overlap" EXCLUDE USING gist ("technician_id" WITH =, tstzrange("starts_at", "blocked_until", '[)') WITH &&) WHERE ("status" = 'confirmed');--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_times_check" CHECK ("starts_at" < "ends_at" AND "ends_at" <= "blocked_until");--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_status_check" CHECK ("status" IN ('confirmed', 'rescheduled', 'cancelled'));
