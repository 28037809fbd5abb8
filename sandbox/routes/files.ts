import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import busboy from "busboy";
import { conflict, HubSpotError, notFound, validation } from "@/sandbox/errors";
import type { HandlerResult, RequestContext, Router } from "@/sandbox/http/router";
import type { SandboxStore } from "@/sandbox/store";
import type { SandboxFileMeta } from "@/sandbox/types";

const MAX_UPLOAD = 50 * 1024 * 1024;
const ACCESS = ["PRIVATE", "PUBLIC_NOT_INDEXABLE", "PUBLIC_INDEXABLE"] as const;
/** Path of the signed download (outside HubSpot's API paths: it stands for HubSpot's file CDN). */
export const SIGNED_PREFIX = "/_hubfs/signed";

export interface FileSigner {
  sign(id: string, expires: number, size: string): string;
  verify(id: string, expires: number, size: string, signature: string): boolean;
}
export function createFileSigner(key: string): FileSigner {
  const mac = (id: string, expires: number, size: string) => createHmac("sha256", key).update(`${id}\n${expires}\n${size}`).digest("base64url");
  return {
    sign: mac,
    verify(id, expires, size, signature) {
      const expected = Buffer.from(mac(id, expires, size));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

function fileType(ext: string): SandboxFileMeta["type"] {
  if (["jpg", "jpeg", "png", "gif", "webp", "svg", "heic"].includes(ext)) return "IMG";
  if (["pdf", "doc", "docx", "xls", "xlsx", "txt", "csv", "odt"].includes(ext)) return "DOCUMENT";
  return "OTHER";
}
const MIME: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp", pdf: "application/pdf", txt: "text/plain", csv: "text/csv" };

export function serializeFile(f: SandboxFileMeta, baseUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    archived: f.archived,
    parentFolderId: f.parentFolderId,
    name: f.name,
    path: f.path,
    size: f.size,
    type: f.type,
    extension: f.extension,
    access: f.access,
    isUsableInContent: f.access !== "PRIVATE",
    // Private files have a URL, but it answers 403 without a signature (as HubSpot's CDN does).
    url: `${baseUrl}/_hubfs${encodeURI(f.path)}`,
    encoding: f.extension,
  };
  if (f.width !== undefined) out.width = f.width;
  if (f.height !== undefined) out.height = f.height;
  return out;
}

/** JPEG/PNG dimensions without decoding (enough for HubSpot's width/height). */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      i += 2 + len;
    }
  }
  return undefined;
}

interface Upload {
  fields: Record<string, string>;
  file?: { name: string; bytes: Buffer; mimeType: string };
}
function parseMultipart(ctx: RequestContext): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.headers, limits: { fileSize: MAX_UPLOAD, files: 1, fields: 20 } });
    } catch {
      reject(validation("Invalid multipart request: expected multipart/form-data"));
      return;
    }
    const upload: Upload = { fields: {} };
    bb.on("field", (name, value) => (upload.fields[name] = value));
    bb.on("file", (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => reject(new HubSpotError(413, "VALIDATION_ERROR", "File too large")));
      stream.on("end", () => (upload.file = { name: info.filename ?? "file", bytes: Buffer.concat(chunks), mimeType: info.mimeType }));
    });
    bb.on("error", () => reject(validation("Invalid multipart request")));
    bb.on("close", () => resolve(upload));
    ctx.req.pipe(bb);
  });
}

export function registerFileRoutes(router: Router, store: SandboxStore, signer: FileSigner): void {
  for (const base of ["/files/v3/files", "/files/:apiVersion/files"]) {
    router.post(base, async (ctx) => upload(store, ctx));
    router.get(`${base}/:fileId`, (ctx) => ({ status: 200, body: serializeFile(requireFile(store, ctx.params.fileId!), ctx.baseUrl) }));
    router.delete(`${base}/:fileId`, (ctx) => {
      store.archiveFile(ctx.params.fileId!);
      return { status: 204 };
    });
    router.get(`${base}/:fileId/signed-url`, (ctx) => {
      const f = requireFile(store, ctx.params.fileId!);
      const size = ctx.query.get("size") ?? "";
      if (size && !["thumb", "icon", "medium", "preview"].includes(size)) throw validation(`Invalid size: ${size}`);
      const seconds = Number(ctx.query.get("expirationSeconds") ?? 3600);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 6 * 3600) throw validation("expirationSeconds must be between 1 and 21600");
      const expires = Date.now() + seconds * 1000;
      const q = new URLSearchParams({ expires: String(expires), size, signature: signer.sign(f.id, expires, size) });
      const body: Record<string, unknown> = {
        url: `${ctx.baseUrl}${SIGNED_PREFIX}/${encodeURIComponent(f.id)}/${encodeURIComponent(`${f.name}.${f.extension}`)}?${q.toString()}`,
        expiresAt: new Date(expires).toISOString(),
        name: f.name,
        extension: f.extension,
        type: f.type,
        size: f.size,
      };
      if (f.width !== undefined) body.width = f.width;
      if (f.height !== undefined) body.height = f.height;
      return { status: 200, body };
    });
    router.get(`${base}/:fileId/download`, async (ctx) => download(store, ctx.params.fileId!));
  }
}

function requireFile(store: SandboxStore, id: string): SandboxFileMeta {
  const f = store.fileMeta(id);
  if (!f || f.archived) throw notFound(`File ${id} not found`);
  return f;
}

export async function download(store: SandboxStore, id: string): Promise<HandlerResult> {
  const f = requireFile(store, id);
  const bytes = await store.fileData(id);
  if (!bytes) throw notFound(`File ${id} has no content`);
  return { status: 200, raw: { contentType: f.mimeType, bytes, fileName: `${f.name}.${f.extension}` } };
}

/** The signed URL handler: no token, but a valid unexpired HMAC signature. */
export async function signedDownload(store: SandboxStore, signer: FileSigner, id: string, query: URLSearchParams): Promise<HandlerResult> {
  const expires = Number(query.get("expires"));
  const size = query.get("size") ?? "";
  const signature = query.get("signature") ?? "";
  if (!Number.isFinite(expires) || !signature || !signer.verify(id, expires, size, signature) || Date.now() > expires)
    throw new HubSpotError(403, "FORBIDDEN", "Access denied: the signed URL is invalid or has expired");
  return download(store, id);
}

async function upload(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const up = await parseMultipart(ctx);
  if (!up.file) throw validation("Missing file", [{ message: "file is required", in: "file", code: "REQUIRED" }]);
  let options: Record<string, unknown> = {};
  if (up.fields.options) {
    try {
      options = JSON.parse(up.fields.options) as Record<string, unknown>;
    } catch {
      throw validation("Invalid options JSON", [{ message: "options must be JSON", in: "options" }]);
    }
  }
  const access = options.access;
  if (typeof access !== "string" || !(ACCESS as readonly string[]).includes(access))
    throw validation("options.access is required: PRIVATE, PUBLIC_NOT_INDEXABLE or PUBLIC_INDEXABLE", [{ message: "access is required", in: "options.access", code: "REQUIRED" }]);
  if (!up.fields.folderPath && !up.fields.folderId) throw validation("folderId or folderPath is required", [{ message: "folderId or folderPath is required", in: "folderPath" }]);
  const fullName = up.fields.fileName || up.file.name;
  const dot = fullName.lastIndexOf(".");
  const extension = dot > 0 ? fullName.slice(dot + 1).toLowerCase() : "";
  const name = dot > 0 ? fullName.slice(0, dot) : fullName;
  const folder = (up.fields.folderPath ?? `/folder-${up.fields.folderId}`).replace(/\/+$/, "");
  // Duplicate validation (HubSpot's upload options): RETURN_EXISTING answers the duplicate instead of
  // uploading, REJECT refuses; scope EXACT_FOLDER or ENTIRE_PORTAL. HubSpot's docs do not say what
  // makes a duplicate: modelled strictly as the same bytes (a re-sent upload), not the same name.
  const strategy = options.duplicateValidationStrategy ?? "NONE";
  if (strategy !== "NONE") {
    if (strategy !== "RETURN_EXISTING" && strategy !== "REJECT") throw validation(`Invalid duplicateValidationStrategy: ${String(strategy)}`);
    const exactFolder = (options.duplicateValidationScope ?? "ENTIRE_PORTAL") === "EXACT_FOLDER";
    const digest = createHash("sha256").update(up.file.bytes).digest("hex");
    for (const f of store.listFiles()) {
      if (exactFolder && f.path.slice(0, f.path.lastIndexOf("/")) !== (folder.startsWith("/") ? folder : `/${folder}`)) continue;
      const bytes = await store.fileData(f.id);
      if (!bytes || createHash("sha256").update(bytes).digest("hex") !== digest) continue;
      if (strategy === "REJECT") throw conflict(`Duplicate file found: ${f.id}`, "DUPLICATE_FILE");
      return { status: 200, body: serializeFile(f, ctx.baseUrl) };
    }
  }
  const now = new Date().toISOString();
  const dims = fileType(extension) === "IMG" ? imageSize(up.file.bytes) : undefined;
  const meta: SandboxFileMeta = {
    id: store.newId(),
    name,
    extension,
    type: fileType(extension),
    mimeType: MIME[extension] ?? (up.file.mimeType || "application/octet-stream"),
    size: up.file.bytes.length,
    access: access as SandboxFileMeta["access"],
    path: `${folder.startsWith("/") ? "" : "/"}${folder}/${name}${extension ? `.${extension}` : ""}`,
    parentFolderId: up.fields.folderId,
    ...(dims ?? {}),
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  await store.addFile(meta, new Uint8Array(up.file.bytes));
  return { status: 201, body: serializeFile(meta, ctx.baseUrl) };
}
