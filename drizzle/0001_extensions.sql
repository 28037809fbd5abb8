-- btree_gist lets an EXCLUDE constraint combine equality (technician) with range overlap (time):
-- the booking tables rely on it. PGlite loads it from lib/db/client.ts.
CREATE EXTENSION IF NOT EXISTS btree_gist;
