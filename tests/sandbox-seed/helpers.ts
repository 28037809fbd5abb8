/** Test helpers for the seed: association lookups and a minimal EXIF GPS reader. */
import sharp from "sharp";
import type { CrmObjectType } from "@/lib/hubspot/spec";
import type { SandboxObject, SandboxState } from "@/sandbox/types";

export function related(state: SandboxState, fromType: CrmObjectType, toType: CrmObjectType, id: string): string[] {
  const out: string[] = [];
  for (const a of state.associations) {
    if (a.fromType === fromType && a.toType === toType && a.fromId === id) out.push(a.toId);
    if (a.toType === fromType && a.fromType === toType && a.toId === id) out.push(a.fromId);
  }
  return out;
}

export function byId(state: SandboxState, type: CrmObjectType): Map<string, SandboxObject> {
  return new Map(state.objects[type].map((o) => [o.id, o]));
}

/** GPS from a JPEG's EXIF (TIFF IFD0 → GPS IFD, tags 1–4), or undefined when absent. */
export async function readGps(jpeg: Uint8Array): Promise<{ lat: number; lng: number } | undefined> {
  const exif = (await sharp(jpeg).metadata()).exif;
  if (!exif) return undefined;
  const tiff = exif.subarray(exif.indexOf("Exif\0\0", 0, "latin1") + 6);
  const le = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) => {
    const n = u16(ifd);
    return Array.from({ length: n }, (_, i) => {
      const e = ifd + 2 + i * 12;
      return { tag: u16(e), type: u16(e + 2), count: u32(e + 4), valueOffset: e + 8 };
    });
  };
  const gpsPtr = entries(u32(4)).find((e) => e.tag === 0x8825);
  if (!gpsPtr) return undefined;
  const gps = entries(u32(gpsPtr.valueOffset));
  const ref = (tag: number) => {
    const e = gps.find((x) => x.tag === tag);
    return e ? tiff.toString("latin1", e.valueOffset, e.valueOffset + 1) : undefined;
  };
  const dms = (tag: number) => {
    const e = gps.find((x) => x.tag === tag);
    if (!e || e.count !== 3) return undefined;
    const at = u32(e.valueOffset);
    const r = (i: number) => u32(at + i * 8) / u32(at + i * 8 + 4);
    return r(0) + r(1) / 60 + r(2) / 3600;
  };
  const lat = dms(2);
  const lng = dms(4);
  if (lat === undefined || lng === undefined) return undefined;
  return { lat: ref(1) === "S" ? -lat : lat, lng: ref(3) === "W" ? -lng : lng };
}
