import { describe, expect, it } from "vitest";
import { createFormat } from "@/components/format";

// fr-FR uses a narrow no-break space between thousands and a no-break space before "€".
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");
const fr = createFormat("fr");
const en = createFormat("en");

describe("file sizes", () => {
  it("in the reader's units: « Ko »/« Mo » in French, KB/MB in English, unit kept on the number's line", () => {
    expect(fr.fileSize(850 * 1024)).toBe("850\u00a0Ko");
    expect(fr.fileSize(1.25 * 1024 * 1024)).toBe("1,3\u00a0Mo");
    expect(en.fileSize(850 * 1024)).toBe("850\u00a0KB");
    expect(en.fileSize(1.25 * 1024 * 1024)).toBe("1.3\u00a0MB");
    // A tiny file is not « 0 Ko ».
    expect(en.fileSize(200)).toBe("1\u00a0KB");
    expect(fr.fileSize(null)).toBe("—");
  });
});

describe("French formatting", () => {
  it("formats euros with French separators", () => {
    expect(norm(fr.money(1234.5))).toBe("1 234,50 €");
    expect(norm(fr.money(0))).toBe("0,00 €");
    expect(fr.money(null)).toBe("—");
  });

  it("shows instants in Paris time, summer and winter, times written « 9 h 30 »", () => {
    expect(fr.dateTime("2026-11-24T08:30:00.000Z")).toBe("mardi 24 novembre 2026 à 9 h 30");
    expect(fr.dateTime("2026-07-01T08:30:00.000Z")).toBe("mercredi 1 juillet 2026 à 10 h 30");
    // The slot picker and the confirmation page say a time the same way (issue 16).
    expect(fr.time("2026-11-24T13:00:00.000Z")).toBe("14 h 00");
    expect(norm(fr.shortDateTime("2026-11-24T13:00:00.000Z"))).toBe("24 nov. 2026, 14 h 00");
    expect(fr.dateTime("pas une date")).toBe("—");
  });

  it("dates data shown during an outage: « 7 déc. à 14 h 05 » (Paris time)", () => {
    expect(fr.dayTime("2026-12-07T13:05:00.000Z")).toBe("7 déc. à 14 h 05");
    expect(fr.dayTime("2026-07-01T07:00:00.000Z")).toBe("1 juil. à 9 h 00");
    expect(en.dayTime("2026-12-07T13:05:00.000Z")).toBe("7 Dec at 14:05");
    expect(fr.dayTime(null)).toBe("—");
  });

  it("never shifts calendar dates by a day", () => {
    expect(fr.calendarDate("2026-12-31")).toBe("31 décembre 2026");
    expect(fr.calendarDate("2027-01-01")).toBe("1 janvier 2027");
    expect(fr.calendarDate(null)).toBe("—");
  });

  it("shortens a same-day range to its end time", () => {
    expect(fr.timeRange("2026-11-24T08:30:00Z", "2026-11-24T10:00:00Z")).toBe("mardi 24 novembre 2026 à 9 h 30 – 11 h 00");
    // 23:30 UTC is already the next day in Paris: same Paris day as 23:45 UTC.
    expect(fr.timeRange("2026-11-24T23:00:00Z", "2026-11-24T23:30:00Z")).toBe("mercredi 25 novembre 2026 à 0 h 00 – 0 h 30");
  });
});

describe("English formatting", () => {
  it("uses British formats, still in Paris time and in euros", () => {
    expect(en.money(1234.5)).toBe("€1,234.50");
    expect(en.dateTime("2026-11-24T08:30:00.000Z")).toBe("Tuesday, 24 November 2026 at 09:30");
    expect(en.calendarDate("2026-12-31")).toBe("31 December 2026");
    expect(en.time("2026-07-01T08:30:00.000Z")).toBe("10:30");
  });
});
