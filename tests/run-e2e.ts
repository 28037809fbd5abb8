/**
 * The e2e half of `npm test`: runs Playwright in Debian's Chromium against a portal started on free
 * ports with a throw-away data directory. Without a Chromium it says so loudly and passes, unless
 * REQUIRE_E2E=1 (set by .ci/run), where a missing browser is a failure.
 * Extra arguments go to `playwright test` (e.g. `tsx tests/run-e2e.ts --project=mobile`).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (p): p is string => Boolean(p),
);

function findChromium(): string | undefined {
  for (const candidate of CANDIDATES) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const chromium = findChromium();
if (!chromium) {
  const required = process.env.REQUIRE_E2E === "1";
  const bar = "!".repeat(78);
  console.error(
    [
      bar,
      "!! TESTS END-TO-END NON LANCÉS : aucun Chromium trouvé.",
      `!! Cherché : ${CANDIDATES.join(", ")}`,
      "!! Installez-le (Debian) : sudo apt-get update && sudo apt-get install -y chromium",
      "!! ou indiquez son chemin dans CHROMIUM_PATH.",
      required ? "!! REQUIRE_E2E=1 : échec." : "!! Les tests unitaires et d'intégration ont tourné ; e2e ignorés.",
      bar,
    ].join("\n"),
  );
  process.exit(required ? 1 : 0);
}

const [port, sandboxPort] = await Promise.all([freePort(), freePort()]);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "duret-e2e-"));
console.log(`[e2e] Chromium ${chromium}, portail :${port}, sandbox :${sandboxPort}, données ${dataDir}`);

const child = spawn(path.join("node_modules", ".bin", "playwright"), ["test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    CHROMIUM_PATH: chromium,
    E2E_PORT: String(port),
    E2E_SANDBOX_PORT: String(sandboxPort),
    E2E_DATA_DIR: dataDir,
    // The server's session secret, passed explicitly (playwright.config.ts): the specs forge cookies with it.
    E2E_AUTH_SECRET: randomBytes(32).toString("base64url"),
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));

const code = await new Promise<number>((resolve) => {
  child.on("error", (error) => {
    console.error("[e2e] impossible de lancer Playwright :", error);
    resolve(1);
  });
  child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});
rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
