/**
 * `npm run dev` / `npm start`: the one command a newcomer runs.
 *
 * 1. loads .env files the way Next.js does;
 * 2. without HUBSPOT_ACCESS_TOKEN, starts the local HubSpot sandbox in this process (or reuses
 *    one already answering on HUBSPOT_SANDBOX_PORT);
 * 3. runs `next dev` or `next start` (building first when there is no build) as a child process,
 *    listening on HOST (127.0.0.1 unless told otherwise: the demo is not open to the network);
 * 4. on SIGINT/SIGTERM, lets Next close its database cleanly, then flushes and closes the sandbox,
 *    and exits with Next's exit code.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
// @next/env is CommonJS: its named exports are not visible to Node's ESM loader.
import nextEnv from "@next/env";
import { nextServerArgs, portalUrl } from "./next-command";

type Mode = "dev" | "start";
const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run.ts dev|start");
  process.exit(2);
}

const root = process.cwd();
nextEnv.loadEnvConfig(root, mode === "dev");
const { getEnv } = await import("@/lib/env");
const env = getEnv();
const nextBin = path.join(root, "node_modules", ".bin", "next");

function log(message: string): void {
  console.log(`[duret] ${message}`);
}

/** Runs a command to completion with inherited output; resolves to its exit code. */
function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 1)));
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : signal === "SIGKILL" ? 9 : 1;
}

async function sandboxAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/_sandbox/health`, { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

interface RunningSandbox {
  url: string;
  smtpPort?: number;
  close(): Promise<void>;
  flush(): Promise<void>;
}

async function startSandbox(): Promise<RunningSandbox | undefined> {
  if (!env.sandbox) {
    log(`HubSpot réel (${env.hubspotBasePath}) : pas de sandbox.`);
    return undefined;
  }
  if (env.HUBSPOT_BASE_PATH) {
    log(`HUBSPOT_BASE_PATH=${env.HUBSPOT_BASE_PATH} : la sandbox n'est pas démarrée ici.`);
    return undefined;
  }
  const port = env.HUBSPOT_SANDBOX_PORT;
  if (await sandboxAnswers(port)) {
    log(`Sandbox HubSpot déjà lancée sur le port ${port} : réutilisée.`);
    return undefined;
  }
  const { createSandbox } = await import("../sandbox/server");
  const webhookSecret = env.webhookSecret;
  const captures = env.mailCaptured || env.smsCaptured;
  const create = (smtpPort: number) =>
    createSandbox({
      port,
      host: "127.0.0.1",
      token: env.HUBSPOT_SANDBOX_TOKEN,
      dataDir: env.DATA_DIR,
      quiet: true,
      // Local SMTP capture + fake Twilio, shown on /dev/outbox (only when no real provider is set).
      ...(captures ? { captures: { smtpPort } } : {}),
      ...(webhookSecret
        ? {
            webhook: {
              url: new URL("/api/webhooks/hubspot", env.SITE_URL).toString(),
              secret: webhookSecret,
              portalId: Number(env.HUBSPOT_PORTAL_ID),
              subscriptions: env.SANDBOX_WEBHOOKS,
            },
          }
        : {}),
    });
  try {
    let sandbox;
    try {
      sandbox = await create(env.SANDBOX_SMTP_PORT);
    } catch (error) {
      const e = error as { code?: string; port?: number };
      if (!(captures && e.code === "EADDRINUSE" && e.port === env.SANDBOX_SMTP_PORT)) throw error;
      // Another capture (a second checkout, an e2e run) holds the SMTP port: take a free one and
      // hand it to Next below, so this portal still mails its own capture.
      sandbox = await create(0);
      log(`Port SMTP ${env.SANDBOX_SMTP_PORT} occupé : capture des e-mails sur le port ${sandbox.smtpPort}.`);
    }
    log(`Sandbox HubSpot : ${sandbox.url} (données dans ${path.resolve(env.DATA_DIR)})`);
    if (sandbox.smtpPort) log(`E-mails et SMS capturés (SMTP :${sandbox.smtpPort}) : http://localhost:${env.PORT}/dev/outbox`);
    return sandbox;
  } catch (error) {
    // Another process may have grabbed the port in between: reuse it if it is a sandbox.
    if (await sandboxAnswers(port)) {
      log(`Sandbox HubSpot déjà lancée sur le port ${port} : réutilisée.`);
      return undefined;
    }
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") {
      console.error(
        `[duret] Le port ${port} est occupé par autre chose qu'une sandbox HubSpot. ` +
          `Libérez-le ou choisissez HUBSPOT_SANDBOX_PORT dans .env.local.`,
      );
      process.exit(1);
    }
    throw error;
  }
}

async function ensureBuild(): Promise<void> {
  if (existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  log("Aucun build de production trouvé (.next/BUILD_ID) : lancement de `next build` d'abord…");
  const code = await run(nextBin, ["build"]);
  if (code !== 0) {
    console.error(`[duret] next build a échoué (code ${code}).`);
    process.exit(code);
  }
}

async function main(m: Mode): Promise<void> {
  if (m === "start") await ensureBuild();
  const sandbox = await startSandbox();

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(env.PORT),
    // `next dev` SIGKILLs its server 100 ms after forwarding a signal by default, which is too
    // short for the embedded database to close (instrumentation-node.ts).
    NEXT_EXIT_TIMEOUT_MS: process.env.NEXT_EXIT_TIMEOUT_MS ?? "15000",
    ...(sandbox?.smtpPort ? { SANDBOX_SMTP_PORT: String(sandbox.smtpPort) } : {}),
  };
  const child: ChildProcess = spawn(nextBin, nextServerArgs(m, env), { stdio: "inherit", env: childEnv });
  log(`Portail : ${portalUrl(env)}${env.sandbox ? " (mode démo)" : ""} — écoute sur ${env.HOST}`);

  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  const forward = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C already reaches the whole process group; forwarding covers `kill <pid>`.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    if (!stopping) {
      stopping = true;
      killTimer = setTimeout(() => {
        console.error("[duret] Next ne s'est pas arrêté à temps : arrêt forcé.");
        child.kill("SIGKILL");
      }, 30_000);
      killTimer.unref();
    }
  };
  process.on("SIGINT", () => forward("SIGINT"));
  process.on("SIGTERM", () => forward("SIGTERM"));

  const exitCode = await new Promise<number>((resolve) => {
    child.on("error", (error) => {
      console.error("[duret] impossible de lancer Next.js:", error);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 1)));
  });
  if (killTimer) clearTimeout(killTimer);

  if (sandbox) {
    try {
      await sandbox.flush();
      await sandbox.close();
    } catch (error) {
      console.error("[duret] fermeture de la sandbox:", error);
    }
  }
  process.exit(exitCode);
}

await main(mode);
