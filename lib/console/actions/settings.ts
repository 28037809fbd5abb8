"use server";
import "server-only";
import { saveConsoleSettings, saveSettingsInput } from "@/lib/console/settings";
import { staffAction, staffDeps } from "@/lib/staff";

/**
 * Saves one settings section. Any signed-in staff member reaches the core function, which checks
 * the role the section needs (SECTION_ROLE: technicians and closures for the office too, the rest
 * for administrators) and answers: saved (with warnings), invalid (field → French message), stale
 * (someone saved in between), or the appointments the change touches (saved only once acknowledged).
 */
export const saveSettingsAction = staffAction(undefined, "settings.save", saveSettingsInput, async (input, staff) =>
  saveConsoleSettings(staff, input, { db: (await staffDeps()).db, now: new Date() }),
);
