/**
 * A second portal instance for tests/db/settings-instances.test.ts: its own process, its own
 * connection pool on the PostgreSQL database named by DATABASE_URL, its own copy of the settings
 * (lib/settings, kept by LISTEN duret_settings). Reads a line per request on stdin ("slots DATE" |
 * "version"), answers one JSON line on stdout. Run with `--conditions=react-server` (server-only).
 */
import readline from "node:readline";
import { listSlots } from "@/lib/bookings/list-slots";
import { getDb } from "@/lib/db/client";
import { getSettings } from "@/lib/settings";
import { settingsMemoryStats } from "@/lib/settings/store";
import { CAMILLE, deps, JULIEN } from "@/tests/bookings/support";

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  void (async () => {
    const [command, arg] = line.trim().split(/\s+/);
    try {
      if (command === "version") {
        const s = await getSettings();
        console.log(JSON.stringify({ version: s.versions.technicians, hits: settingsMemoryStats().hits }));
      } else if (command === "slots" && arg) {
        const db = await getDb();
        // The process's own database (getDb), so the settings come from this instance's copy.
        const listing = await listSlots(CAMILLE, { service: "depannage", from: arg, to: arg }, { ...deps(db), db: undefined, policy: undefined });
        const julien = listing.days.flatMap((d) => d.slots).filter((s) => s.technicianId === JULIEN).length;
        console.log(JSON.stringify({ julien }));
      } else if (command === "quit") {
        process.exit(0);
      }
    } catch (error) {
      console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    }
  })();
});
console.log(JSON.stringify({ ready: true }));
