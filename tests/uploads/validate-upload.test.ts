import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors";
import { MESSAGE_UPLOAD_POLICY, PHOTO_UPLOAD_POLICY, safeFileName, validateUpload } from "@/lib/uploads/validate-upload";
import { receiveUpload } from "@/lib/uploads/receive-upload";

/** Every sharp() the code under test opens, with its options (decoding ones carry a pixel limit). */
const sharpOpened = vi.hoisted(() => [] as unknown[]);
vi.mock("sharp", async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof sharp }).default;
  const spy = Object.assign((...args: unknown[]) => {
    sharpOpened.push(args[1]);
    return (real as unknown as (...a: unknown[]) => unknown)(...args);
  }, real);
  return { default: spy };
});

async function rejection(promise: Promise<unknown>): Promise<{ reason: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.code).toBe("VALIDATION");
    return { reason: error.details?.reason, message: error.userMessage };
  }
  throw new Error("expected a rejection");
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A PNG whose header claims width × height, with only a few compressed zero rows: a decompression bomb. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = deflateSync(Buffer.alloc((width + 1) * 64), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", rows), chunk("IEND", Buffer.alloc(0))]);
}

async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: "#c0392b" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "Secret Model X", Artist: "Camille Martin" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2964/100", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 774/100" },
    })
    .toBuffer();
}

describe("validateUpload", () => {
  it("refuses an executable renamed to .jpg (type read from the bytes)", async () => {
    const elf = readFileSync(process.execPath).subarray(0, 64 * 1024);
    const r = await rejection(validateUpload(new Uint8Array(elf), "photo-tableau.jpg"));
    expect(r.reason).toBe("type");
    expect(r.message).toMatch(/n'est pas accepté/);
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0")]);
    exe.writeUInt32LE(64, 0x3c);
    expect((await rejection(validateUpload(new Uint8Array(exe), "devis.pdf"))).reason).toBe("type");
  });

  it("refuses a file over the byte limit before looking at it", async () => {
    const big = new Uint8Array(MESSAGE_UPLOAD_POLICY.maxBytes + 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const r = await rejection(validateUpload(big, "grosse.jpg"));
    expect(r.reason).toBe("too_large");
    expect(r.message).toContain("10 Mo");
  });

  it("refuses an image over the pixel limit (oversized image)", async () => {
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#ffffff" } }).png({ compressionLevel: 9 }).toBuffer();
    const r = await rejection(validateUpload(new Uint8Array(huge), "panorama.png"));
    expect(r.reason).toBe("pixels");
    expect(r.message).toContain("8000 × 6000");
  });

  it("refuses a decompression bomb without inflating it", async () => {
    const bomb = bombPng(60_000, 60_000);
    expect(bomb.byteLength).toBeLessThan(100_000);
    const before = process.memoryUsage().rss;
    sharpOpened.length = 0;
    const r = await rejection(validateUpload(new Uint8Array(bomb), "bombe.png"));
    expect(r.reason).toBe("pixels");
    // Only its header was read: no decoder was ever opened on it.
    expect(sharpOpened).toEqual([{ limitInputPixels: false }]);
    // 3.6 billion pixels were never decoded.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("strips EXIF (GPS, camera, author) from a JPEG and keeps the picture", async () => {
    const input = await jpegWithGps();
    const inputMeta = await sharp(input).metadata();
    expect(inputMeta.exif?.toString("latin1")).toContain("Secret Model X");
    const out = await validateUpload(new Uint8Array(input), "IMG_0042.JPG");
    const meta = await sharp(out.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    const raw = Buffer.from(out.bytes).toString("latin1");
    expect(raw).not.toContain("Exif");
    expect(raw).not.toContain("Secret Model X");
    expect(raw).not.toContain("Camille");
    expect(out).toMatchObject({ mimeType: "image/jpeg", extension: "jpg", fileName: "IMG_0042.jpg", width: 640, height: 480 });
  });

  it("accepts a clean PDF for messages, refuses it for photos and refuses active PDFs", async () => {
    const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1"));
    await expect(validateUpload(pdf, "devis concurrent.pdf")).resolves.toMatchObject({ mimeType: "application/pdf", fileName: "devis concurrent.pdf" });
    expect((await rejection(validateUpload(pdf, "x.pdf", PHOTO_UPLOAD_POLICY))).reason).toBe("type");
    const active = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n", "latin1"));
    expect((await rejection(validateUpload(active, "x.pdf"))).reason).toBe("pdf_active");
  });

  it("refuses an empty or truncated image with a reason", async () => {
    expect((await rejection(validateUpload(new Uint8Array(0), "vide.jpg"))).reason).toBe("empty");
    const jpeg = await jpegWithGps();
    const truncated = new Uint8Array(jpeg.subarray(0, 400));
    expect(["corrupt", "type"]).toContain((await rejection(validateUpload(truncated, "coupée.jpg"))).reason);
  });

  it("makes safe file names with the real extension", () => {
    expect(safeFileName("../../etc/passwd", "jpg")).toBe("passwd.jpg");
    expect(safeFileName("facture<script>.exe", "pdf")).toBe("facture-script.pdf");
    expect(safeFileName("", "png")).toBe("fichier.png");
  });
});

describe("receiveUpload (busboy)", () => {
  function multipart(bytes: Uint8Array, name: string): Request {
    const form = new FormData();
    form.set("file", new Blob([Buffer.from(bytes)]), name);
    return new Request("http://localhost/upload", { method: "POST", body: form });
  }

  it("reads the file and its name", async () => {
    const got = await receiveUpload(multipart(new Uint8Array([1, 2, 3]), "a.jpg"), MESSAGE_UPLOAD_POLICY);
    expect(got.fileName).toBe("a.jpg");
    expect([...got.bytes]).toEqual([1, 2, 3]);
  });

  it("reads an accented file name sent as raw UTF-8, in NFC", async () => {
    // As browsers send it: the name's UTF-8 bytes inside filename="…" (no filename*=).
    for (const sent of ["photoé tableau.png", "photoe\u0301 tableau.png"]) {
      const boundary = "----duret-test-boundary";
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${sent}"\r\nContent-Type: image/png\r\n\r\n`, "utf8"),
        Buffer.from([1, 2, 3]),
        Buffer.from(`\r\n--${boundary}--\r\n`, "utf8"),
      ]);
      const request = new Request("http://localhost/upload", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
      const got = await receiveUpload(request, MESSAGE_UPLOAD_POLICY);
      expect(got.fileName).toBe("photo\u00e9 tableau.png");
      expect(safeFileName(got.fileName, "png")).toBe("photo\u00e9 tableau.png");
    }
  });

  it("stops at the byte limit with a French reason", async () => {
    const policy = { ...MESSAGE_UPLOAD_POLICY, maxBytes: 1024 };
    const r = await rejection(receiveUpload(multipart(new Uint8Array(200_000), "big.jpg"), policy));
    expect(r.reason).toBe("too_large");
  });

  it("refuses a request that is not multipart", async () => {
    const r = await rejection(receiveUpload(new Request("http://localhost/upload", { method: "POST", body: "x" }), MESSAGE_UPLOAD_POLICY));
    expect(r.reason).toBe("empty");
  });
});
