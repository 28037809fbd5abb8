import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The embedded database must be closed before the process exits on Ctrl-C / SIGTERM
 * (PGlite's data directory can be left unrecoverable otherwise). A child process
 * opens PGlite in a temp directory, writes a row, installs lib/server/shutdown.ts with a closer that
 * is deliberately slow and leaves a marker file once the database is closed, and is sent a signal.
 * The marker proves the close finished before exit; the row proves the data is still readable.
 */
const root = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const fixture = `
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
const [dir, competing] = process.argv.slice(1);
const db = await PGlite.create(dir + "/db");
await db.exec("create table t (v text); insert into t values ('kept')");
const { installShutdownHandlers } = await import("./lib/server/shutdown.ts");
const closeSlowly = async () => {
  await sleep(300);
  await db.close();
  writeFileSync(dir + "/closed", "yes");
};
installShutdownHandlers([closeSlowly], { log: () => {} });
// Like Next.js's own cleanup: exits as soon as it has drained, without knowing about the database.
if (competing === "yes") process.on("SIGINT", () => process.exit(130));
if (competing === "yes") process.on("SIGTERM", () => process.exit(143));
console.log("ready");
setInterval(() => {}, 1000);
`;

async function runAndSignal(signal: NodeJS.Signals, competing: boolean): Promise<{ code: number | null; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "duret-shutdown-"));
  dirs.push(dir);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "--input-type=module", "-e", fixture, dir, competing ? "yes" : "no"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`fixture exited early (${code})`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill(signal);
  return { code: await exited, dir };
}

async function countRows(dir: string): Promise<number> {
  const db = await PGlite.create(path.join(dir, "db"));
  try {
    const res = await db.query<{ n: number }>("select count(*)::int as n from t");
    return res.rows[0]?.n ?? -1;
  } finally {
    await db.close();
  }
}

describe("clean shutdown of the embedded database", () => {
  it("closes PGlite on SIGINT and exits 130 when nothing else handles the signal", async () => {
    const { code, dir } = await runAndSignal("SIGINT", false);
    expect(code).toBe(130);
    expect(existsSync(path.join(dir, "closed"))).toBe(true);
    expect(await countRows(dir)).toBe(1);
  });

  it("defers a competing handler's process.exit (Next.js's) until the database is closed", async () => {
    const { code, dir } = await runAndSignal("SIGTERM", true);
    expect(code).toBe(143);
    expect(existsSync(path.join(dir, "closed"))).toBe(true);
    expect(await countRows(dir)).toBe(1);
  });
});
