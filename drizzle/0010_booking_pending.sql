-- A booking taken while HubSpot could not be read is held « en attente de confirmation »
-- (status 'pending') until the outbox confirms it against a fresh calendar
-- (lib/bookings/verify-booking.ts). It holds the technician's time like a confirmed one: no two
-- portal reservations, confirmed or pending, may overlap. 'unavailable' (the time was taken in
-- HubSpot meanwhile) and the other statuses hold nothing.
ALTER TABLE "reservations" DROP CONSTRAINT "reservations_no_overlap";--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_no_overlap" EXCLUDE USING gist ("technician_id" WITH =, tstzrange("starts_at", "blocked_until", '[)') WITH &&) WHERE ("status" IN ('confirmed', 'pending'));
--> statement-breakpoint
ALTER TABLE "reservations" DROP CONSTRAINT "reservations_status_check";--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_status_check" CHECK ("status" IN ('confirmed', 'pending', 'unavailable', 'rescheduled', 'cancelled'));
