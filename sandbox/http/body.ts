import type { IncomingMessage } from "node:http";
import { HubSpotError, validation } from "@/sandbox/errors";

const MAX_JSON_BYTES = 5 * 1024 * 1024;

export async function readRaw(req: IncomingMessage, limit = MAX_JSON_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HubSpotError(413, "VALIDATION_ERROR", "Request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses JSON and reports errors the way HubSpot's Jackson-based gateway does (line/column). */
export function parseJson(text: string): unknown {
  if (text.trim() === "") throw validation("Invalid input JSON on line 1, column 1: No content to map due to end-of-input");
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : text.length;
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    const column = pos - before.lastIndexOf("\n");
    throw validation(`Invalid input JSON on line ${line}, column ${column}: ${msg.replace(/ in JSON at position \d+.*$/, "")}`);
  }
}
